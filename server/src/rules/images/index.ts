// Container image rules (IMG…), in catalogue order.
import type { Rule } from '../types';
import { imageTagNotPinned } from './IMG001-image-tag-not-pinned';
import { imageNotDigest } from './IMG002-image-not-digest';
import { imagePullPolicy } from './IMG003-image-pull-policy';
import { imageRegistryNotAllowed } from './IMG004-image-registry-not-allowed';

export const IMAGE_RULES: Rule[] = [imageTagNotPinned, imageNotDigest, imagePullPolicy, imageRegistryNotAllowed];

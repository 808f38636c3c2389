// Metadata and API rules (META…, API001), in catalogue order.
import type { Rule } from '../types';
import { requiredLabels } from './META001-required-labels';
import { invalidLabelOrAnnotation } from './META002-invalid-label-or-annotation';
import { defaultNamespace } from './META003-default-namespace';
import { invalidObjectName } from './META004-invalid-object-name';
import { removedApi } from './API001-removed-api';

export const METADATA_RULES: Rule[] = [requiredLabels, invalidLabelOrAnnotation, defaultNamespace, invalidObjectName, removedApi];

// Namespace-level rules that look across the workspace (RES006–RES007), in catalogue order.
import type { Rule } from '../types';
import { namespaceWithoutLimitRange } from './RES006-namespace-without-limitrange';
import { namespaceWithoutResourceQuota } from './RES007-namespace-without-resourcequota';

export const NAMESPACE_RULES: Rule[] = [namespaceWithoutLimitRange, namespaceWithoutResourceQuota];

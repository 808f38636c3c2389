// Every best-practice rule, in catalogue order. A new rule is one file plus one line in its family's index.ts.
import type { Rule } from './types';
import { SECURITY_RULES } from './security';
import { RBAC_RULES } from './rbac';
import { IMAGE_RULES } from './images';
import { RESOURCE_RULES } from './resources';
import { NAMESPACE_RULES } from './namespaces';
import { RELIABILITY_RULES } from './reliability';
import { AUTOSCALING_RULES } from './autoscaling';
import { OPERATIONS_RULES } from './operations';
import { NETWORK_RULES } from './network';
import { METADATA_RULES } from './metadata';

export const ALL_RULES: Rule[] = [
  ...SECURITY_RULES,
  ...RBAC_RULES,
  ...IMAGE_RULES,
  ...RESOURCE_RULES,
  ...NAMESPACE_RULES,
  ...RELIABILITY_RULES,
  ...AUTOSCALING_RULES,
  ...OPERATIONS_RULES,
  ...NETWORK_RULES,
  ...METADATA_RULES,
];

const BY_ID = new Map(ALL_RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

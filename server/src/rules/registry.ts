// Every best-practice rule, in catalogue order. A new rule is one file plus one line here.
import type { Rule } from './types';
import { privilegedContainer } from './security/SEC001-privileged-container';
import { hostNetwork, hostPid, hostIpc } from './security/SEC002-004-host-namespaces';

export const ALL_RULES: Rule[] = [
  privilegedContainer,
  hostNetwork,
  hostPid,
  hostIpc,
];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}

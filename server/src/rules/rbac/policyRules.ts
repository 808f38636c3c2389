// Reading RBAC PolicyRules: which verbs on which resources a Role or ClusterRole grants.
import type { YamlPath } from '../../parse/yamlPath';
import type { Obj } from '../types';

export interface PolicyRule {
  path: YamlPath;
  verbs: string[];
  resources: string[];
  apiGroups: string[];
  resourceNames: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Every entry of `rules` (not only the first, unlike Checkov's CKV_K8S_49). */
export function policyRules(object: Obj): PolicyRule[] {
  const rules = Array.isArray(object.rules) ? object.rules : [];
  return rules.flatMap((r, i) => {
    if (typeof r !== 'object' || r === null) return [];
    const rule = r as Obj;
    return [
      {
        path: ['rules', i],
        verbs: strings(rule.verbs),
        resources: strings(rule.resources),
        apiGroups: strings(rule.apiGroups),
        resourceNames: strings(rule.resourceNames),
      },
    ];
  });
}

/** The first verb of the rule that grants one of `verbs` (`*` grants all), for pointing at it. */
export function grantedVerb(rule: PolicyRule, verbs: string[]): string | undefined {
  return rule.verbs.find((v) => v === '*' || verbs.includes(v));
}

export const verbPath = (rule: PolicyRule, verb: string): YamlPath => [...rule.path, 'verbs', rule.verbs.indexOf(verb)];

/** Core group (`""`) or any group (`*`). */
export const inCoreGroup = (rule: PolicyRule): boolean => rule.apiGroups.includes('') || rule.apiGroups.includes('*');

/** Built-in roles that exist to grant broad access, which the exec/escalation rules leave alone. */
export const isBuiltinBroadRole = (name: string | undefined): boolean =>
  name === 'admin' || name === 'edit' || name === 'cluster-admin' || (name?.startsWith('system:') ?? false);

export const RBAC_ROLE_KINDS = ['Role', 'ClusterRole'];
export const RBAC_BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding'];

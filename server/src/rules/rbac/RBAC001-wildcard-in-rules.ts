import type { Rule, RuleFinding } from '../types';
import { policyRules, RBAC_ROLE_KINDS } from './policyRules';

export const wildcardInRules: Rule = {
  meta: {
    id: 'RBAC001',
    name: 'wildcard-in-rules',
    title: 'Wildcard in RBAC rules',
    rationale:
      '`*` grants every verb or resource, including ones added later (new subresources, new CRDs): the role silently grows. A wildcard API group is reported as information.',
    fix: 'List explicit verbs and resources.',
    severity: 'warning',
    kinds: RBAC_ROLE_KINDS,
    profile: 'baseline',
    equivalents: { kubeLinter: ['wildcard-in-rules'], checkov: ['CKV_K8S_49'] },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const rule of policyRules(ctx.object)) {
      for (const field of ['verbs', 'resources', 'apiGroups'] as const) {
        const i = rule[field].indexOf('*');
        if (i < 0) continue;
        findings.push({
          path: [...rule.path, field, i],
          message: `${ctx.kind} \`${ctx.name ?? ''}\` grants \`*\` in \`rules[${String(rule.path[1])}].${field}\``,
          severity: field === 'apiGroups' ? 'info' : 'warning',
        });
      }
    }
    return findings;
  },
};

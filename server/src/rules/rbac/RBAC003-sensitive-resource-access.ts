import type { Rule } from '../types';
import { grantedVerb, inCoreGroup, policyRules, RBAC_ROLE_KINDS, verbPath } from './policyRules';

export const sensitiveResourceAccess: Rule = {
  meta: {
    id: 'RBAC003',
    name: 'sensitive-resource-access',
    title: 'Read access to Secrets',
    rationale: 'Reading Secrets reveals every credential in their namespace (or the cluster, for a ClusterRole), including service account tokens of more privileged workloads.',
    fix: 'Narrow with `resourceNames` or drop the verb.',
    severity: 'warning',
    kinds: RBAC_ROLE_KINDS,
    profile: 'baseline',
    equivalents: { kubeLinter: ['access-to-secrets', 'access-to-create-pods'], checkov: ['CKV2_K8S_5'] },
  },
  check(ctx) {
    // The catalogue's second, off-by-default condition (`create` on pods and controllers, I) has no switch of its
    // own, so only the Secrets part is reported.
    return policyRules(ctx.object).flatMap((rule) => {
      if (rule.resourceNames.length > 0 || !inCoreGroup(rule)) return [];
      if (!rule.resources.includes('secrets') && !rule.resources.includes('*')) return [];
      const verb = grantedVerb(rule, ['get', 'list', 'watch']);
      if (!verb) return [];
      return [{ path: verbPath(rule, verb), message: `${ctx.kind} \`${ctx.name ?? ''}\` can \`${verb}\` all Secrets (\`rules[${String(rule.path[1])}]\`)` }];
    });
  },
};

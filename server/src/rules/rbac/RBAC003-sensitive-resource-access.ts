import type { Rule, RuleFinding } from '../types';

/** Resources whose `create` lets the holder start pods: [API group, resource]. */
const POD_MAKERS: [string, string][] = [
  ['', 'pods'],
  ['apps', 'deployments'],
  ['apps', 'statefulsets'],
  ['apps', 'replicasets'],
  ['apps', 'daemonsets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
];
import { grantedVerb, inCoreGroup, policyRules, RBAC_ROLE_KINDS, verbPath } from './policyRules';

export const sensitiveResourceAccess: Rule = {
  meta: {
    id: 'RBAC003',
    name: 'sensitive-resource-access',
    title: 'Read access to Secrets',
    rationale: 'Reading Secrets reveals every credential in their namespace (or the cluster, for a ClusterRole), including service account tokens of more privileged workloads.',
    fix: 'Narrow with `resourceNames` or drop the verb.',
    severity: 'warning',
    optional: '`create` on pods or on controllers that make pods (deployments, statefulsets, replicasets, daemonsets, jobs, cronjobs): information (kube-linter `access-to-create-pods`).',
    kinds: RBAC_ROLE_KINDS,
    profile: 'baseline',
    equivalents: { kubeLinter: ['access-to-secrets', 'access-to-create-pods'], checkov: ['CKV2_K8S_5'] },
  },
  check(ctx) {
    return policyRules(ctx.object).flatMap((rule): RuleFinding[] => {
      if (ctx.optional) {
        const creates = POD_MAKERS.find(([group, resource]) => (rule.apiGroups.includes(group) || rule.apiGroups.includes('*')) && (rule.resources.includes(resource) || rule.resources.includes('*')));
        const verb = creates && grantedVerb(rule, ['create']);
        if (creates && verb) {
          return [{ path: verbPath(rule, verb), severity: 'info', message: `${ctx.kind} \`${ctx.name ?? ''}\` can create ${creates[1]} (\`rules[${String(rule.path[1])}]\`): whoever holds it can run any image as any ServiceAccount of the namespace` }];
        }
      }
      if (rule.resourceNames.length > 0 || !inCoreGroup(rule)) return [];
      if (!rule.resources.includes('secrets') && !rule.resources.includes('*')) return [];
      const verb = grantedVerb(rule, ['get', 'list', 'watch']);
      if (!verb) return [];
      return [{ path: verbPath(rule, verb), message: `${ctx.kind} \`${ctx.name ?? ''}\` can \`${verb}\` all Secrets (\`rules[${String(rule.path[1])}]\`)` }];
    });
  },
};

import type { Obj, Rule, RuleContext, RuleFinding } from '../types';
import { get } from '../workloads';
import { grantedVerb, inCoreGroup, isBuiltinBroadRole, policyRules, RBAC_BINDING_KINDS, RBAC_ROLE_KINDS, verbPath, type PolicyRule } from './policyRules';

const SHELL_RESOURCES = ['pods/exec', 'pods/attach', 'nodes/proxy'];
const SHELL_VERBS = ['create', 'get'];

export const execAttachProxy: Rule = {
  meta: {
    id: 'RBAC004',
    name: 'exec-attach-proxy',
    title: 'Exec, attach or node proxy access',
    rationale:
      '`pods/exec` and `pods/attach` open a shell in any pod the role reaches (and with it the pod\'s secrets and service account); `nodes/proxy` reaches the kubelet API, which can run commands in every pod of the node.',
    fix: 'Remove exec/attach/proxy access; use a break-glass role.',
    severity: 'error',
    kinds: [...RBAC_ROLE_KINDS, ...RBAC_BINDING_KINDS],
    profile: 'baseline',
    equivalents: {
      polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach', 'clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach'],
      checkov: ['CKV2_K8S_2'],
    },
    // Bindings are judged by the role they reference, looked up in the workspace.
    workspace: true,
    reads: ['Role', 'ClusterRole'],
  },
  check(ctx) {
    if (RBAC_ROLE_KINDS.includes(ctx.kind)) {
      if (isBuiltinBroadRole(ctx.name)) return [];
      return shellGrants(ctx.object).map(({ rule, verb, resource }) => ({
        path: verbPath(rule, verb),
        message: `${ctx.kind} \`${ctx.name ?? ''}\` grants \`${verb}\` on \`${resource}\``,
      }));
    }
    return bindingFindings(ctx);
  },
};

function shellGrants(role: Obj): { rule: PolicyRule; verb: string; resource: string }[] {
  return policyRules(role).flatMap((rule) => {
    const resource = SHELL_RESOURCES.find((r) => rule.resources.includes(r));
    const verb = grantedVerb(rule, SHELL_VERBS);
    return resource && verb && inCoreGroup(rule) ? [{ rule, verb, resource }] : [];
  });
}

/** A binding to a role in the workspace that grants exec/attach/proxy (the role itself is reported too). */
function bindingFindings(ctx: RuleContext): RuleFinding[] {
  const kind = get(ctx.object, ['roleRef', 'kind']);
  const name = get(ctx.object, ['roleRef', 'name']);
  if ((kind !== 'Role' && kind !== 'ClusterRole') || typeof name !== 'string' || isBuiltinBroadRole(name)) return [];
  if (kind === 'Role' && ctx.kind !== 'RoleBinding') return [];
  const role = ctx.index?.find(kind, name, kind === 'Role' ? ctx.namespace : undefined);
  if (!role) return [];
  const [grant] = shellGrants(role.object);
  if (!grant) return [];
  return [{ path: ['roleRef', 'name'], message: `${ctx.kind} \`${ctx.name ?? ''}\` binds ${kind} \`${name}\`, which grants \`${grant.verb}\` on \`${grant.resource}\`` }];
}

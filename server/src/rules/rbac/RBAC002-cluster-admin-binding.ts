import type { Rule } from '../types';
import { get } from '../workloads';
import { RBAC_BINDING_KINDS } from './policyRules';

export const clusterAdminBinding: Rule = {
  meta: {
    id: 'RBAC002',
    name: 'cluster-admin-binding',
    title: 'Binding to cluster-admin',
    rationale: '`cluster-admin` can do anything on every resource; a subject bound to it is one token leak away from owning the cluster.',
    fix: 'Bind a narrower (Cluster)Role made for this subject.',
    severity: 'error',
    kinds: RBAC_BINDING_KINDS,
    profile: 'baseline',
    equivalents: {
      kubeLinter: ['cluster-admin-role-binding'],
      polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole'],
    },
  },
  check(ctx) {
    // The cluster's own bindings (`cluster-admin`, `system:*`) are meant to do this.
    if (ctx.name === 'cluster-admin' || ctx.name?.startsWith('system:')) return [];
    const kind = get(ctx.object, ['roleRef', 'kind']);
    if (get(ctx.object, ['roleRef', 'name']) !== 'cluster-admin') return [];
    if (kind !== 'ClusterRole' && !(ctx.kind === 'RoleBinding' && kind === 'Role')) return [];
    return [{ path: ['roleRef', 'name'], message: `${ctx.kind} \`${ctx.name ?? ''}\` binds ${String(kind)} \`cluster-admin\`` }];
  },
};

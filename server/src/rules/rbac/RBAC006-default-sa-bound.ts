import type { Rule } from '../types';
import { RBAC_BINDING_KINDS } from './policyRules';

export const defaultServiceAccountBound: Rule = {
  meta: {
    id: 'RBAC006',
    name: 'default-sa-bound',
    title: 'Permissions bound to the default ServiceAccount',
    rationale: 'Every pod that names no ServiceAccount runs as `default`: permissions bound to it go to all of them, not just the workload that needed them.',
    fix: 'Bind a dedicated ServiceAccount.',
    severity: 'warning',
    kinds: RBAC_BINDING_KINDS,
    profile: 'baseline',
    equivalents: { checkov: ['CKV_K8S_42'] },
  },
  check(ctx) {
    const subjects = Array.isArray(ctx.object.subjects) ? ctx.object.subjects : [];
    return subjects.flatMap((s, i) => {
      const subject = s as { kind?: unknown; name?: unknown; namespace?: unknown } | null;
      if (subject?.kind !== 'ServiceAccount' || subject.name !== 'default') return [];
      const ns = typeof subject.namespace === 'string' ? subject.namespace : ctx.namespace;
      return [{ path: ['subjects', i, 'name'], message: `${ctx.kind} \`${ctx.name ?? ''}\` binds the \`default\` ServiceAccount${ns ? ` of namespace \`${ns}\`` : ''}` }];
    });
  },
};

import type { Rule } from '../types';
import { get } from '../workloads';
import { containerName, eachContainer, inUserNamespace } from './podSecurity';

export const procMount: Rule = {
  meta: {
    id: 'SEC016',
    name: 'proc-mount',
    title: 'Unmasked /proc',
    rationale:
      'A `procMount` other than `Default` exposes the parts of /proc the runtime masks (kernel and host information). Pod Security Standards forbid it, except in a user namespace at baseline.',
    fix: 'Remove `procMount` (or set `Default`).',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { pss: ['procMount', 'procMount_restricted'], kubeLinter: ['unsafe-proc-mount'], polaris: ['procMount'] },
  },
  check(ctx) {
    return eachContainer(ctx, (pod, c) => {
      const value = get(c.container, ['securityContext', 'procMount']);
      if (value === undefined || value === null || value === 'Default') return [];
      // PSA ≥1.35: baseline allows any procMount in a user namespace; restricted still requires Default.
      if (inUserNamespace(ctx, pod) && ctx.profile !== 'restricted') return [];
      const path = [...c.path, 'securityContext', 'procMount'];
      return [
        {
          path,
          message: `${containerName(c)} sets \`procMount: ${String(value)}\``,
          fixes: [{ title: 'Delete `procMount`', ops: [{ op: 'delete' as const, path }], isPreferred: true }],
        },
      ];
    });
  },
};

import type { Rule } from '../types';
import { containerLabel, get } from '../workloads';

export const privilegedContainer: Rule = {
  meta: {
    id: 'SEC001',
    name: 'privileged-container',
    title: 'Privileged container',
    rationale:
      'A privileged container has every capability and access to all host devices: escaping to the node is trivial. Pod Security Standards (baseline) forbid it.',
    fix: 'Delete `privileged` or set it to `false`; grant only the capability the workload needs.',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      pss: ['privileged'],
      kubeLinter: ['privileged-container'],
      polaris: ['runAsPrivileged'],
      kubeScore: ['container-security-context-privileged'],
      checkov: ['CKV_K8S_16'],
    },
  },
  check(ctx) {
    return ctx.podTemplates.flatMap((pod) =>
      pod.containers
        .filter((c) => get(c.container, ['securityContext', 'privileged']) === true)
        .map((c) => {
          const path = [...c.path, 'securityContext', 'privileged'];
          return {
            path,
            message: `${containerLabel(c)} runs privileged`,
            fixes: [{ title: 'Delete `privileged: true`', ops: [{ op: 'delete' as const, path }], isPreferred: true }],
          };
        }),
    );
  },
};

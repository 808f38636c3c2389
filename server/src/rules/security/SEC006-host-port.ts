import type { Rule } from '../types';
import { get } from '../workloads';
import { containerName, eachContainer } from './podSecurity';

export const hostPort: Rule = {
  meta: {
    id: 'SEC006',
    name: 'host-port',
    title: 'Container binds a host port',
    rationale:
      'A hostPort binds the port on the node itself: it bypasses network policy, limits where the pod can be scheduled and exposes it outside the cluster. Pod Security Standards (baseline) forbid it.',
    fix: 'Remove `hostPort`; expose the pod through a Service (NodePort or LoadBalancer) instead.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { pss: ['hostPorts'], polaris: ['hostPortSet'], checkov: ['CKV_K8S_26'] },
  },
  check(ctx) {
    return eachContainer(ctx, (_pod, c) => {
      const ports = Array.isArray(c.container.ports) ? c.container.ports : [];
      return ports.flatMap((p, j) => {
        const value = get(p, ['hostPort']);
        if (value === undefined || value === null || value === 0) return [];
        const path = [...c.path, 'ports', j, 'hostPort'];
        return [
          {
            path,
            message: `${containerName(c)} binds host port ${String(value)}`,
            fixes: [{ title: 'Delete `hostPort`', ops: [{ op: 'delete' as const, path }], isPreferred: true }],
          },
        ];
      });
    });
  },
};

import type { Rule } from '../types';
import { handlerKey } from './probes';
import { isLongRunning } from './related';
import { containerLabel } from '../workloads';

export const probesIdentical: Rule = {
  meta: {
    id: 'REL003',
    name: 'probes-identical',
    title: 'Liveness and readiness probes are identical',
    rationale:
      'When both probes check the same thing, a slow or overloaded pod is restarted instead of just taken out of the Service, which turns load into a restart loop.',
    fix: 'Make the liveness probe cheaper or laxer than readiness, or drop it.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeScore: ['pod-probes-identical'] },
  },
  check(ctx) {
    if (!isLongRunning(ctx.kind)) return [];
    return ctx.podTemplates.flatMap((pod) =>
      pod.containers
        .filter((c) => c.group === 'containers')
        .filter((c) => {
          const live = handlerKey(c.container.livenessProbe);
          return live !== undefined && live === handlerKey(c.container.readinessProbe);
        })
        .map((c) => ({
          path: [...c.path, 'livenessProbe'],
          message: `${containerLabel(c)} has the same liveness and readiness check`,
        })),
    );
  },
};

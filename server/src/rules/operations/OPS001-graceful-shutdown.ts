import type { Rule } from '../types';
import { isLongRunning } from '../reliability/related';

export const gracefulShutdown: Rule = {
  meta: {
    id: 'OPS001',
    name: 'graceful-shutdown',
    title: 'No time for a graceful shutdown',
    rationale: 'With `terminationGracePeriodSeconds: 0` the container is killed at once: in-flight requests fail and nothing is drained.',
    fix: 'Keep a grace period of at least the drain time and add a `preStop` sleep of a few seconds.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
  },
  check(ctx) {
    if (!isLongRunning(ctx.kind)) return [];
    return ctx.podTemplates
      .filter((pod) => pod.spec.terminationGracePeriodSeconds === 0)
      .map((pod) => ({
        path: [...pod.specPath, 'terminationGracePeriodSeconds'],
        message: '`terminationGracePeriodSeconds: 0` kills the containers without a chance to finish in-flight work',
      }));
  },
};

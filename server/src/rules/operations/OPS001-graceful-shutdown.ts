import type { Rule, RuleFinding } from '../types';
import { isLongRunning, servicesSelecting } from '../reliability/related';
import { containerLabel } from '../workloads';

export const gracefulShutdown: Rule = {
  meta: {
    id: 'OPS001',
    name: 'graceful-shutdown',
    title: 'No time for a graceful shutdown',
    rationale: 'With `terminationGracePeriodSeconds: 0` the container is killed at once: in-flight requests fail and nothing is drained.',
    fix: 'Keep a grace period of at least the drain time and add a `preStop` sleep of a few seconds.',
    severity: 'warning',
    optional:
      'Containers of Service-selected pods without a `preStop` hook: information. Endpoints are removed while the pod is already stopping; a short `preStop` sleep lets load balancers stop sending to it first.',
    kinds: 'workloads',
    profile: 'baseline',
    // The optional condition looks for Services selecting the pods.
    workspace: true,
    reads: ['Service'],
  },
  check(ctx) {
    if (!isLongRunning(ctx.kind)) return [];
    const findings: RuleFinding[] = [];
    for (const pod of ctx.podTemplates) {
      if (pod.spec.terminationGracePeriodSeconds === 0) {
        findings.push({
          path: [...pod.specPath, 'terminationGracePeriodSeconds'],
          message: '`terminationGracePeriodSeconds: 0` kills the containers without a chance to finish in-flight work',
        });
        continue;
      }
      if (!ctx.optional || servicesSelecting(ctx, pod.labels).length === 0) continue;
      for (const c of pod.containers) {
        if (c.group !== 'containers' || (c.container.lifecycle as { preStop?: unknown } | undefined)?.preStop !== undefined) continue;
        findings.push({
          path: [...c.path, 'name'],
          severity: 'info',
          message: `${containerLabel(c)} has no \`preStop\` hook: a Service still sends it requests while it shuts down`,
          fixes: [{ title: 'Add a 5-second `preStop` sleep', ops: [{ op: 'set', path: [...c.path, 'lifecycle', 'preStop'], value: { sleep: { seconds: 5 } } }], isPreferred: true }],
        });
      }
    }
    return findings;
  },
};

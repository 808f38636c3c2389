import type { Rule } from '../types';
import { get } from '../workloads';
import { autoscalersTargeting } from '../reliability/related';

export const hpaWithStaticReplicas: Rule = {
  meta: {
    id: 'HPA003',
    name: 'hpa-with-static-replicas',
    title: '`spec.replicas` set on an autoscaled workload',
    rationale: 'Every apply resets the replica count to `spec.replicas`, undoing the HPA until it scales again.',
    fix: 'Delete `spec.replicas`; the HPA owns the count.',
    severity: 'warning',
    kinds: ['Deployment', 'StatefulSet'],
    profile: 'baseline',
    equivalents: { kubeScore: ['deployment-targeted-by-hpa-does-not-have-replicas-configured'] },
    workspace: true,
    reads: ['HorizontalPodAutoscaler', 'ScaledObject'],
  },
  check(ctx) {
    const path = ['spec', 'replicas'];
    if (get(ctx.object, path) === undefined) return [];
    const hpa = autoscalersTargeting(ctx, { keda: false })[0];
    if (!hpa) return [];
    return [
      {
        path,
        message: `HorizontalPodAutoscaler \`${hpa.name ?? ''}\` scales ${ctx.kind} \`${ctx.name ?? ''}\`: each apply resets it to \`replicas: ${String(get(ctx.object, path))}\``,
        fixes: [{ title: 'Delete `spec.replicas`', ops: [{ op: 'delete', path }], isPreferred: true }],
      },
    ];
  },
};

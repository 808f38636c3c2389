import type { Rule } from '../types';
import { autoscalersTargeting } from '../reliability/related';

export const workloadWithoutHpa: Rule = {
  meta: {
    id: 'HPA004',
    name: 'workload-without-hpa',
    title: 'Workload without an autoscaler',
    rationale: 'A fixed replica count cannot follow load: too few pods under peaks, wasted capacity otherwise.',
    fix: 'Add an `autoscaling/v2` HorizontalPodAutoscaler on CPU, memory or a custom metric.',
    severity: 'off',
    kinds: ['Deployment', 'StatefulSet'],
    profile: 'baseline',
    workspace: true,
    reads: ['HorizontalPodAutoscaler', 'ScaledObject'],
  },
  check(ctx) {
    if (autoscalersTargeting(ctx, { keda: true }).length > 0) return [];
    return [{ path: ['metadata', 'name'], message: `No HorizontalPodAutoscaler or KEDA ScaledObject scales ${ctx.kind} \`${ctx.name ?? ''}\`` }];
  },
};

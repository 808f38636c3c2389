import type { Rule } from '../types';
import { get } from '../workloads';
import { servicesSelecting, templateLabels } from './related';

export const updateStrategy: Rule = {
  meta: {
    id: 'REL011',
    name: 'update-strategy',
    title: 'Recreate strategy behind a Service',
    rationale: 'The Recreate strategy stops every pod before starting new ones: the Service has no endpoints during each rollout.',
    fix: 'Use `RollingUpdate` with `maxUnavailable: 0` and `maxSurge: 1`.',
    severity: 'info',
    kinds: ['Deployment'],
    profile: 'baseline',
    equivalents: { kubeScore: ['deployment-strategy'], kubeLinter: ['no-rolling-update-strategy'] },
    workspace: true,
    reads: ['Service'],
  },
  check(ctx) {
    if (get(ctx.object, ['spec', 'strategy', 'type']) !== 'Recreate') return [];
    const service = servicesSelecting(ctx, templateLabels(ctx.object))[0];
    if (!service) return [];
    return [
      {
        path: ['spec', 'strategy', 'type'],
        message: `Deployment \`${ctx.name ?? ''}\` uses the Recreate strategy while Service \`${service.name ?? ''}\` selects its pods: every rollout is an outage`,
      },
    ];
  },
};

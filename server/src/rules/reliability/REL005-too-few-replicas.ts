import type { Rule } from '../types';
import { get } from '../workloads';
import { autoscalersTargeting, existingPath, replicasOf } from './related';

export const tooFewReplicas: Rule = {
  meta: {
    id: 'REL005',
    name: 'too-few-replicas',
    title: 'Fewer than two replicas',
    rationale: 'A single replica means downtime whenever its node is drained, its pod is evicted or a rollout replaces it.',
    fix: 'Set `replicas: 2` or more, or scale it with a HorizontalPodAutoscaler.',
    severity: 'warning',
    kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'],
    profile: 'baseline',
    equivalents: { polaris: ['deploymentMissingReplicas'], kubeScore: ['deployment-replicas'], kubeLinter: ['minimum-three-replicas'] },
    workspace: true,
    reads: ['HorizontalPodAutoscaler', 'ScaledObject'],
  },
  check(ctx) {
    const replicas = replicasOf(ctx.object);
    // An autoscaler owns the replica count (a KEDA ScaledObject does through the HPA it creates).
    if (replicas >= 2 || autoscalersTargeting(ctx).length > 0) return [];
    const path = ['spec', 'replicas'];
    const set = get(ctx.object, path) !== undefined;
    return [
      {
        path: existingPath(ctx.object, path),
        message: set
          ? `${ctx.kind} \`${ctx.name ?? ''}\` has ${replicas} replica${replicas === 1 ? '' : 's'}: every drain or eviction takes it down`
          : `${ctx.kind} \`${ctx.name ?? ''}\` has no \`spec.replicas\` (1 replica): every drain or eviction takes it down`,
        fixes: [{ title: 'Set `replicas: 2`', ops: [{ op: 'set', path, value: 2 }], isPreferred: true }],
      },
    ];
  },
};

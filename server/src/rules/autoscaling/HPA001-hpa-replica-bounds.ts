import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { existingPath } from '../reliability/related';

export const hpaReplicaBounds: Rule = {
  meta: {
    id: 'HPA001',
    name: 'hpa-replica-bounds',
    title: 'HorizontalPodAutoscaler replica bounds',
    rationale: 'An HPA that may scale to one replica loses availability at its minimum; `maxReplicas` at or below `minReplicas` leaves nothing to scale.',
    fix: 'Set `minReplicas: 2` and `maxReplicas` above it.',
    severity: 'info',
    kinds: ['HorizontalPodAutoscaler'],
    profile: 'baseline',
    equivalents: { polaris: ['hpaMinAvailability', 'hpaMaxAvailability'], kubeScore: ['horizontalpodautoscaler-replicas'], kubeLinter: ['hpa-minimum-three-replicas'] },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const set = get(ctx.object, ['spec', 'minReplicas']);
    const min = typeof set === 'number' ? set : 1;
    if (min < 2) {
      findings.push({
        path: existingPath(ctx.object, ['spec', 'minReplicas']),
        message: set === undefined ? 'No `minReplicas` (defaults to 1): at its minimum the workload has a single replica' : `\`minReplicas: ${min}\` lets the workload scale down to ${min === 1 ? 'a single replica' : 'no replicas'}`,
      });
    }
    const max = get(ctx.object, ['spec', 'maxReplicas']);
    if (typeof max === 'number' && max <= min) {
      findings.push({
        path: ['spec', 'maxReplicas'],
        severity: max < min ? 'error' : 'warning',
        message: max < min ? `\`maxReplicas: ${max}\` is below \`minReplicas: ${min}\`: the apiserver rejects it` : `\`maxReplicas: ${max}\` equals \`minReplicas\`: the autoscaler can never scale`,
      });
    }
    return findings;
  },
};

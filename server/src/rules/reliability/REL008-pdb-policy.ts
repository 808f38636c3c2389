import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { existingPath } from './related';

export const pdbPolicy: Rule = {
  meta: {
    id: 'REL008',
    name: 'pdb-policy',
    title: 'PodDisruptionBudget without a policy',
    rationale:
      'A budget with neither `minAvailable` nor `maxUnavailable` protects nothing; without `unhealthyPodEvictionPolicy: AlwaysAllow` pods that never become ready can block drains.',
    fix: 'Set `maxUnavailable` and `unhealthyPodEvictionPolicy: AlwaysAllow`.',
    severity: 'warning',
    kinds: ['PodDisruptionBudget'],
    profile: 'baseline',
    equivalents: { kubeScore: ['poddisruptionbudget-has-policy'], kubeLinter: ['pdb-unhealthy-pod-eviction-policy'] },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    if (get(ctx.object, ['spec', 'minAvailable']) === undefined && get(ctx.object, ['spec', 'maxUnavailable']) === undefined) {
      const path = ['spec', 'maxUnavailable'];
      findings.push({
        path: existingPath(ctx.object, path),
        message: `PodDisruptionBudget \`${ctx.name ?? ''}\` sets neither \`minAvailable\` nor \`maxUnavailable\``,
        fixes: [{ title: 'Set `maxUnavailable: 1`', ops: [{ op: 'set', path, value: 1 }], isPreferred: true }],
      });
    }
    if (get(ctx.object, ['spec', 'unhealthyPodEvictionPolicy']) === undefined) {
      const path = ['spec', 'unhealthyPodEvictionPolicy'];
      findings.push({
        path: existingPath(ctx.object, path),
        severity: 'info',
        message: `PodDisruptionBudget \`${ctx.name ?? ''}\` has no \`unhealthyPodEvictionPolicy\`: pods that never become ready can block drains`,
        fixes: [{ title: 'Set `unhealthyPodEvictionPolicy: AlwaysAllow`', ops: [{ op: 'set', path, value: 'AlwaysAllow' }], isPreferred: true }],
      });
    }
    return findings;
  },
};

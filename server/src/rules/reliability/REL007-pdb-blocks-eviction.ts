import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { matchesLabelSelector } from '../selectors';
import { autoscalersOf, hpaMinReplicas, inNamespace, replicasOf, templateLabels } from './related';
import { podSelectionAndReplicasView } from '../readViews';

const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** `minAvailable` as a pod count for `replicas` pods (percentages round up, as the disruption controller does). */
function minAvailableCount(value: unknown, replicas: number): number | undefined {
  if (typeof value === 'number') return value;
  const pct = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return pct ? Math.ceil((Number(pct[1]) * replicas) / 100) : undefined;
}

export const pdbBlocksEviction: Rule = {
  meta: {
    id: 'REL007',
    name: 'pdb-blocks-eviction',
    title: 'PodDisruptionBudget allows no disruption',
    rationale: 'A budget that allows no eviction blocks node drains and cluster upgrades until someone deletes it by hand.',
    fix: 'Allow at least one disruption, e.g. `maxUnavailable: 1`.',
    severity: 'warning',
    kinds: ['PodDisruptionBudget'],
    profile: 'baseline',
    equivalents: { kubeLinter: ['pdb-max-unavailable', 'pdb-min-available'], polaris: ['pdbDisruptionsIsZero', 'pdbMinAvailableGreaterThanHPAMinReplicas'] },
    workspace: true,
    reads: ['workloads', 'HorizontalPodAutoscaler', 'ScaledObject'],
    readsView: podSelectionAndReplicasView,
  },
  check(ctx) {
    const max = get(ctx.object, ['spec', 'maxUnavailable']);
    const min = get(ctx.object, ['spec', 'minAvailable']);
    if (max === 0 || max === '0' || max === '0%') {
      return [{ path: ['spec', 'maxUnavailable'], message: `\`maxUnavailable: ${String(max)}\` allows no pod to be evicted: node drains block` }];
    }
    if (min === '100%') return [{ path: ['spec', 'minAvailable'], message: '`minAvailable: 100%` allows no pod to be evicted: node drains block' }];
    if (min === undefined) return [];
    const selector = get(ctx.object, ['spec', 'selector']);
    const findings: RuleFinding[] = [];
    for (const w of REPLICATED_KINDS.flatMap((k) => inNamespace(ctx, k))) {
      if (!matchesLabelSelector(selector, templateLabels(w.object))) continue;
      const hpa = autoscalersOf(ctx, w.kind, w.name, false)[0];
      if (hpa) {
        const floor = hpaMinReplicas(hpa);
        const needed = minAvailableCount(min, floor);
        if (needed !== undefined && needed > floor) {
          findings.push({ path: ['spec', 'minAvailable'], message: `\`minAvailable: ${String(min)}\` is more than the \`minReplicas: ${floor}\` of HorizontalPodAutoscaler \`${hpa.name ?? ''}\` scaling ${w.kind} \`${w.name ?? ''}\`: at that size no pod can be evicted` });
        }
      } else {
        const replicas = replicasOf(w.object);
        const needed = minAvailableCount(min, replicas);
        if (needed !== undefined && needed >= replicas) {
          findings.push({ path: ['spec', 'minAvailable'], message: `\`minAvailable: ${String(min)}\` is not below the ${replicas} replica${replicas === 1 ? '' : 's'} of ${w.kind} \`${w.name ?? ''}\`: no pod can be evicted` });
        }
      }
    }
    return findings.slice(0, 1);
  },
};

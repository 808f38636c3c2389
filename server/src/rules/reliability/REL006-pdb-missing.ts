import { stringify } from 'yaml';
import type { Obj, Rule } from '../types';
import { get } from '../workloads';
import { autoscalersTargeting, existingPath, pdbsSelecting, replicasOf, templateLabels } from './related';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A PDB allowing one disruption, selecting what the workload selects. */
function pdbFor(name: string, namespace: string | undefined, selector: Obj): string {
  return stringify({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector },
  });
}

export const pdbMissing: Rule = {
  meta: {
    id: 'REL006',
    name: 'pdb-missing',
    title: 'No PodDisruptionBudget for a replicated workload',
    rationale: 'Without a PodDisruptionBudget a node drain may evict all replicas at once.',
    fix: 'Add a PodDisruptionBudget with `maxUnavailable: 1` selecting the pod labels.',
    severity: 'info',
    kinds: ['Deployment', 'StatefulSet'],
    profile: 'baseline',
    equivalents: { kubeScore: ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'], polaris: ['missingPodDisruptionBudget'] },
    workspace: true,
    reads: ['PodDisruptionBudget', 'HorizontalPodAutoscaler', 'ScaledObject'],
  },
  check(ctx) {
    if (replicasOf(ctx.object) < 2 && autoscalersTargeting(ctx).length === 0) return [];
    const labels = templateLabels(ctx.object);
    if (pdbsSelecting(ctx, labels).length > 0) return [];
    const selector = get(ctx.object, ['spec', 'selector']);
    const pdbSelector = isObj(selector) && (selector.matchLabels || selector.matchExpressions) ? selector : { matchLabels: labels };
    return [
      {
        path: existingPath(ctx.object, ['spec', 'template', 'metadata', 'labels']),
        message: `No PodDisruptionBudget selects the pods of ${ctx.kind} \`${ctx.name ?? ''}\`: a drain may evict all replicas at once`,
        fixes: [{ title: 'Add a PodDisruptionBudget (`maxUnavailable: 1`)', ops: [{ op: 'appendDocument', text: () => pdbFor(ctx.name ?? 'app', ctx.namespace, pdbSelector) }] }],
      },
    ];
  },
};

import type { Rule } from '../types';
import { get } from '../workloads';
import { inNamespace } from '../reliability/related';
import { podSelectionView } from '../readViews';

export const hpaTargetMissing: Rule = {
  meta: {
    id: 'HPA002',
    name: 'hpa-target-missing',
    title: 'HorizontalPodAutoscaler target not found',
    rationale: 'An HPA whose `scaleTargetRef` names no object scales nothing.',
    fix: 'Point `scaleTargetRef` at the Deployment or StatefulSet to scale.',
    severity: 'warning',
    kinds: ['HorizontalPodAutoscaler'],
    profile: 'baseline',
    equivalents: { kubeLinter: ['dangling-horizontalpodautoscaler'], kubeScore: ['horizontalpodautoscaler-has-target'] },
    workspace: true,
    reads: ['workloads'],
    readsView: podSelectionView,
  },
  check(ctx) {
    const kind = get(ctx.object, ['spec', 'scaleTargetRef', 'kind']);
    const name = get(ctx.object, ['spec', 'scaleTargetRef', 'name']);
    if (typeof kind !== 'string' || typeof name !== 'string') return [];
    if (inNamespace(ctx, kind).some((o) => o.name === name)) return [];
    return [{ path: ['spec', 'scaleTargetRef', 'name'], message: `No ${kind} \`${name}\` in ${ctx.namespace ? `namespace \`${ctx.namespace}\`` : 'this namespace'} in the workspace: the autoscaler scales nothing` }];
  },
};

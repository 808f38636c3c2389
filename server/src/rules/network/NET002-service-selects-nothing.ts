import type { Rule } from '../types';
import { describeSelector, matchesMapSelector } from '../selectors';
import { isObj, podsInNamespace } from './workspaceObjects';
import { podSelectionView } from '../readViews';

export const serviceSelectsNothing: Rule = {
  meta: {
    id: 'NET002',
    name: 'service-selects-nothing',
    title: 'Service selects no pods',
    rationale: 'A Service whose selector matches no pod template has no endpoints: every connection to it fails.',
    fix: 'Fix the selector to the pod template labels.',
    severity: 'warning',
    kinds: ['Service'],
    profile: 'baseline',
    equivalents: { kubeLinter: ['dangling-service'], kubeScore: ['service-targets-pod'] },
    workspace: true,
    reads: ['workloads'],
    readsView: podSelectionView,
  },
  check(ctx) {
    const selector = (ctx.object.spec as { selector?: unknown } | undefined)?.selector;
    if (!ctx.index || !isObj(selector) || Object.keys(selector).length === 0) return [];
    const pods = podsInNamespace(ctx.index, ctx.config, ctx.namespace);
    // No workloads of that namespace in the workspace: they live elsewhere (another repository, a Helm chart).
    if (pods.length === 0) return [];
    if (pods.some((p) => matchesMapSelector(selector, p.template.labels))) return [];
    const where = ctx.namespace ? ` in namespace \`${ctx.namespace}\`` : '';
    return [{ path: ['spec', 'selector'], message: `Service \`${ctx.name ?? ''}\` selects no pods: no pod template${where} has the labels ${describeSelector(selector)}` }];
  },
};

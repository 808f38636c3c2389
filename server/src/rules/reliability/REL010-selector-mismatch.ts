import { matchesLabelSelector, matchesMapSelector } from '../selectors';
import type { Obj, Rule } from '../types';
import type { YamlPath } from '../../parse/yamlPath';
import { get } from '../workloads';
import { templateLabels } from './related';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first selector requirement the labels fail, as a path under `spec.selector`. */
function firstFailure(selector: Obj, labels: Record<string, string>): YamlPath | undefined {
  if (isObj(selector.matchLabels)) {
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      if (!matchesMapSelector({ [k]: v }, labels)) return ['matchLabels', k];
    }
  }
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  const i = exprs.findIndex((e) => !matchesLabelSelector({ matchExpressions: [e] }, labels));
  return i >= 0 ? ['matchExpressions', i] : undefined;
}

export const selectorMismatch: Rule = {
  meta: {
    id: 'REL010',
    name: 'selector-mismatch',
    title: 'Selector does not match the pod template labels',
    rationale: 'The apiserver rejects a workload whose selector does not select its own pod template.',
    fix: 'Make `selector.matchLabels` a subset of the template labels.',
    severity: 'error',
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'],
    profile: 'baseline',
    equivalents: {
      kubeLinter: ['mismatching-selector'],
      kubeScore: ['deployment-pod-selector-labels-match-template-metadata-labels', 'statefulset-pod-selector-labels-match-template-metadata-labels'],
    },
  },
  check(ctx) {
    // A Job's selector is generated unless set by hand (manualSelector).
    const selector = get(ctx.object, ['spec', 'selector']);
    if (!isObj(selector)) return [];
    const labels = templateLabels(ctx.object);
    const failure = firstFailure(selector, labels);
    if (!failure) return [];
    const expr = failure[0] === 'matchExpressions' ? ((selector.matchExpressions as Obj[])[failure[1] as number] ?? {}) : {};
    const what =
      failure[0] === 'matchLabels'
        ? `\`${String(failure[1])}: ${String((selector.matchLabels as Obj)[failure[1]])}\``
        : `expression \`${String(expr.key)} ${String(expr.operator)}\``;
    return [
      {
        path: ['spec', 'selector', ...failure],
        message: `The selector's ${what} does not match the pod template labels: the apiserver rejects the ${ctx.kind}`,
      },
    ];
  },
};

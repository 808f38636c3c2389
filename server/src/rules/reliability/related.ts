// Cross-object lookups shared by the reliability, autoscaling and operations rules (Services, PDBs, HPAs).
import { matchesLabelSelector, matchesMapSelector, type Labels } from '../selectors';
import type { Obj, RuleContext } from '../types';
import { get } from '../workloads';
import type { IndexedObject } from '../../workspace/objects';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object without a namespace matches only others without one: both are in the same, unknown namespace. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === b;
}

/** The workspace's objects of one kind in the linted object's namespace. */
export function inNamespace(ctx: RuleContext, kind: string): IndexedObject[] {
  return (ctx.index?.ofKind(kind) ?? []).filter((o) => sameNamespace(o.namespace, ctx.namespace));
}

/** `spec.replicas`, defaulting to 1 as the apiserver does. */
export function replicasOf(object: Obj): number {
  const r = get(object, ['spec', 'replicas']);
  return typeof r === 'number' ? r : 1;
}

/** The pod template labels of a Deployment-like object. */
export function templateLabels(object: Obj): Labels {
  const labels = get(object, ['spec', 'template', 'metadata', 'labels']);
  return isObj(labels) ? (labels as Labels) : {};
}

/** Services of the namespace whose (non-empty) selector selects these pod labels; a Service without one selects nothing. */
export function servicesSelecting(ctx: RuleContext, labels: Labels): IndexedObject[] {
  return inNamespace(ctx, 'Service').filter((s) => {
    const selector = get(s.object, ['spec', 'selector']);
    return isObj(selector) && Object.keys(selector).length > 0 && matchesMapSelector(selector, labels);
  });
}

/** PodDisruptionBudgets of the namespace whose selector selects these pod labels. */
export function pdbsSelecting(ctx: RuleContext, labels: Labels): IndexedObject[] {
  return inNamespace(ctx, 'PodDisruptionBudget').filter((p) => matchesLabelSelector(get(p.object, ['spec', 'selector']), labels));
}

/** HPAs (and, with `keda`, KEDA ScaledObjects, which own an HPA) whose `scaleTargetRef` is this object. */
export function autoscalersTargeting(ctx: RuleContext, opts: { keda: boolean } = { keda: true }): IndexedObject[] {
  return autoscalersOf(ctx, ctx.kind, ctx.name, opts.keda);
}

export function autoscalersOf(ctx: RuleContext, kind: string, name: string | undefined, keda = true): IndexedObject[] {
  if (!name) return [];
  const kinds = keda ? ['HorizontalPodAutoscaler', 'ScaledObject'] : ['HorizontalPodAutoscaler'];
  return kinds.flatMap((k) =>
    inNamespace(ctx, k).filter((a) => {
      const ref = get(a.object, ['spec', 'scaleTargetRef']);
      if (!isObj(ref)) return false;
      // A ScaledObject's target kind defaults to Deployment.
      const refKind = ref.kind ?? (k === 'ScaledObject' ? 'Deployment' : undefined);
      return refKind === kind && ref.name === name;
    }),
  );
}

/** An HPA's `spec.minReplicas`, defaulting to 1. */
export function hpaMinReplicas(hpa: IndexedObject): number {
  const m = get(hpa.object, ['spec', 'minReplicas']);
  return typeof m === 'number' ? m : 1;
}

/** Wlong of the catalogue: workloads that keep running (Jobs and CronJobs finish, so no probes or spread). */
export function isLongRunning(kind: string): boolean {
  return kind !== 'Job' && kind !== 'CronJob';
}

/**
 * The longest existing prefix of `path`: a finding about a missing field is reported on the mapping that
 * should hold it (the `spec:` key), not on that mapping's first entry.
 */
export function existingPath(object: Obj, path: (string | number)[]): (string | number)[] {
  let n = path.length;
  while (n > 0 && get(object, path.slice(0, n)) === undefined) n--;
  return path.slice(0, n);
}

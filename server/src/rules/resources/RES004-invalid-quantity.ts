import type { YamlPath } from '../../parse/yamlPath';
import { groupOf, isBuiltinGroup } from '../../schema/apiGroups';
import type { Obj, Rule, RuleContext, RuleFinding } from '../types';
import { get } from '../workloads';
import { isQuantity } from './quantity';

export const invalidQuantity: Rule = {
  meta: {
    id: 'RES004',
    name: 'invalid-quantity',
    title: 'Invalid resource quantity',
    rationale:
      'Resource amounts must be Kubernetes quantities (`500m`, `256Mi`, `1Gi`); anything else is rejected by the API server, or by the custom resource\'s controller when it builds the pod.',
    fix: 'Use e.g. `500m`, `256Mi`, `1Gi`.',
    severity: 'error',
    // Workloads (including configured pod template kinds), LimitRange, ResourceQuota and
    // PersistentVolumeClaim: `quantities` picks them, since a kinds list cannot name configured kinds.
    kinds: 'all',
    profile: 'baseline',
    // Needs the workspace to know whether a CustomResourceDefinition already validates the object.
    workspace: true,
    reads: ['CustomResourceDefinition'],
  },
  check(ctx) {
    if (validatedBySchema(ctx)) return [];
    const findings: RuleFinding[] = [];
    for (const path of quantities(ctx)) {
      const value = get(ctx.object, path);
      if (value === undefined || value === null || isQuantity(value)) continue;
      const name = String(path[path.length - 1]);
      findings.push({ path, message: `\`${name}: ${show(value)}\` is not a valid quantity (examples: \`500m\`, \`256Mi\`, \`1Gi\`)` });
    }
    return findings;
  },
};

/** The path of every quantity in the object, by kind. */
function quantities(ctx: RuleContext): YamlPath[] {
  const maps = quantityMaps(ctx).flatMap((path) => {
    const map = get(ctx.object, path);
    return isObj(map) ? Object.keys(map).map((name) => [...path, name]) : [];
  });
  const sizeLimits = ctx.podTemplates.flatMap((pod) =>
    (Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []).map((_, i) => [...pod.specPath, 'volumes', i, 'emptyDir', 'sizeLimit']),
  );
  return [...maps, ...sizeLimits];
}

/** Every mapping of resource name → quantity in the object. */
function quantityMaps(ctx: RuleContext): YamlPath[] {
  const spec = isObj(ctx.object.spec) ? ctx.object.spec : {};
  const items = (key: string) => (Array.isArray(spec[key]) ? (spec[key] as unknown[]) : []);
  switch (ctx.kind) {
    case 'LimitRange':
      return items('limits').flatMap((_, i) => ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'].map((k) => ['spec', 'limits', i, k]));
    case 'ResourceQuota':
      return [['spec', 'hard']];
    case 'PersistentVolumeClaim':
      return [['spec', 'resources', 'requests'], ['spec', 'resources', 'limits']];
  }
  const paths: YamlPath[] = [];
  for (const pod of ctx.podTemplates) {
    paths.push([...pod.specPath, 'resources', 'requests'], [...pod.specPath, 'resources', 'limits'], [...pod.specPath, 'overhead']);
    for (const c of pod.containers) paths.push([...c.path, 'resources', 'requests'], [...c.path, 'resources', 'limits']);
  }
  if (ctx.podTemplates.length) items('volumeClaimTemplates').forEach((_, i) => paths.push(['spec', 'volumeClaimTemplates', i, 'spec', 'resources', 'requests']));
  return paths;
}

/**
 * Built-in kinds, and custom resources whose CustomResourceDefinition is in the workspace, are validated by the
 * schema stage, which already reports a malformed quantity (`schema`): reporting it again would double it.
 * What is left is workloads the schema stage cannot check (e.g. an Argo Rollout or a configured pod template
 * kind without its CRD).
 */
function validatedBySchema(ctx: RuleContext): boolean {
  const group = groupOf(ctx.apiVersion);
  if (isBuiltinGroup(group)) return true;
  return (ctx.index?.ofKind('CustomResourceDefinition') ?? []).some((crd) => {
    const spec = crd.object.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
    return spec?.group === group && spec.names?.kind === ctx.kind;
  });
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

import type { YamlPath } from '../../parse/yamlPath';
import type { Rule, RuleContext, RuleFinding } from '../types';
import { containerLabel, get } from '../workloads';
import { definedNames, REF_SOURCE_KINDS, type RefKind } from './definedNames';
import { isObj } from './workspaceObjects';

interface Reference {
  kind: RefKind;
  name: string;
  path: YamlPath;
  /** Where the reference is, for the message (`container \`web\` envFrom`). */
  where: string;
}

/** The references of the catalogue's REF001 paths, plus `imagePullSecrets`; `optional: true` ones are left out. */
function references(ctx: RuleContext): Reference[] {
  const refs: Reference[] = [];
  const add = (kind: RefKind, holder: unknown, field: string, path: YamlPath, where: string) => {
    if (!isObj(holder) || holder.optional === true || typeof holder[field] !== 'string' || holder[field] === '') return;
    refs.push({ kind, name: holder[field], path: [...path, field], where });
  };
  for (const pod of ctx.podTemplates) {
    const sa = pod.spec.serviceAccountName;
    // Every namespace has a `default` ServiceAccount.
    if (typeof sa === 'string' && sa !== '' && sa !== 'default') refs.push({ kind: 'ServiceAccount', name: sa, path: [...pod.specPath, 'serviceAccountName'], where: 'serviceAccountName' });
    const pullSecrets = pod.spec.imagePullSecrets;
    if (Array.isArray(pullSecrets)) pullSecrets.forEach((s, i) => add('Secret', s, 'name', [...pod.specPath, 'imagePullSecrets', i], 'imagePullSecrets'));
    for (const c of pod.containers) {
      const name = `${containerLabel(c, false)}`;
      const env = c.container.env;
      if (Array.isArray(env)) {
        env.forEach((e, i) => {
          const base: YamlPath = [...c.path, 'env', i, 'valueFrom'];
          add('ConfigMap', get(e, ['valueFrom', 'configMapKeyRef']), 'name', [...base, 'configMapKeyRef'], `${name} env`);
          add('Secret', get(e, ['valueFrom', 'secretKeyRef']), 'name', [...base, 'secretKeyRef'], `${name} env`);
        });
      }
      const envFrom = c.container.envFrom;
      if (Array.isArray(envFrom)) {
        envFrom.forEach((e, i) => {
          add('ConfigMap', get(e, ['configMapRef']), 'name', [...c.path, 'envFrom', i, 'configMapRef'], `${name} envFrom`);
          add('Secret', get(e, ['secretRef']), 'name', [...c.path, 'envFrom', i, 'secretRef'], `${name} envFrom`);
        });
      }
    }
    const volumes = pod.spec.volumes;
    if (!Array.isArray(volumes)) continue;
    volumes.forEach((v, i) => {
      const base: YamlPath = [...pod.specPath, 'volumes', i];
      const where = `volume \`${String(get(v, ['name']))}\``;
      add('ConfigMap', get(v, ['configMap']), 'name', [...base, 'configMap'], where);
      add('Secret', get(v, ['secret']), 'secretName', [...base, 'secret'], where);
      add('PersistentVolumeClaim', get(v, ['persistentVolumeClaim']), 'claimName', [...base, 'persistentVolumeClaim'], where);
    });
  }
  return refs;
}

export const referencedObjectMissing: Rule = {
  meta: {
    id: 'REF001',
    name: 'referenced-object-missing',
    title: 'Referenced object missing',
    rationale: 'A pod that references a ConfigMap, Secret, ServiceAccount or PersistentVolumeClaim that does not exist never starts.',
    fix: 'Create the object, fix the name, or mark the reference `optional: true`.',
    severity: 'info',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeLinter: ['non-existent-service-account', 'env-value-from'] },
    workspace: true,
    reads: REF_SOURCE_KINDS,
  },
  check(ctx) {
    if (!ctx.index) return [];
    const findings: RuleFinding[] = [];
    for (const ref of references(ctx)) {
      const names = definedNames(ctx.index, ref.kind);
      // The catalogue's noise guard: a workspace with no object of that kind manages them elsewhere
      // (sealed-secrets, external-secrets, a Helm chart), so nothing can be said about this name.
      if (!names.any) continue;
      if (names.has(ref.name, ctx.namespace)) continue;
      const where = ctx.namespace ? ` for namespace \`${ctx.namespace}\`` : '';
      findings.push({ path: ref.path, message: `${ref.kind} \`${ref.name}\` (${ref.where}) is not defined in the workspace${where}` });
    }
    return findings;
  },
};

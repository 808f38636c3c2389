// The ConfigMap/Secret/ServiceAccount/PVC names the workspace defines, directly or through the objects that
// produce them in the cluster (kustomize generators, SealedSecret, ExternalSecret, cert-manager Certificate).
import { get } from '../workloads';
import type { IndexedObject, ObjectIndex } from '../../workspace/objects';
import { isObj, sameNamespace } from './workspaceObjects';

export type RefKind = 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim';

export interface DefinedNames {
  /** The workspace holds at least one object of the kind itself (the catalogue's condition for REF001 to speak). */
  any: boolean;
  has(name: string, namespace: string | undefined): boolean;
}

/** Every kind that can define a referenced name (what REF001 reads from the index). */
export const REF_SOURCE_KINDS = ['ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'Kustomization', 'SealedSecret', 'ExternalSecret', 'Certificate'];

type Entry = { name: string; namespace?: string };

function producedNames(o: IndexedObject, kind: RefKind): Entry[] {
  const group = o.apiVersion.split('/')[0];
  if (o.kind === 'Kustomization' && group === 'kustomize.config.k8s.io') {
    const generators = get(o.object, [kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator']);
    if (kind !== 'ConfigMap' && kind !== 'Secret') return [];
    const ns = typeof o.object.namespace === 'string' ? o.object.namespace : undefined;
    return (Array.isArray(generators) ? generators : [])
      .filter(isObj)
      .filter((g) => typeof g.name === 'string')
      .map((g) => ({ name: g.name as string, namespace: typeof g.namespace === 'string' ? g.namespace : ns }));
  }
  if (kind !== 'Secret') return [];
  const one = (name: unknown): Entry[] => (typeof name === 'string' ? [{ name, namespace: o.namespace }] : []);
  if (o.kind === 'SealedSecret' && group === 'bitnami.com') return one(get(o.object, ['spec', 'template', 'metadata', 'name']) ?? o.name);
  if (o.kind === 'ExternalSecret' && group === 'external-secrets.io') return one(get(o.object, ['spec', 'target', 'name']) ?? o.name);
  if (o.kind === 'Certificate' && group === 'cert-manager.io') return one(get(o.object, ['spec', 'secretName']));
  return [];
}

const cache = new WeakMap<ObjectIndex, { version: number; byKind: Map<RefKind, DefinedNames> }>();

export function definedNames(index: ObjectIndex, kind: RefKind): DefinedNames {
  let entry = cache.get(index);
  if (!entry || entry.version !== index.version) {
    entry = { version: index.version, byKind: new Map() };
    cache.set(index, entry);
  }
  let names = entry.byKind.get(kind);
  if (!names) {
    const own = index.ofKind(kind).filter((o) => o.apiVersion === 'v1');
    const all: Entry[] = [
      ...own.filter((o) => o.name !== undefined).map((o) => ({ name: o.name!, namespace: o.namespace })),
      ...['Kustomization', 'SealedSecret', 'ExternalSecret', 'Certificate'].flatMap((k) => index.ofKind(k)).flatMap((o) => producedNames(o, kind)),
    ];
    const byName = new Map<string, Entry[]>();
    for (const e of all) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
    names = { any: own.length > 0, has: (name, namespace) => (byName.get(name) ?? []).some((e) => sameNamespace(e.namespace, namespace)) };
    entry.byKind.set(kind, names);
  }
  return names;
}

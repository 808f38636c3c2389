// What the cross-object network rules look up in the workspace: pod templates and Services by namespace.
import type { RulesConfig } from '../config';
import type { Obj } from '../types';
import { findPodTemplates, type PodTemplate } from '../workloads';
import type { IndexedObject, ObjectIndex } from '../../workspace/objects';

export interface WorkspacePod {
  owner: IndexedObject;
  template: PodTemplate;
}

/**
 * Same namespace, where an unset namespace matches any: in Git the namespace often comes from
 * kustomize `namespace:` or `kubectl -n`, so an unset one must not produce a finding on its own.
 */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

// One pass over the index per index version: every Service or NetworkPolicy would otherwise rescan all workloads.
const podCache = new WeakMap<ObjectIndex, { version: number; key: string; pods: WorkspacePod[] }>();

/** Every pod template of the workspace (Argo Rollouts and configured `podTemplatePaths` included). */
export function workspacePods(index: ObjectIndex, config: RulesConfig): WorkspacePod[] {
  const key = JSON.stringify(config.podTemplatePaths);
  const cached = podCache.get(index);
  if (cached && cached.version === index.version && cached.key === key) return cached.pods;
  const pods: WorkspacePod[] = [];
  for (const owner of index.all()) {
    for (const template of findPodTemplates(owner.object, config.podTemplatePaths)) pods.push({ owner, template });
  }
  podCache.set(index, { version: index.version, key, pods });
  return pods;
}

export function podsInNamespace(index: ObjectIndex, config: RulesConfig, namespace: string | undefined): WorkspacePod[] {
  return workspacePods(index, config).filter((p) => sameNamespace(p.owner.namespace, namespace));
}

/** `Deployment/web` for messages. */
export function describeOwner(o: IndexedObject): string {
  return `${o.kind}/${o.name ?? '(unnamed)'}`;
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

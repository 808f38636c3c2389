// Every manifest object of the workspace (or of the CLI's inputs), for rules that look across objects.
import type { Obj } from './types';

export interface IndexedObject {
  /** File path or URI the object comes from. */
  source: string;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  labels: Record<string, string>;
  object: Obj;
}

export class WorkspaceIndex {
  private readonly bySource = new Map<string, { fingerprint: string; objects: IndexedObject[] }>();
  private byKind = new Map<string, IndexedObject[]>();
  private generation = 0;
  private dirty = false;

  /** Replaces one source's objects; `fingerprint` (e.g. the file text) avoids needless invalidation. */
  setSource(source: string, fingerprint: string, objects: IndexedObject[]): boolean {
    const before = this.bySource.get(source);
    if (before?.fingerprint === fingerprint) return false;
    if (objects.length === 0 && !before) return false;
    if (objects.length === 0) this.bySource.delete(source);
    else this.bySource.set(source, { fingerprint, objects });
    this.generation++;
    this.dirty = true;
    return true;
  }

  removeSource(source: string): boolean {
    if (!this.bySource.delete(source)) return false;
    this.generation++;
    this.dirty = true;
    return true;
  }

  /** Changes whenever any indexed object changes; caches of cross-object results key on it. */
  get version(): number {
    return this.generation;
  }

  get size(): number {
    let n = 0;
    for (const s of this.bySource.values()) n += s.objects.length;
    return n;
  }

  ofKind(kind: string): IndexedObject[] {
    if (this.dirty) this.rebuild();
    return this.byKind.get(kind) ?? [];
  }

  find(kind: string, name: string, namespace?: string): IndexedObject | undefined {
    return this.ofKind(kind).find((o) => o.name === name && (namespace === undefined || (o.namespace ?? namespace) === namespace));
  }

  all(): IndexedObject[] {
    return [...this.bySource.values()].flatMap((s) => s.objects);
  }

  private rebuild(): void {
    const byKind = new Map<string, IndexedObject[]>();
    for (const { objects } of this.bySource.values()) {
      for (const o of objects) {
        const list = byKind.get(o.kind);
        if (list) list.push(o);
        else byKind.set(o.kind, [o]);
      }
    }
    this.byKind = byKind;
    this.dirty = false;
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The indexable objects of one parsed value (a `kind: List` contributes its items). */
export function indexedObjects(source: string, value: unknown): IndexedObject[] {
  if (!isObj(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') return [];
  if (value.kind.endsWith('List') && Array.isArray(value.items)) return value.items.flatMap((i) => indexedObjects(source, i));
  const metadata = isObj(value.metadata) ? value.metadata : {};
  const labels = isObj(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
  return [
    {
      source,
      apiVersion: value.apiVersion,
      kind: value.kind,
      name: typeof metadata.name === 'string' ? metadata.name : undefined,
      namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
      labels,
      object: value,
    },
  ];
}

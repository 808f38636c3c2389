// Every manifest object of the workspace (or of the CLI's inputs), for rules that look across objects.

type Obj = Record<string, unknown>;

/** A fingerprint of the parts of an indexed object a workspace rule uses (see rules/readViews.ts). */
export type ReadView = (object: Obj) => string;

export interface IndexedObject {
  /** File path or URI the object comes from. */
  source: string;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  labels: Record<string, string>;
  object: Obj;
  /** Changes whenever the object does (its document's text). */
  fingerprint: string;
}

export class ObjectIndex {
  private readonly bySource = new Map<string, { fingerprint: string; objects: IndexedObject[] }>();
  private byKind = new Map<string, IndexedObject[]>();
  private readonly kindVersions = new Map<string, number>();
  private generation = 0;
  private dirty = false;
  /** Per view and kind: the views of that kind's objects when last asked, and a version bumped when they differ. */
  private readonly viewStates = new Map<ReadView, Map<string, { kindVersion: number; prints: string[]; version: number }>>();

  /** Replaces one source's objects; `fingerprint` (e.g. the file text) avoids needless invalidation. */
  setSource(source: string, fingerprint: string, objects: IndexedObject[]): boolean {
    const before = this.bySource.get(source);
    if (before?.fingerprint === fingerprint) return false;
    if (objects.length === 0 && !before) return false;
    if (objects.length === 0) this.bySource.delete(source);
    else this.bySource.set(source, { fingerprint, objects });
    this.bumpChangedKinds(before?.objects ?? [], objects);
    return true;
  }

  removeSource(source: string): boolean {
    const before = this.bySource.get(source);
    if (!before) return false;
    this.bySource.delete(source);
    this.bumpChangedKinds(before.objects, []);
    return true;
  }

  /**
   * A key that changes when any object of these kinds changes (`all`: any object at all). Cross-object results
   * key on the kinds their rules read, so an edit re-checks only what could have changed.
   */
  versionKey(kinds: Iterable<string> | 'all', view?: ReadView): string {
    if (kinds === 'all') return `*${this.generation}`;
    let key = '';
    for (const k of kinds) key += `${k}:${view ? this.viewVersion(k, view) : (this.kindVersions.get(k) ?? 0)};`;
    return key;
  }

  /**
   * A version of what `view` sees of a kind's objects: unchanged when an edit touched only parts the view leaves
   * out (a Deployment's replicas, for a rule that reads pod labels). Views are cached per parsed object.
   */
  private viewVersion(kind: string, view: ReadView): number {
    const kindVersion = this.kindVersions.get(kind) ?? 0;
    let byKind = this.viewStates.get(view);
    if (!byKind) {
      byKind = new Map();
      this.viewStates.set(view, byKind);
    }
    const state = byKind.get(kind);
    if (state?.kindVersion === kindVersion) return state.version;
    const prints = this.ofKind(kind).map((o) => viewOf(o.object, view));
    if (!state) {
      byKind.set(kind, { kindVersion, prints, version: 0 });
      return 0;
    }
    if (prints.length !== state.prints.length || prints.some((p, i) => p !== state.prints[i])) state.version++;
    state.kindVersion = kindVersion;
    state.prints = prints;
    return state.version;
  }

  private bumpChangedKinds(before: IndexedObject[], after: IndexedObject[]): void {
    // Entries of unchanged documents are the same objects (the engine reuses them): only the others count. A
    // file may hold the same document twice (one object, listed twice), so objects are counted, not just seen.
    const left = new Map<IndexedObject, number>();
    for (const o of before) left.set(o, (left.get(o) ?? 0) + 1);
    const changed = new Set<string>();
    after.forEach((o, position) => {
      const n = left.get(o) ?? 0;
      // A new object, or one that moved in the list (the order of a kind's objects is part of it).
      if (n === 0 || before[position] !== o) changed.add(o.kind);
      if (n > 0) left.set(o, n - 1);
    });
    for (const [o, n] of left) if (n > 0) changed.add(o.kind);
    for (const kind of changed) this.kindVersions.set(kind, (this.kindVersions.get(kind) ?? 0) + 1);
    if (changed.size > 0) {
      this.generation++;
      this.dirty = true;
    }
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

const viewCache = new WeakMap<Obj, Map<ReadView, string>>();

/** `view(object)`, computed once per parsed object (unchanged documents keep their parsed objects). */
function viewOf(object: Obj, view: ReadView): string {
  let views = viewCache.get(object);
  if (!views) {
    views = new Map();
    viewCache.set(object, views);
  }
  let print = views.get(view);
  if (print === undefined) {
    print = view(object);
    views.set(view, print);
  }
  return print;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The indexable objects of one parsed value (a `kind: List` contributes its items). */
export function indexedObjects(source: string, value: unknown, fingerprint: string): IndexedObject[] {
  if (!isObj(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') return [];
  if (value.kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.flatMap((item, i) => indexedObjects(source, item, `${fingerprint}#${i}`));
  }
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
      fingerprint,
    },
  ];
}

// The live objects a drift session compares against: one LIST + WATCH per kind and namespace in use (not per object),
// the watch started from the resourceVersion of the LIST whose items also answer the documents' GETs. A watch the
// server ends is listed and watched again; one that fails is dropped and reported (the session reconnects).
import { ClusterClient, ClusterError, type ResourceInfo, type WatchEvent, type WatchHandle } from './cluster';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A LIST + WATCH of one kind in one namespace, holding the live objects by name. */
export interface CollectionWatch {
  key: string;
  info: ResourceInfo;
  namespace?: string;
  objects: Map<string, Obj>;
  ready: Promise<void>;
  resourceVersion: string;
  handle?: WatchHandle;
  /** The documents (by uri) whose objects this collection holds. */
  users: Set<string>;
  /** The LIST is not allowed: objects are read one by one with GET, and nothing is watched. */
  listForbidden?: boolean;
  stopped: boolean;
}

export interface CollectionWatchEvents {
  /** An object of the collection changed, or may have while no watch ran (after a re-list). */
  changed(watch: CollectionWatch, name: string): void;
  /** The watch cannot continue (it is stopped and dropped already). */
  failed(watch: CollectionWatch, err: Error): void;
}

/** The collections watched for one connection; `stopAll` ends them when the connection goes. */
export class CollectionWatches {
  private readonly watches = new Map<string, CollectionWatch>();
  /** Bumped by `stopAll`: callbacks of watches of an older connection are dropped. */
  private epoch = 0;
  private disposed = false;

  constructor(private readonly events: CollectionWatchEvents) {}

  /** The live object, from its collection's LIST and WATCH (started on first use); `used` gets the collection's key. */
  async liveObject(client: ClusterClient, info: ResourceInfo, namespace: string | undefined, name: string, uri: string, used: Set<string>, signal?: AbortSignal): Promise<Obj | undefined> {
    const key = watchKey(info, namespace);
    let watch = this.watches.get(key);
    if (!watch || watch.stopped) {
      watch = this.startWatch(client, info, namespace, key);
      this.watches.set(key, watch);
    }
    watch.users.add(uri);
    used.add(key);
    await watch.ready;
    if (watch.listForbidden) return client.get(info, namespace, name, signal);
    return watch.objects.get(name);
  }

  /** A document no longer uses some watches: those no document uses stop. */
  release(uri: string, before: Set<string>, now: Set<string>): void {
    for (const key of before) {
      if (now.has(key)) continue;
      const watch = this.watches.get(key);
      if (!watch) continue;
      watch.users.delete(uri);
      if (watch.users.size === 0) {
        this.stopWatch(watch);
        this.watches.delete(key);
      }
    }
  }

  /** Ends every watch (the connection is dropped). */
  stopAll(): void {
    this.epoch++;
    for (const watch of this.watches.values()) this.stopWatch(watch);
    this.watches.clear();
  }

  dispose(): void {
    this.disposed = true;
    this.stopAll();
  }

  /** The collections watched now (`group/version/resource|namespace`). */
  keys(): string[] {
    return [...this.watches.values()].filter((w) => !w.stopped).map((w) => w.key);
  }

  private startWatch(client: ClusterClient, info: ResourceInfo, namespace: string | undefined, key: string): CollectionWatch {
    const watch: CollectionWatch = { key, info, namespace, objects: new Map(), ready: Promise.resolve(), resourceVersion: '', users: new Set(), stopped: false };
    watch.ready = this.list(client, watch);
    return watch;
  }

  /** LIST, then WATCH from the list's resourceVersion. A failed LIST rejects `ready` (the documents say why). */
  private async list(client: ClusterClient, watch: CollectionWatch): Promise<void> {
    let listed;
    try {
      listed = await client.list(watch.info, watch.namespace);
    } catch (err) {
      if (err instanceof ClusterError && err.failure === 'forbidden') {
        watch.listForbidden = true;
        return;
      }
      watch.stopped = true;
      throw err;
    }
    if (watch.stopped) return;
    watch.objects = new Map(listed.items.map((o) => [String((o.metadata as Obj).name), o]));
    watch.resourceVersion = listed.resourceVersion;
    this.follow(client, watch);
  }

  private follow(client: ClusterClient, watch: CollectionWatch): void {
    const epoch = this.epoch;
    watch.handle = client.watch(
      watch.info,
      watch.namespace,
      watch.resourceVersion,
      (event) => this.onWatchEvent(watch, event),
      (err) => {
        if (watch.stopped || epoch !== this.epoch || this.disposed) return;
        if (err === undefined || isGone(err)) {
          // The server ended the watch (its timeout, or our resourceVersion is too old): list and watch again.
          this.relist(client, watch, epoch);
          return;
        }
        this.watchFailed(watch, err);
      },
    );
  }

  private relist(client: ClusterClient, watch: CollectionWatch, epoch: number): void {
    const before = watch.objects;
    watch.ready = this.list(client, watch).then(
      () => {
        if (epoch !== this.epoch) return;
        // Whatever changed while no watch ran is re-computed.
        for (const [name, object] of watch.objects) if (resourceVersion(before.get(name)) !== resourceVersion(object)) this.events.changed(watch, name);
        for (const name of before.keys()) if (!watch.objects.has(name)) this.events.changed(watch, name);
      },
      (err: unknown) => this.watchFailed(watch, err as Error),
    );
  }

  private watchFailed(watch: CollectionWatch, err: Error): void {
    if (watch.stopped) return;
    this.stopWatch(watch);
    if (this.watches.get(watch.key) === watch) this.watches.delete(watch.key);
    this.events.failed(watch, err);
  }

  private onWatchEvent(watch: CollectionWatch, event: WatchEvent): void {
    const metadata = isObj(event.object) && isObj(event.object.metadata) ? event.object.metadata : undefined;
    if (typeof metadata?.resourceVersion === 'string') watch.resourceVersion = metadata.resourceVersion;
    if (event.type === 'BOOKMARK' || event.type === 'ERROR' || typeof metadata?.name !== 'string') return;
    const name = metadata.name;
    if (event.type === 'DELETED') watch.objects.delete(name);
    else watch.objects.set(name, event.object);
    this.events.changed(watch, name);
  }

  private stopWatch(watch: CollectionWatch): void {
    watch.stopped = true;
    watch.handle?.stop();
    watch.handle = undefined;
  }
}

function watchKey(info: ResourceInfo, namespace: string | undefined): string {
  return `${info.group}/${info.version}/${info.resource}|${namespace ?? ''}`;
}

function resourceVersion(o: Obj | undefined): string | undefined {
  return o && isObj(o.metadata) ? String(o.metadata.resourceVersion) : undefined;
}

function isGone(err: Error): boolean {
  return err instanceof ClusterError && err.status === 410;
}

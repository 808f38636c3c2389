// Live drift for the language server: documents in, DriftObjects out, kept current by watches (watches.ts: one per
// kind and namespace in use). A live change re-computes only the documents that hold the changed object. When
// a watch fails the session reports `unreachable`, retries with exponential backoff and, once the server answers
// again, re-lists and re-computes by itself. No polling: between events nothing runs.
import { stringify } from 'yaml';
import { ClusterClient, ClusterError, ExecNotAllowedError } from './cluster';
import { driftFile, objectKey, type DocumentDetail, type DriftFileInput, type FileDrift } from './driftDocument';
import { syncPreviewWith } from './syncPreview';
import { contextInfo, loadKubeconfig, type Kubeconfig } from './kubeconfig';
import type { ConnectionState, DriftObject, DriftStatus, PathSegment } from './types';
import { LAST_APPLIED } from './fieldManagers';
import { maskSecretPair } from './secrets';
import { CollectionWatches, type CollectionWatch } from './watches';
import { ReconnectBackoff } from './backoff';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface DriftDocumentInput {
  uri: string;
  filePath?: string;
  text: string;
  version: number;
}

export interface DriftSessionOptions {
  kubeconfigPath?: string;
  context?: string;
  allowExec: boolean;
  fieldManager?: string;
  debounceMs?: number;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  isHpaTarget?: (kind: string, namespace: string | undefined, name: string) => boolean;
  /** Ask for every dry run, also where the apply provably changes nothing (DriftContext.exactDryRun). */
  exactDryRun?: boolean;
}

interface Disposable {
  dispose(): void;
}

interface DocumentState {
  input: DriftDocumentInput;
  timer?: NodeJS.Timeout;
  /** Bumped by each recompute; an older one that finishes late is dropped. */
  generation: number;
  result?: FileDrift;
  /** Watches this document's objects use. */
  watches: Set<string>;
  dryRuns: Map<string, Obj | ClusterError>;
  /** Cancels the requests of a computation a newer one replaces. */
  abort?: AbortController;
}

// Several watch events in a row (a rollout touching many objects) re-compute each document once.
const LIVE_CHANGE_DELAY_MS = 30;

export class DriftSession {
  private readonly opts: DriftSessionOptions;
  private kubeconfig?: Kubeconfig;
  private contextName?: string;
  private client?: Promise<ClusterClient | undefined>;
  private readonly documents = new Map<string, DocumentState>();
  private readonly collections = new CollectionWatches({
    changed: (watch, name) => this.liveChanged(watch, name),
    failed: (watch, err) => this.watchFailed(watch, err),
  });
  private readonly resultListeners = new Set<(uri: string, objects: DriftObject[]) => void>();
  private readonly statusListeners = new Set<(status: DriftStatus) => void>();
  private status: DriftStatus = { state: 'connecting', drifted: 0 };
  private readonly backoff = new ReconnectBackoff();
  private readonly pendingLive = new Set<string>();
  private liveTimer?: NodeJS.Timeout;
  private disposed = false;
  /** Bumped on every reconnect (context switch): answers of an older connection are dropped. */
  private epoch = 0;

  constructor(opts: DriftSessionOptions) {
    this.opts = opts;
    this.contextName = opts.context;
    this.loadConfig();
    // Loading the cluster client and the first round trip take a while: done before the first document arrives.
    if (this.kubeconfig) void this.connection();
  }

  onResults(listener: (uri: string, objects: DriftObject[]) => void): Disposable {
    this.resultListeners.add(listener);
    return { dispose: () => this.resultListeners.delete(listener) };
  }

  onStatus(listener: (status: DriftStatus) => void): Disposable {
    this.statusListeners.add(listener);
    listener(this.status);
    return { dispose: () => this.statusListeners.delete(listener) };
  }

  setDocument(doc: DriftDocumentInput): void {
    if (this.disposed) return;
    let state = this.documents.get(doc.uri);
    if (!state) {
      state = { input: doc, generation: 0, watches: new Set(), dryRuns: new Map() };
      this.documents.set(doc.uri, state);
    } else if (state.input.version === doc.version && state.input.text === doc.text) {
      return;
    }
    state.input = doc;
    clearTimeout(state.timer);
    const target = state;
    state.timer = setTimeout(() => void this.compute(target), this.opts.debounceMs ?? 300);
  }

  removeDocument(uri: string): void {
    const state = this.documents.get(uri);
    if (!state) return;
    clearTimeout(state.timer);
    state.generation++;
    state.abort?.abort();
    this.documents.delete(uri);
    this.collections.release(uri, state.watches, new Set());
    this.updateDriftedCount();
  }

  async refresh(): Promise<void> {
    if (this.status.state === 'unreachable' || this.status.state === 'no-kubeconfig') this.reconnectNow();
    await Promise.all([...this.documents.values()].map((d) => this.compute(d)));
  }

  contexts(): { kubeconfig?: string; contexts: string[]; current?: string } {
    if (!this.kubeconfig) this.loadConfig();
    if (!this.kubeconfig) return { contexts: [] };
    return { kubeconfig: this.kubeconfig.files.join(':'), contexts: this.kubeconfig.contexts, current: this.contextName ?? this.kubeconfig.current };
  }

  useContext(name: string): void {
    this.contextName = name;
    this.reconnectNow(true);
    void this.refresh();
  }

  diffDocuments(uri: string, documentIndex: number): { live: string; predicted: string } | undefined {
    const detail = this.detail(uri, documentIndex);
    if (!detail || detail.liveNormalised === undefined) return undefined;
    let live: unknown = detail.liveNormalised;
    let predicted: unknown = detail.predictedNormalised ?? {};
    if (detail.kind === 'Secret') [live, predicted] = maskSecretPair(live, predicted);
    return { live: stringify(live as object), predicted: stringify(predicted as object) };
  }

  liveValue(uri: string, documentIndex: number, segments: PathSegment[]): { value: unknown } | undefined {
    const detail = this.detail(uri, documentIndex);
    if (!detail?.live) return undefined;
    if (detail.kind === 'Secret') {
      const [first, second, third] = segments;
      if (first === 'data' || first === 'stringData' || (first === 'metadata' && second === 'annotations' && (third === undefined || third === LAST_APPLIED))) return undefined;
    }
    let value: unknown = detail.live;
    for (const segment of segments) {
      if (typeof segment === 'object') {
        if (!Array.isArray(value)) return undefined;
        value = value.find((item) => isObj(item) && Object.entries(segment.keys).every(([k, v]) => String(item[k]) === String(v)));
      } else if (typeof segment === 'number') {
        value = Array.isArray(value) ? value[segment] : undefined;
      } else {
        value = isObj(value) ? value[segment] : undefined;
      }
      if (value === undefined) return undefined;
    }
    return { value: structuredClone(value) };
  }

  /** What a sync of these contents would change in the cluster, in words (a pull request's description); undefined when not connected. */
  async syncPreview(files: DriftFileInput[]): Promise<string[] | undefined> {
    const client = await this.connection();
    return client ? syncPreviewWith(client, files, this.opts.fieldManager) : undefined;
  }

  dispose(): void {
    this.disposed = true;
    for (const state of this.documents.values()) {
      clearTimeout(state.timer);
      state.abort?.abort();
    }
    this.documents.clear();
    this.disconnect();
    this.collections.dispose();
    this.resultListeners.clear();
    this.statusListeners.clear();
  }

  // --- connection ---

  private loadConfig(): void {
    try {
      this.kubeconfig = loadKubeconfig({ explicitPath: this.opts.kubeconfigPath });
    } catch (err) {
      this.kubeconfig = undefined;
      this.setStatus({ state: 'no-kubeconfig', message: (err as Error).message });
    }
  }

  private connection(): Promise<ClusterClient | undefined> {
    this.client ??= this.connect();
    return this.client;
  }

  private async connect(): Promise<ClusterClient | undefined> {
    if (!this.kubeconfig) this.loadConfig();
    const kubeconfig = this.kubeconfig;
    if (!kubeconfig) return undefined;
    const context = this.contextName ?? kubeconfig.current;
    try {
      contextInfo(kubeconfig, context);
      this.setStatus({ state: 'connecting', context });
      const client = await ClusterClient.connect({ kubeconfig, context, allowExec: this.opts.allowExec });
      await client.minor();
      this.backoff.reset();
      this.setStatus({ state: 'connected', context });
      this.opts.log('info', `Drift: connected to ${client.context.server} (context ${client.context.name})`);
      return client;
    } catch (err) {
      if (err instanceof ExecNotAllowedError) {
        this.setStatus({ state: 'untrusted', context, message: err.message });
        return undefined;
      }
      if (!(err instanceof ClusterError)) {
        this.setStatus({ state: 'no-kubeconfig', context, message: (err as Error).message });
        return undefined;
      }
      this.unreachable(err.message, context);
      return undefined;
    }
  }

  private unreachable(message: string, context = this.status.context): void {
    if (this.disposed) return;
    const wasReachable = this.status.state !== 'unreachable';
    this.setStatus({ state: 'unreachable', context, message: `${message}; retrying` });
    if (wasReachable) this.opts.log('warn', `Drift: ${message}`);
    this.backoff.schedule(() => {
      this.reconnectNow();
      void Promise.all([...this.documents.values()].map((d) => this.compute(d)));
    });
  }

  /** Drops the connection and every watch; the next computation connects and lists again. */
  private reconnectNow(resetBackoff = false): void {
    if (resetBackoff) this.backoff.reset();
    this.backoff.cancel();
    this.disconnect();
    this.loadConfig();
  }

  private disconnect(): void {
    this.epoch++;
    this.collections.stopAll();
    // Another connection may be another context or user: nothing the old one answered is reused.
    for (const state of this.documents.values()) {
      state.watches.clear();
      state.dryRuns.clear();
    }
    const client = this.client;
    this.client = undefined;
    void client?.then((c) => c?.close());
    clearTimeout(this.liveTimer);
    this.pendingLive.clear();
  }

  // --- computing ---

  private async compute(state: DocumentState): Promise<void> {
    if (this.disposed) return;
    clearTimeout(state.timer);
    state.timer = undefined;
    const generation = ++state.generation;
    const epoch = this.epoch;
    state.abort?.abort();
    const abort = new AbortController();
    state.abort = abort;
    const client = await this.connection();
    if (!client || this.disposed || generation !== state.generation || this.documents.get(state.input.uri) !== state) return;
    const used = new Set<string>();
    const current = () => !this.disposed && generation === state.generation && epoch === this.epoch && this.documents.get(state.input.uri) === state;
    const run = (skipDryRun: boolean) =>
      driftFile(
        { file: state.input.uri, filePath: state.input.filePath, text: state.input.text },
        {
          client,
          contextNamespace: client.context.namespace,
          fieldManager: this.opts.fieldManager,
          isHpaTarget: this.opts.isHpaTarget,
          dryRuns: state.dryRuns,
          skipDryRun,
          exactDryRun: this.opts.exactDryRun,
          signal: abort.signal,
          live: (info, namespace, name, signal) => this.collections.liveObject(client, info, namespace, name, state.input.uri, used, signal),
        },
      );
    let result: FileDrift;
    try {
      // A file seen for the first time gets a quick answer from the live objects alone (marked approximate, except
      // where the apply provably changes nothing: that answer is the dry run's), then the dry runs' answer;
      // afterwards only changed documents need a dry run, which is quick by itself.
      let quick: FileDrift | undefined;
      if (!state.result) {
        quick = await run(true);
        if (!current()) return;
        if (!quick.objects.some((o) => o.state === 'unreachable')) this.publish(state, quick, used);
      }
      // Exact already (published above): nothing is left for the dry runs to answer.
      if (quick && !quick.objects.some((o) => o.approximate || o.state === 'unreachable')) return;
      result = await run(false);
    } catch (err) {
      if (!abort.signal.aborted) this.opts.log('error', `Drift: ${state.input.uri}: ${(err as Error).message}`);
      return;
    }
    if (!current()) return;
    const unreachable = result.objects.find((o) => o.state === 'unreachable');
    if (unreachable && this.status.state !== 'unreachable') this.unreachable(unreachable.reason ?? 'the cluster does not answer');
    // Dry-run answers of objects whose resourceVersion moved on are never asked for again.
    if (state.dryRuns.size > 4 * Math.max(1, result.objects.length)) state.dryRuns.clear();
    this.publish(state, result, used);
  }

  private publish(state: DocumentState, result: FileDrift, used: Set<string>): void {
    this.collections.release(state.input.uri, state.watches, used);
    state.watches = new Set(used);
    state.result = result;
    this.updateDriftedCount();
    for (const listener of this.resultListeners) listener(state.input.uri, result.objects);
  }

  /** A watch cannot continue: the server (or the way to it) is gone. Say so and reconnect with backoff, which
   * re-lists and re-computes every document. */
  private watchFailed(watch: CollectionWatch, err: Error): void {
    this.unreachable(err.message);
    void Promise.all([...watch.users].map((uri) => this.documents.get(uri)).filter((d): d is DocumentState => !!d).map((d) => this.markUnreachable(d, err.message)));
  }

  /** Until the server answers again, the documents say it does not (their last results are no longer current). */
  private markUnreachable(state: DocumentState, message: string): void {
    if (!state.result) return;
    const objects = state.result.objects.map((o) => ({ ...o, state: 'unreachable' as const, approximate: false, reason: message, fields: [], controllerOnly: undefined }));
    state.result = { ...state.result, objects };
    this.updateDriftedCount();
    for (const listener of this.resultListeners) listener(state.input.uri, objects);
  }

  /** Re-computes only the documents that declare the changed object. */
  private liveChanged(watch: CollectionWatch, name: string): void {
    const apiVersion = watch.info.group ? `${watch.info.group}/${watch.info.version}` : watch.info.version;
    const key = objectKey(apiVersion, watch.info.kind, watch.namespace, name);
    for (const uri of watch.users) {
      const state = this.documents.get(uri);
      // A document whose first answer is still being computed may have read the object before this change.
      if (state && (!state.result || state.result.details.some((d: DocumentDetail) => d.key === key))) this.pendingLive.add(uri);
    }
    if (this.pendingLive.size && !this.liveTimer) {
      this.liveTimer = setTimeout(() => {
        this.liveTimer = undefined;
        const uris = [...this.pendingLive];
        this.pendingLive.clear();
        for (const uri of uris) {
          const state = this.documents.get(uri);
          if (state) void this.compute(state);
        }
      }, LIVE_CHANGE_DELAY_MS);
    }
  }

  private detail(uri: string, documentIndex: number): DocumentDetail | undefined {
    return this.documents.get(uri)?.result?.details.find((d) => d.documentIndex === documentIndex);
  }

  private updateDriftedCount(): void {
    let drifted = 0;
    for (const state of this.documents.values()) {
      for (const o of state.result?.objects ?? []) if (o.state === 'drifted' || o.state === 'missing') drifted++;
    }
    if (drifted !== this.status.drifted) this.setStatus({ ...this.status, drifted });
  }

  private setStatus(next: Omit<DriftStatus, 'drifted'> & { drifted?: number }): void {
    const status: DriftStatus = { ...next, drifted: next.drifted ?? this.status.drifted };
    if (status.state === 'connected') delete status.message;
    const same = status.state === this.status.state && status.context === this.status.context && status.message === this.status.message && status.drifted === this.status.drifted;
    this.status = status;
    if (same) return;
    for (const listener of this.statusListeners) listener(status);
  }

  /** The collections watched now (`group/version/resource|namespace`): one per kind and namespace in use. */
  watchedCollections(): string[] {
    return this.collections.keys();
  }

  /** The session's current connection state (for tests and the status bar's first paint). */
  get connectionState(): ConnectionState {
    return this.status.state;
  }
}

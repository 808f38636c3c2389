// Live drift in the language server: one drift session (server/src/drift/session.ts) per kubeconfig and settings,
// fed the open buffers as they are typed, its results and connection state pushed to the extension, its diff and
// live values served on request. No cluster is contacted unless drift is on, the workspace is trusted and a
// kubeconfig exists.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeLensRefreshRequest, type Connection, type InitializeParams, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DriftObject, DriftStatus, PathSegment } from '../drift/types';
import { isRulesConfigFile } from '../rules/configSchema';
import { EditError } from '../rules/yamlEdits';
import { driftCodeLenses } from './codeLens';
import { adoptLiveValueEdits } from './driftAdopt';
import {
  DriftMethod,
  type DriftAdoptParams,
  type DriftAdoptResult,
  type DriftPreviewParams,
  type DriftPreviewResult,
  type DriftContextsResult,
  type DriftDiffResult,
  type DriftDocumentParams,
  type DriftInitializationOptions,
  type DriftResultsParams,
  type DriftTrustParams,
  type DriftUseContextParams,
} from './driftProtocol';
import { DEFAULT_SETTINGS, type DriftSettings } from './settings';
import type { DriftDocumentInput, DriftSessionOptions } from '../drift/session';

type LogLevel = 'info' | 'warn' | 'error';

export type { DriftDocumentInput, DriftSessionOptions };

/** The part of DriftSession the language server uses. */
export interface DriftSessionApi {
  onResults(listener: (uri: string, objects: DriftObject[]) => void): { dispose(): void };
  onStatus(listener: (status: DriftStatus) => void): { dispose(): void };
  setDocument(doc: DriftDocumentInput): void;
  removeDocument(uri: string): void;
  refresh(): Promise<void>;
  contexts(): DriftContextsResult;
  useContext(name: string): void;
  diffDocuments(uri: string, documentIndex: number): { live: string; predicted: string } | undefined;
  liveValue(uri: string, documentIndex: number, segments: PathSegment[]): { value: unknown } | undefined;
  /** What a sync of these contents would change, in words; undefined when not connected. */
  syncPreview(files: { file: string; filePath?: string; text: string }[]): Promise<string[] | undefined>;
  dispose(): void;
}

export interface DriftServiceDeps {
  createSession(opts: DriftSessionOptions): DriftSessionApi;
  notifyResults(params: DriftResultsParams): void;
  notifyStatus(status: DriftStatus): void;
  log(level: LogLevel, message: string): void;
  isHpaTarget?: (kind: string, namespace: string | undefined, name: string) => boolean;
  /** Results changed: CodeLenses are stale. */
  onResultsChanged?(): void;
  /** For tests; default: the real file system, process.env and the home folder. */
  exists?(path: string): boolean;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

export class DriftService {
  private session?: DriftSessionApi;
  private subscriptions: { dispose(): void }[] = [];
  private sessionKey?: string;
  private settings: DriftSettings = DEFAULT_SETTINGS.drift;
  private trusted = false;
  private context?: string;
  /** Where a relative `gitops.drift.kubeconfig` is read from: the first workspace folder. */
  private baseDir?: string;
  private readonly open = new Map<string, DriftDocumentInput>();
  private readonly resultsByUri = new Map<string, DriftObject[]>();

  constructor(private readonly deps: DriftServiceDeps) {}

  get running(): boolean {
    return this.session !== undefined;
  }

  get showControllerOwned(): boolean {
    return this.settings.showControllerOwned;
  }

  /** What the extension sent at start: trust and the context chosen for this workspace. */
  initialize(options: Partial<DriftInitializationOptions> | undefined, workspaceFolder?: string): void {
    this.baseDir = workspaceFolder;
    this.trusted = options?.workspaceTrusted === true;
    if (typeof options?.context === 'string' && options.context) this.context = options.context;
  }

  /** Starts, restarts or stops the session for these settings and trust. */
  configure(settings: DriftSettings = this.settings, trusted: boolean = this.trusted): void {
    if (settings.showControllerOwned !== this.settings.showControllerOwned) this.deps.onResultsChanged?.();
    this.settings = settings;
    this.trusted = trusted;
    const kubeconfig = this.kubeconfigFiles();
    const found = kubeconfig.filter((f) => (this.deps.exists ?? existsSync)(f));
    const blocked = this.blockedStatus(kubeconfig, found);
    const key = blocked ? `blocked:${blocked.state}:${blocked.message}` : JSON.stringify([settings.kubeconfig, found, settings.fieldManager, settings.debounceMs]);
    if (key === this.sessionKey) return;
    this.sessionKey = key;
    this.stopSession();
    if (blocked) {
      this.deps.notifyStatus(blocked);
      return;
    }
    this.startSession();
  }

  setTrusted(trusted: boolean): void {
    this.configure(this.settings, trusted);
  }

  setDocument(doc: DriftDocumentInput): void {
    if (isRulesConfigFile(doc.uri)) return;
    const input = { ...doc, filePath: doc.filePath ?? uriToFilePath(doc.uri) };
    this.open.set(doc.uri, input);
    this.session?.setDocument(input);
  }

  removeDocument(uri: string): void {
    if (!this.open.delete(uri)) return;
    this.session?.removeDocument(uri);
    if (this.resultsByUri.delete(uri)) this.deps.notifyResults({ uri, objects: [] });
  }

  results(uri: string): DriftObject[] {
    return this.resultsByUri.get(uri) ?? [];
  }

  contexts(): DriftContextsResult {
    const listed = this.session?.contexts() ?? { contexts: [] };
    return { ...listed, current: listed.current ?? this.context };
  }

  useContext(name: string): void {
    this.context = name;
    this.session?.useContext(name);
  }

  /** Reads the cluster again; without a session, looks for a kubeconfig again (one may have appeared). */
  async refresh(): Promise<void> {
    if (!this.session) {
      this.sessionKey = undefined;
      this.configure();
      return;
    }
    await this.session.refresh();
  }

  diff(params: DriftDocumentParams): DriftDiffResult | null {
    return this.session?.diffDocuments(params.uri, params.documentIndex) ?? null;
  }

  /** The edit of `doc` (the buffer) that writes the field's live value, or why not. */
  adopt(params: DriftAdoptParams, doc: TextDocument | undefined): DriftAdoptResult {
    if (!doc) return { error: 'The file is not open.' };
    if (!this.session) return { error: 'Drift is not connected to a cluster.' };
    const object = this.results(params.uri).find((o) => o.documentIndex === params.documentIndex);
    if (object?.kind === 'Secret') return { error: 'Secret values are never copied from the cluster into files.' };
    const live = this.session.liveValue(params.uri, params.documentIndex, params.segments);
    if (!live) return { error: 'The live value is not known yet: refresh drift and try again.' };
    try {
      const edits = adoptLiveValueEdits(doc.getText(), params.documentIndex, params.segments, live.value);
      return { edits: edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText })) };
    } catch (err) {
      if (err instanceof EditError) return { error: `The live value cannot be written into the file: ${err.message}.` };
      throw err;
    }
  }

  /** What merging these contents would change in the cluster; no session → why not, in words. */
  async preview(params: DriftPreviewParams): Promise<DriftPreviewResult> {
    if (!this.session) return { error: 'Drift is not connected to a cluster.' };
    try {
      const lines = await this.session.syncPreview(params.files.map((f) => ({ file: f.uri, filePath: f.filePath, text: f.text })));
      return lines ? { lines } : { error: 'The cluster does not answer.' };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  dispose(): void {
    this.stopSession();
  }

  /** The kubeconfig files drift would read: the setting, else KUBECONFIG's entries, else ~/.kube/config. */
  kubeconfigFiles(): string[] {
    if (this.settings.kubeconfig) return [resolve(this.baseDir ?? '', expandHome(this.settings.kubeconfig, this.home()))];
    const list = ((this.deps.env ?? process.env).KUBECONFIG ?? '').split(delimiter).filter((p) => p.trim() !== '');
    if (list.length) return list.map((p) => resolve(p));
    return [join(this.home(), '.kube', 'config')];
  }

  private home(): string {
    return this.deps.home ?? homedir();
  }

  private blockedStatus(files: string[], found: string[]): DriftStatus | undefined {
    if (!this.settings.enable) return { state: 'off', drifted: 0, message: 'Drift is turned off (gitops.drift.enable).' };
    if (!this.trusted) {
      return { state: 'untrusted', drifted: 0, message: 'Drift is off in Restricted Mode: no cluster is contacted until you trust this workspace.' };
    }
    if (found.length === 0) {
      const where = this.settings.kubeconfig ? `gitops.drift.kubeconfig is ${files[0]}, which does not exist` : `looked at ${files.join(', ')}`;
      return { state: 'no-kubeconfig', drifted: 0, message: `No kubeconfig found (${where}). Set gitops.drift.kubeconfig or KUBECONFIG.` };
    }
    return undefined;
  }

  private startSession(): void {
    const { kubeconfig, fieldManager, debounceMs } = this.settings;
    let session: DriftSessionApi;
    try {
      session = this.deps.createSession({
        // Unset: the session reads KUBECONFIG or ~/.kube/config itself, merging a KUBECONFIG list as kubectl does.
        kubeconfigPath: kubeconfig ? this.kubeconfigFiles()[0] : undefined,
        context: this.context,
        // Only reached in a trusted workspace: kubeconfig exec plugins (cloud logins) may run.
        allowExec: true,
        fieldManager: fieldManager || undefined,
        debounceMs,
        log: (level, message) => this.deps.log(level, message),
        isHpaTarget: this.deps.isHpaTarget,
      });
    } catch (err) {
      this.deps.log('error', `Drift could not start: ${(err as Error).message}`);
      this.deps.notifyStatus({ state: 'no-kubeconfig', drifted: 0, message: `Drift could not start: ${(err as Error).message}` });
      return;
    }
    this.session = session;
    this.subscriptions = [
      session.onResults((uri, objects) => {
        if (!this.open.has(uri)) return;
        this.resultsByUri.set(uri, objects);
        this.deps.notifyResults({ uri, objects });
        this.deps.onResultsChanged?.();
      }),
      session.onStatus((status) => this.deps.notifyStatus(status)),
    ];
    for (const doc of this.open.values()) session.setDocument(doc);
  }

  private stopSession(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.session?.dispose();
    this.session = undefined;
    for (const uri of [...this.resultsByUri.keys()]) {
      this.resultsByUri.delete(uri);
      this.deps.notifyResults({ uri, objects: [] });
    }
    this.deps.onResultsChanged?.();
  }
}

/** Objects of the workspace index, as far as HPA targets need them. */
export interface HpaSource {
  ofKind(kind: string): { namespace?: string; object: Record<string, unknown> }[];
}

/** True when an HPA of the workspace scales the object: its replicas are the HPA's, not drift. */
export function hpaTargetsIn(index: HpaSource): (kind: string, namespace: string | undefined, name: string) => boolean {
  return (kind, namespace, name) =>
    index.ofKind('HorizontalPodAutoscaler').some((hpa) => {
      const spec = hpa.object.spec as { scaleTargetRef?: { kind?: unknown; name?: unknown } } | undefined;
      const ref = spec?.scaleTargetRef;
      return ref?.kind === kind && ref.name === name && (hpa.namespace === undefined || namespace === undefined || hpa.namespace === namespace);
    });
}

/**
 * Wires drift into the connection: the open buffers, the custom requests and notifications, and CodeLens.
 * `settings` gives the current `gitops.drift.*`; the caller calls `configure()` when they change.
 */
export function registerDrift(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  opts: { createSession: DriftServiceDeps['createSession']; objects: () => HpaSource },
): DriftService & { initializeFrom(params: InitializeParams): void } {
  let canRefreshLenses = false;
  let lensTimer: NodeJS.Timeout | undefined;
  const service = new DriftService({
    createSession: opts.createSession,
    notifyResults: (p) => void connection.sendNotification(DriftMethod.results, p),
    notifyStatus: (s) => void connection.sendNotification(DriftMethod.status, s),
    log: (level, message) => connection.console[level](`drift: ${message}`),
    isHpaTarget: (kind, namespace, name) => hpaTargetsIn(opts.objects())(kind, namespace, name),
    onResultsChanged: () => {
      if (!canRefreshLenses) return;
      clearTimeout(lensTimer);
      lensTimer = setTimeout(() => void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined), 100);
    },
  });
  const feed = (doc: TextDocument) => service.setDocument({ uri: doc.uri, text: doc.getText(), version: doc.version });
  documents.onDidOpen((e) => feed(e.document));
  documents.onDidChangeContent((e) => feed(e.document));
  documents.onDidClose((e) => service.removeDocument(e.document.uri));

  connection.onNotification(DriftMethod.trust, (p: DriftTrustParams) => service.setTrusted(p.trusted === true));
  connection.onRequest(DriftMethod.contexts, () => service.contexts());
  connection.onRequest(DriftMethod.useContext, (p: DriftUseContextParams) => service.useContext(p.context));
  connection.onRequest(DriftMethod.refresh, () => service.refresh());
  connection.onRequest(DriftMethod.diff, (p: DriftDocumentParams) => service.diff(p));
  connection.onRequest(DriftMethod.preview, (p: DriftPreviewParams) => service.preview(p));
  connection.onRequest(DriftMethod.adopt, (p: DriftAdoptParams): DriftAdoptResult => service.adopt(p, documents.get(p.uri)));
  connection.onCodeLens((p) =>
    driftCodeLenses(p.textDocument.uri, service.results(p.textDocument.uri), { showControllerOwned: service.showControllerOwned, now: Date.now() }),
  );
  // No shutdown handler here: the transport owns it (one per connection); the watches end with the process.

  return Object.assign(service, {
    initializeFrom(params: InitializeParams) {
      canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
      const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
      service.initialize((params.initializationOptions as { drift?: Partial<DriftInitializationOptions> } | undefined)?.drift, folder ? uriToFilePath(folder) : undefined);
    },
  });
}

function uriToFilePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

// Drives a language server over stdio the way an editor does, timing each change until its diagnostics arrive.
// Works for any server: what differs (settings, content requests, versioned diagnostics) comes in a ServerLaunch.
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver/node';

export interface ServerLaunch {
  label: string;
  command: string;
  args: string[];
  /** The answer to one `workspace/configuration` item. */
  configuration(section: string | undefined): unknown;
  /** The answer to `vscode/content` (schema downloads the client makes for the server); throw to refuse. */
  content?(uri: string): string;
  /** Notifications sent right after `initialized`. */
  afterInitialized?: { method: string; params?: unknown }[];
  /** True when publishDiagnostics carry the document version; otherwise the next publish after a change is its answer. */
  versionedDiagnostics: boolean;
  /** Quiet time after the settings were pulled, for servers that apply them asynchronously. */
  settleMs?: number;
  /** Workspace folder paths sent in `initialize`. */
  workspaceFolders?: string[];
}

export interface ProgressReport {
  at: number;
  kind: 'begin' | 'report' | 'end';
  message?: string;
}

export interface TimedDiagnostics {
  ms: number;
  diagnostics: Diagnostic[];
}

interface Published extends PublishDiagnosticsParams {
  seq: number;
  at: number;
}

/** Every server started by this process, killed if the benchmark exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class LspServer {
  readonly requestedContent: { uri: string; bytes: number; served: boolean }[] = [];
  /** `$/progress` notifications, as they came. */
  readonly progress: ProgressReport[] = [];
  /** When `initialized` was sent. */
  initializedAt = 0;
  private readonly published: Published[] = [];
  private readonly waiters: (() => void)[] = [];
  private seq = 0;
  private stderrTail = '';
  /** Rejects when the server process ends, so that no wait outlives it. */
  private readonly exited: Promise<never>;

  private constructor(
    readonly launch: ServerLaunch,
    private readonly child: ChildProcess,
    private readonly connection: MessageConnection,
  ) {
    this.exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => reject(new Error(`${launch.label} exited (${signal ?? code})${this.tail()}`))),
    );
    this.exited.catch(() => undefined); // only an error while someone waits
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(launch: ServerLaunch, timeoutMs = 20_000): Promise<LspServer> {
    const child = spawn(launch.command, launch.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    running.add(child);
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new LspServer(launch, child, connection);
    child.stderr!.on('data', (chunk: Buffer) => {
      server.stderrTail = (server.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    child.once('exit', () => running.delete(child));
    await server.initialize(timeoutMs);
    return server;
  }

  private async initialize(timeoutMs: number): Promise<void> {
    const { connection, launch } = this;
    let settingsPulled!: () => void;
    const pulled = new Promise<void>((resolve) => (settingsPulled = resolve));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push({ ...p, seq: ++this.seq, at: performance.now() });
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      setImmediate(settingsPulled);
      return p.items.map((item) => launch.configuration(item.section));
    });
    connection.onRequest('vscode/content', (uri: string) => {
      try {
        const text = launch.content ? launch.content(uri) : undefined;
        if (text === undefined) throw new Error('no content provider');
        this.requestedContent.push({ uri, bytes: Buffer.byteLength(text), served: true });
        return text;
      } catch (err) {
        this.requestedContent.push({ uri, bytes: 0, served: false });
        throw err;
      }
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', (p: { value?: { kind?: ProgressReport['kind']; message?: string } }) => {
      if (p.value?.kind) this.progress.push({ at: performance.now(), kind: p.value.kind, message: p.value.message });
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification(() => undefined); // logs, telemetry, progress
    connection.listen();

    await this.within(
      connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: launch.workspaceFolders?.map((path) => ({ uri: pathToFileURL(path).href, name: basename(path) })) ?? null,
        capabilities: {
          workspace: { configuration: true },
          window: { workDoneProgress: true },
          textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: false } },
        },
      }),
      timeoutMs,
      'initialize',
    );
    this.initializedAt = performance.now();
    connection.sendNotification('initialized', {});
    for (const n of launch.afterInitialized ?? []) connection.sendNotification(n.method, n.params);
    await this.within(pulled, timeoutMs, 'the settings request after initialized');
    if (launch.settleMs) await delay(launch.settleMs);
  }

  /** Resolves when the server's work-done progress has ended (workspace indexing). */
  async progressEnded(timeoutMs: number): Promise<ProgressReport> {
    return this.within(
      new Promise<ProgressReport>((resolve) => {
        const check = () => {
          const end = this.progress.find((p) => p.kind === 'end');
          if (end) resolve(end);
          else this.waiters.push(check);
        };
        check();
      }),
      timeoutMs,
      'end of work-done progress',
    );
  }

  /** Tells the server a file changed on disk and resolves with the next diagnostics of `openUri`. */
  fileChanged(fileUri: string, openUri: string, timeoutMs: number): Promise<TimedDiagnostics> {
    return this.timed(openUri, Number.NaN, timeoutMs, () =>
      this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri, type: 2 }] }),
    );
  }

  /** Opens a document and resolves with its first diagnostics. */
  open(uri: string, text: string, timeoutMs: number): Promise<TimedDiagnostics> {
    return this.timed(uri, 1, timeoutMs, () =>
      this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } }),
    );
  }

  /** Sends one ranged (incremental) change and resolves with the diagnostics for that version. */
  change(uri: string, version: number, range: Range, text: string, timeoutMs: number): Promise<TimedDiagnostics> {
    return this.timed(uri, version, timeoutMs, () =>
      this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] }),
    );
  }

  private async timed(uri: string, version: number, timeoutMs: number, send: () => Promise<void>): Promise<TimedDiagnostics> {
    const afterSeq = this.seq;
    const sentAt = performance.now();
    await send();
    // NaN: not a new version (a change on disk elsewhere), so the next publish for the document answers.
    const match = (p: Published) =>
      p.uri === uri && (this.launch.versionedDiagnostics && !Number.isNaN(version) ? p.version === version : p.seq > afterSeq);
    const found = await this.within(
      new Promise<Published>((resolve) => {
        const check = () => {
          const hit = this.published.find(match);
          if (hit) resolve(hit);
          else this.waiters.push(check);
        };
        check();
      }),
      timeoutMs,
      `diagnostics for version ${version} of ${uri}`,
    );
    // Only the newest publish per document matters from here on; dropping the rest keeps lookups short.
    this.published.splice(0, this.published.indexOf(found) + 1);
    return { ms: found.at - sentAt, diagnostics: found.diagnostics };
  }

  private async within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.launch.label}: no ${what} within ${ms} ms${this.tail()}`)), ms);
    });
    const exited = this.exited.catch((err: Error) => {
      throw new Error(`${err.message} while waiting for ${what}`);
    });
    exited.catch(() => undefined); // the race may be over long before the process ends
    try {
      return await Promise.race([promise, timeout, exited]);
    } finally {
      clearTimeout(timer);
    }
  }

  private tail(): string {
    return this.stderrTail.trim() ? `; server stderr ends with:\n${this.stderrTail.trim()}` : '';
  }

  /** Polite shutdown, then SIGKILL if the process lingers. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), delay(3000)]);
        await this.connection.sendNotification('exit');
      } catch {
        // the connection is already closed
      }
      await Promise.race([gone, delay(3000).then(() => this.child.kill('SIGKILL'))]);
      await gone;
    }
    this.connection.dispose();
    running.delete(this.child);
  }
}

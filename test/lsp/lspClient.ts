// A minimal LSP client that drives the bundled dist/server.js over stdio, as an editor would.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver/node';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Position,
  PublishDiagnosticsParams,
  Range,
} from 'vscode-languageserver/node';
import { repoRoot } from '../infra/paths';

export interface LspSession {
  process: ChildProcess;
  connection: MessageConnection;
  open(uri: string, text: string): void;
  change(uri: string, version: number, text: string): void;
  /** Resolves with the first diagnostics published for `uri` (and `version`, if given) that satisfy `accept`. */
  diagnostics(uri: string, accept?: (d: Diagnostic[]) => boolean, version?: number): Promise<Diagnostic[]>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  completion(uri: string, position: Position): Promise<CompletionList | null>;
  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]>;
  symbols(uri: string): Promise<DocumentSymbol[]>;
  /** Resolves with the params of the first `method` notification (received since start) that satisfies `accept`. */
  notification<T>(method: string, accept?: (params: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Every notification the server sent (custom ones and log messages), as received. */
  readonly received: { method: string; params: unknown }[];
  /** What the server wrote to stderr, when started with `captureStderr`. */
  readonly stderr: string[];
  stop(): Promise<void>;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export interface LanguageServerOptions {
  workspace?: string;
  settings?: Record<string, unknown>;
  /** Sent as `initializationOptions` (the extension sends `extensionPath` and `drift`). */
  initializationOptions?: Record<string, unknown>;
  /** The Node binary that runs the server (default: this process's). */
  node?: string;
  /** The server's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Keep the server's stderr in `stderr` instead of passing it through. */
  captureStderr?: boolean;
}

export async function startLanguageServer(opts: LanguageServerOptions = {}): Promise<LspSession> {
  const child = spawn(opts.node ?? process.execPath, [join(repoRoot, 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', opts.captureStderr ? 'pipe' : 'inherit'],
    env: opts.env ?? process.env,
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map(() => opts.settings ?? {}),
  );
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('$/progress', () => undefined);
  // Every other notification (the server's custom ones and its log messages), kept for `notification()`.
  const others: { method: string; params: unknown }[] = [];
  connection.onNotification((method: string, params: unknown) => {
    others.push({ method, params });
    for (const w of waiters.splice(0)) w();
  });
  connection.listen();

  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: opts.workspace ? fileUri(opts.workspace) : null,
    initializationOptions: opts.initializationOptions,
    workspaceFolders: opts.workspace ? [{ uri: fileUri(opts.workspace), name: 'workspace' }] : null,
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: false } },
      window: { workDoneProgress: true },
      textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown'] } },
    },
  });
  connection.sendNotification('initialized', {});

  const session: LspSession = {
    process: child,
    connection,
    received: others,
    stderr,
    open(uri, text) {
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    },
    change(uri, version, text) {
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    diagnostics(uri, accept = () => true, version) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within 10 s`)), 10_000);
        const check = () => {
          const match = [...published].reverse().find((p) => p.uri === uri && (version === undefined || p.version === version));
          if (match && accept(match.diagnostics)) {
            clearTimeout(timer);
            resolve(match.diagnostics);
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
    hover: (uri, position) => connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }),
    completion: (uri, position) => connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }),
    codeActions: (uri, range, diagnostics) =>
      connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } }),
    symbols: (uri) => connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
    notification<T>(method: string, accept: (params: T) => boolean = () => true, timeoutMs = 10_000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          const last = others.filter((n) => n.method === method).slice(-3);
          reject(new Error(`no matching ${method} within ${timeoutMs / 1000} s; last ones: ${JSON.stringify(last)}`));
        }, timeoutMs);
        const check = () => {
          const match = others.find((n) => n.method === method && accept(n.params as T));
          if (match) {
            clearTimeout(timer);
            resolve(match.params as T);
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        connection.sendNotification('exit');
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
      connection.dispose();
    },
  };
  return session;
}

/** Applies an LSP workspace edit's changes for one document to its text. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

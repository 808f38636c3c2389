// The cluster as drift sees it: discovery, GET, LIST, WATCH and server-side apply dry runs over HTTPS.
// Credentials come from @kubernetes/client-node's KubeConfig (tokens, client certificates, exec plugins, auth
// providers), loaded lazily so nothing that only lints ever loads it; the requests themselves go through Node's
// https with one keep-alive agent, so every call has a timeout, an AbortSignal and a bounded number of sockets.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { join } from 'node:path';
import { contextInfo, kubeconfigText, type ContextInfo, type Kubeconfig } from './kubeconfig';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How a call failed, in the terms drift states use. */
export type FailureKind = 'not-found' | 'forbidden' | 'unreachable' | 'unknown-kind' | 'invalid' | 'other';

export class ClusterError extends Error {
  constructor(
    readonly failure: FailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name in URLs (`deployments`). */
  resource: string;
  namespaced: boolean;
}

export interface ClusterClientOptions {
  kubeconfig: Kubeconfig;
  context?: string;
  /** Exec credential plugins run only in a trusted workspace. */
  allowExec: boolean;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Requests in flight at once (default 8); the rest wait. */
  maxConcurrent?: number;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Obj;
}

export interface WatchHandle {
  stop(): void;
}

/** Thrown by connect() when the context's user needs an exec plugin in an untrusted workspace. */
export class ExecNotAllowedError extends Error {}

// Discovery answers that a kind is not served are re-checked after this long (a CRD may have been installed).
const NEGATIVE_DISCOVERY_MS = 5_000;

export class ClusterClient {
  readonly context: ContextInfo;
  private readonly agent: http.Agent;
  private readonly watchAgent: http.Agent;
  private readonly discovery = new Map<string, { at: number; resources: Promise<Obj[] | undefined> }>();
  private readonly timeoutMs: number;
  private readonly queue: (() => void)[] = [];
  private inFlight = 0;
  private readonly maxConcurrent: number;
  private serverMinor?: number;
  private closed = false;

  private constructor(
    private readonly kc: KubeConfig,
    private readonly base: URL,
    tls: https.AgentOptions,
    context: ContextInfo,
    opts: ClusterClientOptions,
  ) {
    this.context = context;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxConcurrent = opts.maxConcurrent ?? 8;
    const Agent = base.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ ...tls, keepAlive: true, maxSockets: this.maxConcurrent });
    this.watchAgent = new Agent({ ...tls, keepAlive: true });
  }

  /** A client for the context (default: the kubeconfig's current one). Does not contact the cluster. */
  static async connect(opts: ClusterClientOptions): Promise<ClusterClient> {
    const context = contextInfo(opts.kubeconfig, opts.context);
    if (context.usesExec && !opts.allowExec) {
      throw new ExecNotAllowedError(
        `The context "${context.name}" gets its credentials from an exec plugin, which is not allowed in an untrusted workspace: trust the workspace to check drift`,
      );
    }
    if (!context.server) throw new ClusterError('unreachable', `The context "${context.name}" names no cluster server`);
    const { KubeConfig } = await loadKubeClient();
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfigText(opts.kubeconfig, context.name));
    const tlsOptions: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(tlsOptions);
    const tls: https.AgentOptions = {
      ca: tlsOptions.ca,
      cert: tlsOptions.cert,
      key: tlsOptions.key,
      pfx: tlsOptions.pfx,
      passphrase: tlsOptions.passphrase,
      servername: tlsOptions.servername,
      rejectUnauthorized: tlsOptions.rejectUnauthorized,
    };
    return new ClusterClient(kc, new URL(context.server), tls, context, opts);
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
    this.watchAgent.destroy();
    for (const waiting of this.queue.splice(0)) waiting();
  }

  /** The server's Kubernetes minor version (`/version`), read once. */
  async minor(): Promise<number> {
    if (this.serverMinor === undefined) {
      const version = (await this.request('GET', '/version')) as Obj;
      this.serverMinor = Number.parseInt(String(version.minor ?? '').replace(/\D+$/, ''), 10) || 0;
    }
    return this.serverMinor;
  }

  /**
   * Whether apiVersion/kind is served, and as what resource; undefined when it is not. One discovery request per
   * group/version serves every caller, so it is not tied to one caller's AbortSignal.
   */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    let cached = this.discovery.get(apiVersion);
    if (cached && Date.now() - cached.at > NEGATIVE_DISCOVERY_MS && (await cached.resources.catch(() => undefined)) === undefined) {
      cached = undefined;
    }
    if (!cached) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      const resources = this.request('GET', path).then(
        (list) => (isObj(list) && Array.isArray(list.resources) ? (list.resources as Obj[]) : []),
        (err: unknown) => {
          if (err instanceof ClusterError && err.failure === 'not-found') return undefined;
          throw err;
        },
      );
      cached = { at: Date.now(), resources };
      this.discovery.set(apiVersion, cached);
      // A failed discovery (unreachable, timeout) is asked again next time.
      resources.catch(() => this.discovery.get(apiVersion) === cached && this.discovery.delete(apiVersion));
    }
    const resources = await cached.resources;
    const entry = resources?.find((r) => r.kind === kind && typeof r.name === 'string' && !r.name.includes('/'));
    if (!entry) return undefined;
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
    return { group, version, kind, resource: String(entry.name), namespaced: entry.namespaced === true };
  }

  /** The live object; undefined when it does not exist (404). */
  async get(info: ResourceInfo, namespace: string | undefined, name: string, signal?: AbortSignal): Promise<Obj | undefined> {
    try {
      return (await this.request('GET', objectPath(info, namespace, name), { signal })) as Obj;
    } catch (err) {
      if (err instanceof ClusterError && err.failure === 'not-found') return undefined;
      throw err;
    }
  }

  async list(info: ResourceInfo, namespace: string | undefined, signal?: AbortSignal): Promise<{ items: Obj[]; resourceVersion: string }> {
    const list = (await this.request('GET', collectionPath(info, namespace), { signal })) as Obj;
    const metadata = isObj(list.metadata) ? list.metadata : {};
    // A list's items carry no apiVersion or kind of their own; a GET's object does.
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    const items = Array.isArray(list.items) ? (list.items as Obj[]).map((item) => ({ apiVersion, kind: info.kind, ...item })) : [];
    return { items, resourceVersion: String(metadata.resourceVersion ?? '') };
  }

  /**
   * What the object would become if `body` were server-side applied as `fieldManager` (with force, as GitOps
   * controllers apply): a dry run, nothing is persisted.
   */
  async applyDryRun(info: ResourceInfo, namespace: string | undefined, name: string, body: Obj, fieldManager: string, signal?: AbortSignal): Promise<Obj> {
    const query = new URLSearchParams({ dryRun: 'All', fieldManager, force: 'true' });
    return (await this.request('PATCH', `${objectPath(info, namespace, name)}?${query}`, {
      signal,
      body: JSON.stringify(body),
      contentType: 'application/apply-patch+yaml',
    })) as Obj;
  }

  /** A write for tests and tools: PATCH with any patch type as `fieldManager` (not a dry run). */
  async patch(info: ResourceInfo, namespace: string | undefined, name: string, body: unknown, contentType: string, fieldManager: string, extra: Record<string, string> = {}): Promise<Obj> {
    const query = new URLSearchParams({ fieldManager, ...extra });
    return (await this.request('PATCH', `${objectPath(info, namespace, name)}?${query}`, { body: JSON.stringify(body), contentType })) as Obj;
  }

  /**
   * Watches a collection from `resourceVersion`. `onEnd` is called once, with the error when the stream failed or
   * the server ended it (a `410 Gone` arrives as an ERROR event first).
   */
  watch(info: ResourceInfo, namespace: string | undefined, resourceVersion: string, onEvent: (event: WatchEvent) => void, onEnd: (err?: Error) => void): WatchHandle {
    const query = new URLSearchParams({ watch: '1', resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: '1800' });
    const controller = new AbortController();
    let ended = false;
    const end = (err?: Error) => {
      if (ended) return;
      ended = true;
      onEnd(err);
    };
    void this.headers()
      .then((headers) => {
        if (controller.signal.aborted) return;
        const url = new URL(`${collectionPath(info, namespace)}?${query}`, this.base);
        const transport = url.protocol === 'https:' ? https : http;
        const req = transport.request(url, { method: 'GET', agent: this.watchAgent, headers: { ...headers, Accept: 'application/json' }, signal: controller.signal });
        // No data at all for this long (the server sends bookmarks about every minute) means a dead connection.
        req.setTimeout(90_000, () => req.destroy(new Error('the watch went silent')));
        req.on('response', (res) => {
          if (res.statusCode !== 200) {
            let text = '';
            res.setEncoding('utf8').on('data', (c: string) => (text += c));
            res.on('end', () => end(statusError(res.statusCode ?? 0, text)));
            return;
          }
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
              const line = buffer.slice(0, nl).trim();
              buffer = buffer.slice(nl + 1);
              if (!line) continue;
              try {
                onEvent(JSON.parse(line) as WatchEvent);
              } catch {
                // A line that is not JSON is not an event.
              }
            }
          });
          res.on('end', () => end());
          res.on('error', (err) => end(networkError(err)));
          res.on('aborted', () => end(new ClusterError('unreachable', 'the watch connection was closed')));
        });
        req.on('error', (err) => end(controller.signal.aborted ? undefined : networkError(err)));
        req.end();
      })
      .catch((err: unknown) => end(err as Error));
    return {
      stop: () => {
        ended = true;
        controller.abort();
      },
    };
  }

  private async headers(): Promise<Record<string, string>> {
    const options: https.RequestOptions = { headers: {} };
    try {
      await this.kc.applyToHTTPSOptions(options);
    } catch (err) {
      throw new ClusterError('unreachable', `Cannot get credentials for the context "${this.context.name}": ${(err as Error).message}`);
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.headers ?? {})) if (value !== undefined) headers[key] = String(value);
    if (options.auth) headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    return headers;
  }

  private async slot(): Promise<() => void> {
    if (this.inFlight >= this.maxConcurrent) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.queue.shift()?.();
    };
  }

  async request(method: string, path: string, opts: { signal?: AbortSignal; body?: string; contentType?: string } = {}): Promise<unknown> {
    if (this.closed) throw new ClusterError('unreachable', 'the connection was closed');
    const release = await this.slot();
    try {
      opts.signal?.throwIfAborted();
      const headers = await this.headers();
      headers.Accept = 'application/json';
      if (opts.body !== undefined) {
        headers['Content-Type'] = opts.contentType ?? 'application/json';
        headers['Content-Length'] = String(Buffer.byteLength(opts.body));
      }
      const url = new URL(path, this.base);
      const transport = url.protocol === 'https:' ? https : http;
      const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(this.timeoutMs)]) : AbortSignal.timeout(this.timeoutMs);
      const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = transport.request(url, { method, agent: this.agent, headers, signal }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        });
        req.on('error', (err) => reject(signal.aborted && !opts.signal?.aborted ? new ClusterError('unreachable', `${this.base.host} did not answer within ${this.timeoutMs / 1000} s`) : err));
        req.end(opts.body);
      }).catch((err: unknown) => {
        if (err instanceof ClusterError) throw err;
        if (opts.signal?.aborted) throw err;
        throw networkError(err as Error);
      });
      if (status < 200 || status >= 300) throw statusError(status, text);
      return text ? JSON.parse(text) : undefined;
    } finally {
      release();
    }
  }
}

function collectionPath(info: ResourceInfo, namespace: string | undefined): string {
  const prefix = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${ns}/${info.resource}`;
}

function objectPath(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;
}

/** An HTTP error answer as a ClusterError; the message is the apiserver's Status message. */
export function statusError(status: number, text: string): ClusterError {
  let message = `HTTP ${status}`;
  try {
    const body = JSON.parse(text) as { message?: string };
    if (typeof body.message === 'string' && body.message) message = body.message;
  } catch {
    if (text.trim()) message = `HTTP ${status}: ${text.trim().slice(0, 200)}`;
  }
  const failure: FailureKind = status === 404 ? 'not-found' : status === 403 || status === 401 ? 'forbidden' : status === 422 || status === 400 ? 'invalid' : status >= 500 ? 'unreachable' : 'other';
  return new ClusterError(failure, message, status);
}

function networkError(err: Error): ClusterError {
  const code = (err as { code?: string }).code ?? '';
  const why =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'host not found'
        : code.startsWith('ERR_TLS') || code.includes('CERT') || /certificate|self.signed/i.test(err.message)
          ? `TLS: ${err.message}`
          : err.message || code;
  return new ClusterError('unreachable', `Cannot reach the cluster: ${why}`);
}

type KubeClientModule = typeof import('./kubeClient');

/**
 * client-node: in the bundles, the separate `dist/kubeClient.js` beside them (its name is defined at build time);
 * run from source, the module itself. The specifier is a variable so that bundlers leave it out.
 */
async function loadKubeClient(): Promise<KubeClientModule> {
  const bundled = process.env.GITOPS_KUBE_CLIENT_BUNDLE;
  // A plain require: the bundle is CommonJS and the file sits beside it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (bundled) return require(join(__dirname, bundled)) as KubeClientModule;
  const source = './kubeClient';
  return (await import(source)) as KubeClientModule;
}

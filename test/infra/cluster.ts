// A real Kubernetes API server for tests: test/infra/kapi (embedded etcd + stock kube-apiserver), built on
// first use into binDir and started as a child process.
//
// Every startCluster() call gets its own server (own ports, own etcd, own tokens), so test files and tests
// never share state; starting one takes a few seconds. The server dies with the test process: stop() ends it
// gracefully, a process exit sends it SIGTERM, and it also stops by itself when its stdin closes, which covers
// a test process that was killed outright.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { binDir, repoRoot } from './paths';

export const kapiBinary = join(binDir, 'kapi');
const buildScript = join(repoRoot, 'test', 'infra', 'kapi', 'build.sh');

export interface ClusterOptions {
  /** How long to wait for the READY line once the binary runs (default 120 s). */
  readyTimeoutMs?: number;
  /** How long a build may take; a cold build is many minutes on 2 cores (default 60 min). */
  buildTimeoutMs?: number;
  /** After stop()'s SIGTERM, how long to wait before SIGKILL (default 30 s). */
  stopGraceMs?: number;
  /** Keep etcd data, certificates and kubeconfig in this directory instead of a temporary one. */
  dataDir?: string;
  /** Serve on this port instead of a free one (with `dataDir`, a stopped server comes back where clients expect it). */
  port?: number;
  /** Extra kube-apiserver flags, e.g. ['--feature-gates=...']. */
  apiserverArgs?: string[];
  /** Also append the server's stderr (its logs) to this file. */
  logFile?: string;
}

export interface Cluster {
  /** Path of the kubeconfig: contexts "admin" (current, system:masters) and "viewer" (read-only). */
  kubeconfig: string;
  /** https://127.0.0.1:<port> */
  server: string;
  adminToken: string;
  viewerToken: string;
  /** The server's process id. */
  pid: number;
  /** SIGTERM, then wait for the exit (SIGKILL after the grace period). Safe to call twice. */
  stop(): Promise<void>;
}

let build: Promise<void> | undefined;

/** Builds kapi unless the binary is already newer than its sources. One build per process. */
export function buildKapi(timeoutMs = 60 * 60_000): Promise<void> {
  build ??= runBuildScript(timeoutMs).catch((err: unknown) => {
    build = undefined;
    throw err;
  });
  return build;
}

function runBuildScript(timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // The build's progress goes to our stderr: a cold build is slow and should not look like a hang.
    const child = spawn('bash', [buildScript], { stdio: ['ignore', 'inherit', 'inherit'], timeout: timeoutMs });
    child.on('error', (err) => reject(new Error(`kapi build: cannot run ${buildScript}: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else if (code === 127) reject(new Error('kapi build: Go is not installed (see test/infra/README.md)'));
      else reject(new Error(`kapi build failed (${signal ?? `exit ${code}`}); run test/infra/kapi/build.sh to see why`));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only synchronous work is possible here; kapi then cleans up after itself.
  process.once('exit', () => {
    for (const server of running) terminate(server);
  });
}

/**
 * Sends SIGTERM once. kube-apiserver exits at once on a second signal, without removing its directory,
 * so stop(), a failed start and the exit hook must not each send one.
 */
function terminate(child: ChildProcess): void {
  if (!running.delete(child)) return;
  child.kill('SIGTERM');
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  await buildKapi(opts.buildTimeoutMs);

  const args = ['--exit-on-stdin-close'];
  if (opts.dataDir) args.push('--data-dir', opts.dataDir);
  if (opts.port) args.push('--port', String(opts.port));
  if (opts.apiserverArgs?.length) args.push('--', ...opts.apiserverArgs);
  // Own process group: a terminal's Ctrl-C reaches only us, and stop() decides how the server ends.
  const child = spawn(kapiBinary, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  killOnExit(child);

  const stderrTail = new TailBuffer(80);
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail.push(chunk);
    if (opts.logFile) appendFileSync(opts.logFile, chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const kubeconfig = await waitForReady(child, opts.readyTimeoutMs ?? 120_000, stderrTail);

  // From here on the server must not keep the test process alive by itself.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      terminate(child);
      const grace = setTimeout(() => child.kill('SIGKILL'), opts.stopGraceMs ?? 30_000);
      await exited;
      clearTimeout(grace);
    })();
    return stopping;
  };

  return { kubeconfig, pid: child.pid!, stop, ...readCredentials(kubeconfig) };
}

function waitForReady(child: ChildProcess, timeoutMs: number, stderrTail: TailBuffer): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      terminate(child);
      reject(new Error(`kapi ${why}; last stderr lines:\n${stderrTail.text()}`));
    };
    const timer = setTimeout(() => fail(`did not print READY within ${timeoutMs / 1000} s`), timeoutMs);
    child.on('error', (err) => fail(`could not start ${kapiBinary}: ${err.message}`));
    child.once('exit', (code, signal) => fail(`exited before READY (${signal ?? `exit code ${code}`})`));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const ready = /^READY (.+)$/m.exec(stdout);
      if (!ready || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ready[1].trim());
    });
  });
}

interface KubeconfigFile {
  clusters: { name: string; cluster: { server: string } }[];
  users: { name: string; user: { token: string } }[];
}

function readCredentials(kubeconfig: string): { server: string; adminToken: string; viewerToken: string } {
  const config = parse(readFileSync(kubeconfig, 'utf8')) as KubeconfigFile;
  const token = (name: string) => {
    const user = config.users.find((u) => u.name === name);
    if (!user) throw new Error(`kapi kubeconfig ${kubeconfig} has no user ${name}`);
    return user.user.token;
  };
  return { server: config.clusters[0].cluster.server, adminToken: token('admin'), viewerToken: token('viewer') };
}

/** The last lines written to a stream, for error messages. */
class TailBuffer {
  private lines: string[] = [''];
  constructor(private readonly max: number) {}

  push(chunk: string): void {
    const parts = chunk.split('\n');
    this.lines[this.lines.length - 1] += parts[0];
    this.lines.push(...parts.slice(1));
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }

  text(): string {
    return this.lines.join('\n').trimEnd();
  }
}

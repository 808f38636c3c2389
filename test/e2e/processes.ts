// Child processes for the VS Code set-up: commands whose output goes to a log file, long-running servers
// in their own process group (so one signal ends a server and everything it spawned), and HTTP readiness.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

const startedAt = Date.now();

/** Progress lines with the seconds since this process started, so slow steps stand out. */
export function log(message: string): void {
  console.log(`[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${message}`);
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Append the command's output here instead of showing it; on failure its tail goes into the error. */
  logFile?: string;
}

/** Runs a command to completion; rejects with the exit status (and the log's tail) when it fails. */
export function run(command: string, args: string[], opts: RunOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    let output: NodeJS.WritableStream | undefined;
    if (opts.logFile) {
      mkdirSync(dirname(opts.logFile), { recursive: true });
      output = createWriteStream(opts.logFile, { flags: 'a' });
      output.write(`\n$ ${command} ${args.join(' ')}\n`);
    }
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', output ? 'pipe' : 'inherit', output ? 'pipe' : 'inherit'],
    });
    if (output) {
      child.stdout!.pipe(output, { end: false });
      child.stderr!.pipe(output, { end: false });
    }
    const failed = (why: string) => {
      const tail = opts.logFile ? `\n--- last lines of ${opts.logFile} ---\n${logTail(opts.logFile)}` : '';
      return new Error(`${command} ${args.join(' ')}: ${why}${tail}`);
    };
    child.on('error', (err) => reject(failed(err.message)));
    child.on('close', (code, signal) => {
      const done = () => (code === 0 ? resolve() : reject(failed(signal ?? `exit code ${code}`)));
      if (output) output.end(done);
      else done();
    });
  });
}

function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A server started by spawnServer: stop() ends its whole process group. */
export interface ServerProcess {
  child: ChildProcess;
  /** Settles when the server's main process exits. */
  exited: Promise<void>;
  /** SIGTERM to the group, then SIGKILL to whatever is left after the grace period. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const runningGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * Spawns a long-running server in its own process group: a terminal's Ctrl-C reaches only our process,
 * which then stops the server and its children (extension host, language server, terminals) together.
 */
export function spawnServer(command: string, args: string[], opts: RunOptions): ServerProcess {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pid = child.pid;
  if (pid === undefined) {
    child.once('error', () => undefined); // reported by the throw below
    throw new Error(`could not start ${command}`);
  }
  runningGroups.add(pid);
  installExitHook();
  const logStream = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  // Always read the output, so a chatty server never blocks on a full pipe.
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => logStream?.write(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5000): Promise<void> => {
    stopping ??= (async () => {
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      // The group leader may exit before its children do; wait for the whole group to be gone.
      while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
      signalGroup(pid, 'SIGKILL');
      await exited;
      runningGroups.delete(pid);
      logStream?.end();
    })();
    return stopping;
  };
  return { child, exited, stop };
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when our process ends without stopping its servers (an uncaught error): only sync work here.
  process.once('exit', () => {
    for (const pid of runningGroups) signalGroup(pid, 'SIGKILL');
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls url until it answers 200. */
export async function waitForHttpOk(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the server exited before ${url} answered`);
    const status = await new Promise<number>((resolve) => {
      get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', () => resolve(0));
    });
    if (status === 200) return;
    await sleep(150);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}

/** Whether 127.0.0.1:port can be listened on right now. Port 0 asks for any free port and returns it. */
export function listenablePort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

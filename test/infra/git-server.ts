// A real git server for tests: Node's http server in front of `git http-backend` (CGI), on 127.0.0.1.
// Anonymous clone/fetch; push needs Basic auth; faults can be injected into the next push.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile, chmod } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export type GitServerFault = 'refuse-next-push' | 'cut-next-push';

export interface GitServerOptions {
  /** Repository name (`name` or `owner/name`, without `.git`) → fixture directory whose files become the initial commit on `main`. */
  repos?: Record<string, string>;
  /** User name → password or token. Each user may push. */
  users?: Record<string, string>;
  /** Where errors are reported; defaults to stderr. */
  log?: (message: string) => void;
}

export interface GitServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Directory holding the bare repositories (`<root>/<name>.git`). */
  root: string;
  repoUrl(name: string): string;
  /** Makes the next push (receive-pack POST) fail: rejected by a pre-receive hook, or connection cut mid-pack. */
  injectFault(kind: GitServerFault): void;
  stop(): Promise<void>;
}

const GIT_HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';
/** Set in the CGI environment for one push; the pre-receive hook declines the push when it sees it. */
const REFUSE_PUSH_ENV = 'GITOPS_TEST_REFUSE_PUSH';
const PRE_RECEIVE_HOOK = `#!/bin/sh
if [ -n "$${REFUSE_PUSH_ENV}" ]; then
  echo "push refused (test fault injection)" >&2
  exit 1
fi
`;
/** Deterministic identity and dates so fixture commits get the same ids on every run. */
const FIXTURE_COMMIT_ENV = {
  GIT_AUTHOR_NAME: 'Fixture',
  GIT_AUTHOR_EMAIL: 'fixture@example.invalid',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'Fixture',
  GIT_COMMITTER_EMAIL: 'fixture@example.invalid',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};

export async function startGitServer(opts: GitServerOptions = {}): Promise<GitServer> {
  const log = opts.log ?? ((message: string) => console.error(`[git-server] ${message}`));
  const users = opts.users ?? {};
  const root = await mkdtemp(join(tmpdir(), 'gitops-git-server-'));
  const projectRoot = join(root, 'repos');
  await mkdir(projectRoot);
  // Isolate the CGI (and the fixture commits) from the machine's and user's git configuration.
  const gitEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

  for (const [name, fixtureDir] of Object.entries(opts.repos ?? {})) {
    await createBareRepo(join(projectRoot, `${repoDirName(name)}`), fixtureDir, gitEnv);
  }

  const pendingFaults: GitServerFault[] = [];
  const runningCgis = new Set<ChildProcess>();

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      log(`${req.method} ${req.url}: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const credentials = parseBasicAuth(req.headers.authorization);
    if (credentials && users[credentials.user] !== credentials.password) {
      return unauthorized(res);
    }
    const isPush =
      url.searchParams.get('service') === 'git-receive-pack' || url.pathname.endsWith('/git-receive-pack');
    if (isPush && !credentials) return unauthorized(res);

    const pushUpload = req.method === 'POST' && url.pathname.endsWith('/git-receive-pack');
    const fault = pushUpload ? pendingFaults.shift() : undefined;
    if (fault === 'cut-next-push') return cutConnectionMidRequest(req);

    const env: NodeJS.ProcessEnv = {
      ...gitEnv,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_ADDR: req.socket.remoteAddress ?? '',
      // http-backend enables receive-pack only for an authenticated REMOTE_USER (http.receivepack unset).
      REMOTE_USER: credentials?.user ?? '',
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
    const gitProtocol = req.headers['git-protocol'];
    if (typeof gitProtocol === 'string') env.GIT_PROTOCOL = gitProtocol;
    if (fault === 'refuse-next-push') env[REFUSE_PUSH_ENV] = '1';

    await runCgi(req, res, env);
  }

  function runCgi(req: IncomingMessage, res: ServerResponse, env: NodeJS.ProcessEnv): Promise<void> {
    return new Promise((resolve, reject) => {
      const cgi = spawn(GIT_HTTP_BACKEND, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      runningCgis.add(cgi);
      const stderr: Buffer[] = [];
      cgi.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      // The CGI may exit before reading the whole body (e.g. on an error); that is not our failure.
      cgi.stdin.on('error', () => undefined);
      req.pipe(cgi.stdin);
      // If the client goes away, the CGI has nobody to answer.
      res.on('close', () => {
        if (!res.writableFinished) cgi.kill('SIGKILL');
      });

      const parser = new CgiHeaderParser();
      cgi.stdout.on('data', (chunk: Buffer) => {
        if (res.headersSent) {
          res.write(chunk);
          return;
        }
        const parsed = parser.push(chunk);
        if (!parsed) return;
        res.writeHead(parsed.status, parsed.headers);
        if (parsed.body.length > 0) res.write(parsed.body);
      });
      cgi.on('error', reject);
      cgi.on('close', (code, signal) => {
        runningCgis.delete(cgi);
        if (code !== 0 && !signal) {
          log(`http-backend exited ${code} for ${req.method} ${req.url}: ${Buffer.concat(stderr).toString().trim()}`);
        }
        if (!res.headersSent) {
          if (code === 0) log(`http-backend sent no headers for ${req.method} ${req.url}`);
          res.writeHead(502, { 'Content-Type': 'text/plain' });
        }
        res.end();
        resolve();
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    root: projectRoot,
    repoUrl: (name) => `${url}/${repoDirName(name)}`,
    injectFault: (kind) => {
      pendingFaults.push(kind);
    },
    stop: async () => {
      for (const cgi of runningCgis) cgi.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Creates `<dir>` as a bare repository whose `main` holds the fixture's files in one commit, plus the fault hook. */
async function createBareRepo(bareDir: string, fixtureDir: string, gitEnv: NodeJS.ProcessEnv): Promise<void> {
  await execFileAsync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bareDir], { env: gitEnv });
  const hook = join(bareDir, 'hooks', 'pre-receive');
  await writeFile(hook, PRE_RECEIVE_HOOK);
  await chmod(hook, 0o755);

  // Plumbing straight into the bare repo: stage the fixture with a throwaway index, write the tree, commit it.
  const git = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    execFileAsync('git', [`--git-dir=${bareDir}`, `--work-tree=${fixtureDir}`, ...args], {
      cwd: fixtureDir,
      env: { ...gitEnv, ...FIXTURE_COMMIT_ENV, GIT_INDEX_FILE: join(bareDir, 'fixture-index'), ...extraEnv },
    });
  await git(['add', '--all', '--force', '.']);
  const tree = (await git(['write-tree'])).stdout.trim();
  const commit = (await git(['commit-tree', tree, '-m', 'Initial commit'])).stdout.trim();
  await git(['update-ref', 'refs/heads/main', commit]);
  await rm(join(bareDir, 'fixture-index'), { force: true });
}

/** `name` or `owner/name` (forges address repositories by owner and name). */
function repoDirName(name: string): string {
  if (!/^([\w-][\w.-]*\/)?[\w-][\w.-]*$/.test(name)) throw new Error(`invalid repository name: ${name}`);
  return name.endsWith('.git') ? name : `${name}.git`;
}

function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function unauthorized(res: ServerResponse): void {
  res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
  res.end('authentication required\n');
}

/** Lets the first bytes of the pack arrive, then drops the TCP connection without answering. */
function cutConnectionMidRequest(req: IncomingMessage): void {
  const cut = () => req.socket.destroy();
  req.once('data', cut);
  req.once('end', cut);
}

/** Collects CGI output until the blank line that ends the headers (RFC 3875 §6), then yields status and headers. */
class CgiHeaderParser {
  private buffered = Buffer.alloc(0);

  push(chunk: Buffer): { status: number; headers: OutgoingHttpHeaders; body: Buffer } | undefined {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const crlf = this.buffered.indexOf('\r\n\r\n');
    const lf = this.buffered.indexOf('\n\n');
    let end: number;
    let separatorLength: number;
    if (crlf >= 0 && (lf < 0 || crlf < lf)) [end, separatorLength] = [crlf, 4];
    else if (lf >= 0) [end, separatorLength] = [lf, 2];
    else return undefined;

    let status = 200;
    const headers: OutgoingHttpHeaders = {};
    for (const line of this.buffered.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') {
        status = Number.parseInt(value, 10) || 500;
      } else {
        const previous = headers[name];
        headers[name] = previous === undefined ? value : [...[previous].flat().map(String), value];
      }
    }
    return { status, headers, body: this.buffered.subarray(end + separatorLength) };
  }
}

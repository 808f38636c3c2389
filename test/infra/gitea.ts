// A real Gitea forge for pull-request tests: built from Go modules (gitea/build.sh), run from a throwaway work
// directory with SQLite, one admin user and an access token, listening on 127.0.0.1.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binDir, cacheDir, repoRoot } from './paths';

const execFileAsync = promisify(execFile);


/** The fields of Gitea's pull request JSON the tests read. */
export interface GiteaPullRequest {
  number: number;
  title: string;
  body: string;
  state: string;
  html_url: string;
  head: { ref: string };
  base: { ref: string };
}
export const giteaModuleDir = join(repoRoot, 'test', 'infra', 'gitea');
export const giteaBinary = join(binDir, 'gitea');

export interface CreateRepoOptions {
  /** Create an initial commit (README) on the default branch. Default: true. */
  autoInit?: boolean;
  defaultBranch?: string;
  private?: boolean;
  description?: string;
}

export interface GiteaRepo {
  owner: string;
  name: string;
  fullName: string;
  cloneUrl: string;
  htmlUrl: string;
  defaultBranch: string;
}

export interface Gitea {
  /** Base URL with trailing slash removed, e.g. `http://127.0.0.1:38211`. */
  url: string;
  /** Access token of the admin user, scopes `all`. Works as `Authorization: token …` and as a git password. */
  token: string;
  username: string;
  password: string;
  /** Calls the REST API (`/api/v1` + path) as the admin user; returns status and parsed JSON (if any). */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  createRepo(name: string, opts?: CreateRepoOptions): Promise<GiteaRepo>;
  stop(): Promise<void>;
}

const ADMIN = { username: 'gitops-admin', password: 'Admin-pass-123', email: 'admin@example.invalid' };
const START_TIMEOUT_MS = 60_000;

/** Runs build.sh, which returns at once when the binary is current. A cold build takes minutes. */
export async function buildGitea(): Promise<string> {
  await execFileAsync('bash', [join(giteaModuleDir, 'build.sh')], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GITOPS_MANIFESTS_CACHE: cacheDir },
  });
  return giteaBinary;
}

export async function startGitea(): Promise<Gitea> {
  await buildGitea();
  const version = (await readFile(join(giteaModuleDir, 'GITEA_VERSION'), 'utf8')).trim();
  const workPath = await mkdtemp(join(tmpdir(), 'gitops-gitea-'));
  const configPath = join(workPath, 'custom', 'conf', 'app.ini');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;

  let web: ChildProcess | undefined;
  try {
    await writeAppIni(configPath, {
      WORK_PATH: workPath,
      HTTP_PORT: String(port),
      STATIC_ROOT_PATH: join(cacheDir, 'go', 'mod', 'code.gitea.io', `gitea@v${version}`),
    });
    const env = {
      ...process.env,
      HOME: workPath,
      GITEA_WORK_DIR: workPath,
      GITEA_CUSTOM: join(workPath, 'custom'),
    };
    const gitea = (...args: string[]) =>
      execFileAsync(giteaBinary, [...args, '--config', configPath, '--work-path', workPath], { env, cwd: workPath });

    await gitea('migrate');
    await gitea(
      'admin', 'user', 'create', '--admin',
      '--username', ADMIN.username, '--password', ADMIN.password, '--email', ADMIN.email,
      '--must-change-password=false',
    );
    const tokenOutput = await gitea(
      'admin', 'user', 'generate-access-token',
      '--username', ADMIN.username, '--token-name', 'tests', '--scopes', 'all', '--raw',
    );
    // Log lines (e.g. the run-as-root warning) share stdout with the token.
    const token = tokenOutput.stdout.split('\n').map((line) => line.trim()).findLast((line) => /^[0-9a-f]{40}$/.test(line));
    if (!token) throw new Error(`no access token in: ${tokenOutput.stdout}${tokenOutput.stderr}`);

    web = spawn(giteaBinary, ['web', '--config', configPath, '--work-path', workPath], {
      env,
      cwd: workPath,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collectOutput(web);
    // Should the test process die without calling stop(), take Gitea down with it.
    const killOnExit = () => web?.kill('SIGKILL');
    process.once('exit', killOnExit);
    web.once('exit', () => process.removeListener('exit', killOnExit));
    await waitForVersionEndpoint(url, web, output);

    const running = web;
    const api: Gitea['api'] = async (method, path, body) => {
      const response = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: {
          Authorization: `token ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as never };
    };

    return {
      url,
      token,
      username: ADMIN.username,
      password: ADMIN.password,
      api,
      createRepo: async (name, opts = {}) => {
        const { status, body } = await api<Record<string, unknown>>('POST', '/user/repos', {
          name,
          auto_init: opts.autoInit ?? true,
          default_branch: opts.defaultBranch ?? 'main',
          private: opts.private ?? false,
          description: opts.description ?? '',
        });
        if (status !== 201) throw new Error(`creating repository ${name}: HTTP ${status} ${JSON.stringify(body)}`);
        return {
          owner: (body.owner as { login: string }).login,
          name: body.name as string,
          fullName: body.full_name as string,
          cloneUrl: body.clone_url as string,
          htmlUrl: body.html_url as string,
          defaultBranch: body.default_branch as string,
        };
      },
      stop: async () => {
        await stopProcess(running);
        await rm(workPath, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (web) await stopProcess(web);
    await rm(workPath, { recursive: true, force: true });
    throw err;
  }
}

async function writeAppIni(configPath: string, values: Record<string, string>): Promise<void> {
  const template = await readFile(join(giteaModuleDir, 'app.ini.tmpl'), 'utf8');
  const ini = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`app.ini.tmpl: no value for {{${key}}}`);
    return values[key];
  });
  await mkdir(join(configPath, '..'), { recursive: true });
  await writeFile(configPath, ini);
}

/** Asks the kernel for a free port. Another process could take it before Gitea binds; on loopback that is rare. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Keeps the last 64 KiB of the process's output, for error messages. */
function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65536);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

async function waitForVersionEndpoint(url: string, web: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (web.exitCode !== null || web.signalCode !== null) {
      throw new Error(`gitea web exited (${web.exitCode ?? web.signalCode}) before serving:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/api/v1/version`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gitea web did not serve ${url}/api/v1/version within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

/** SIGTERM lets Gitea close SQLite cleanly; SIGKILL after 10 s so a hung process never outlives the tests. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// The tools a real VS Code needs here, installed once into the project cache and reused afterwards:
// code-server (VS Code in the browser) on Node 24 from the npm `node` package, playwright-core to drive
// Debian's Chromium, and the Debian packages they need (see test/e2e/README.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cacheDir } from '../infra/paths';
import { log, run } from './processes';
import type { Browser } from './workbench';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';
export const PLAYWRIGHT_CORE_VERSION = '1.65.1';
export const CHROMIUM = '/usr/bin/chromium';

/** Everything the VS Code set-up keeps: tools, profiles, workspaces and logs. */
export const vscodeCacheDir = join(cacheDir, 'vscode');
export const toolLogDir = join(vscodeCacheDir, 'logs');
const node24Dir = join(vscodeCacheDir, 'node24');
const codeServerDir = join(vscodeCacheDir, 'code-server');
const playwrightDir = join(vscodeCacheDir, 'playwright');

/** The official Node 24 binary and headers, which the `node` package installs as a nested platform package. */
export const node24Home = join(node24Dir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
export const node24Binary = join(node24Home, 'bin', 'node');
/** code-server's real entry point; started with node24Binary, it runs its server processes on Node 24 too. */
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Installs Debian packages that are missing (we run as root), showing apt's output. */
export async function ensureAptPackages(packages: string[]): Promise<void> {
  const missing = packages.filter((name) => {
    const status = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return !status.stdout?.includes('install ok installed');
  });
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`Installing Debian packages: ${missing.join(' ')} (apt-get output follows)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  } catch {
    // A fresh machine may have no package lists yet, or outdated ones.
    await run('apt-get', ['update'], { env });
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  }
}

/**
 * npm-installs `specs` into `dir` (its own package.json, so nothing touches the repository's node_modules),
 * unless a previous install of exactly these specs completed there.
 */
async function ensureNpmFolder(dir: string, specs: string[], what: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
  const stamp = join(dir, '.installed');
  const wanted = specs.join(' ');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  const logFile = join(toolLogDir, `npm-install-${what.replace(/\W+/g, '-')}.log`);
  const started = Date.now();
  log(`Installing ${what} into ${dir} (first run only; log: ${logFile})...`);
  await run('npm', ['install', '--no-audit', '--no-fund', ...specs], { cwd: dir, env: npmEnv(extraEnv), logFile });
  writeFileSync(stamp, wanted);
  log(`Installed ${what} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Our environment without the npm_* variables an enclosing `npm start` or `npm test` sets: the nested npm
 * would take them as its own configuration (e.g. the user agent naming Node 20, which code-server rejects).
 */
function npmEnv(extraEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
  return { ...env, ...extraEnv };
}

export async function ensureNode24(): Promise<void> {
  // Its own folder: a later npm install in the same folder would prune the nested platform package.
  await ensureNpmFolder(node24Dir, [`node@${NODE24_VERSION}`], `Node ${NODE24_VERSION}`);
  if (!existsSync(node24Binary)) throw new Error(`Node 24 install did not produce ${node24Binary}`);
}

/** Where ensureNode(version) installs that Node release. */
export function nodeBinary(version: string): string {
  return join(vscodeCacheDir, `node-${version}`, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
}

/**
 * Installs one Node release from the npm `node` package into the cache (its own folder, like Node 24) and returns its
 * binary: e.g. 22.19.0, the Node of VS Code 1.105's extension host, the oldest the extension supports.
 */
export async function ensureNode(version: string): Promise<string> {
  const binary = nodeBinary(version);
  await ensureNpmFolder(join(vscodeCacheDir, `node-${version}`), [`node@${version}`], `Node ${version}`);
  if (!existsSync(binary)) throw new Error(`Node ${version} install did not produce ${binary}`);
  return binary;
}

/** code-server built for Node 24: its native modules compile against Node 24's headers (needs libkrb5-dev). */
export async function ensureCodeServer(): Promise<void> {
  await ensureAptPackages(['libkrb5-dev']);
  await ensureNode24();
  const node24Bin = join(node24Home, 'bin');
  const env = {
    // npm must itself run on Node 24: code-server's postinstall reads the Node major from npm's user agent.
    PATH: `${node24Bin}:${process.env.PATH ?? ''}`,
    // The machine's npmrc points node-gyp at the system Node 20 headers; the addons must match Node 24.
    npm_config_nodedir: node24Home,
  };
  await ensureNpmFolder(codeServerDir, [`code-server@${CODE_SERVER_VERSION}`], `code-server ${CODE_SERVER_VERSION}`, env);
  if (!existsSync(codeServerEntry)) throw new Error(`code-server install did not produce ${codeServerEntry}`);
}

/** The Playwright API (the few calls the tests use), from playwright-core in the cache. */
export interface PlaywrightChromium {
  launch(options: { executablePath: string; args: string[]; headless?: boolean; env?: NodeJS.ProcessEnv }): Promise<Browser>;
}

export async function loadPlaywrightChromium(): Promise<PlaywrightChromium> {
  await ensureAptPackages(['chromium']);
  await ensureNpmFolder(playwrightDir, [`playwright-core@${PLAYWRIGHT_CORE_VERSION}`], `playwright-core ${PLAYWRIGHT_CORE_VERSION}`);
  const requireFromCache = createRequire(join(playwrightDir, 'package.json'));
  return (requireFromCache('playwright-core') as { chromium: PlaywrightChromium }).chromium;
}

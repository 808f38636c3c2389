// A real VS Code (code-server) with an isolated profile: its own HOME, XDG dirs, TMPDIR, user data and
// extensions under the cache, so nothing is written to the user's home and runs do not see each other.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, run, spawnServer, waitForHttpOk, type ServerProcess } from './processes';
import { codeServerEntry, node24Binary, vscodeCacheDir } from './tools';

export const EXTENSION_ID = 'gitops-manifests.gitops-manifests';

/** User settings for an uncluttered, offline first start. */
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
};

export interface Profile {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  /** The environment code-server and everything it starts (extension host, terminals) run in. */
  env: NodeJS.ProcessEnv;
}

/**
 * The profile `<cache>/vscode/profiles/<name>`. `fresh` deletes what an earlier run left there;
 * otherwise settings and editor state persist between runs, as in a desktop VS Code.
 */
export function createProfile(name: string, opts: { fresh?: boolean; extraEnv?: NodeJS.ProcessEnv } = {}): Profile {
  const dir = join(vscodeCacheDir, 'profiles', name);
  if (opts.fresh) rmSync(dir, { recursive: true, force: true });
  const home = join(dir, 'home');
  const tmp = join(dir, 'tmp');
  const xdg = { XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share'), XDG_CACHE_HOME: join(home, '.cache') };
  const userDataDir = join(dir, 'user-data');
  for (const path of [home, tmp, ...Object.values(xdg), join(userDataDir, 'User')]) mkdirSync(path, { recursive: true });

  const settingsFile = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  const configFile = join(dir, 'config.yaml');
  // Without a config file code-server writes one with a generated password into ~/.config.
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Inside a VS Code terminal these would make code-server hand the folder to that VS Code instead.
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  Object.assign(env, { HOME: home, TMPDIR: tmp, ...xdg }, opts.extraEnv);
  return { dir, userDataDir, extensionsDir: join(dir, 'extensions'), configFile, env };
}

/** Adds settings to the profile's user settings (e.g. `gitops.forges`, which is read from user settings only). */
export function setUserSettings(profile: Pick<Profile, 'userDataDir'>, settings: Record<string, unknown>): void {
  const file = join(profile.userDataDir, 'User', 'settings.json');
  writeFileSync(file, `${JSON.stringify({ ...(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>), ...settings }, null, 2)}\n`);
}

function profileArgs(profile: Profile): string[] {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** Installs (or replaces, when rebuilt with the same version) the packaged extension into the profile. */
export async function installExtension(profile: Profile, vsix: string): Promise<void> {
  const logFile = join(profile.dir, 'install-extension.log');
  rmSync(logFile, { force: true });
  await run(node24Binary, [codeServerEntry, ...profileArgs(profile), '--install-extension', vsix, '--force'], {
    env: profile.env,
    logFile,
  });
  const output = readFileSync(logFile, 'utf8');
  if (!/successfully installed/i.test(output)) throw new Error(`installing ${vsix} failed:\n${output}`);
  log(`Installed ${EXTENSION_ID} into ${profile.extensionsDir}`);
}

export interface CodeServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** The URL that opens `folder` in the workbench. */
  folderUrl: string;
  logFile: string;
  /** Settles when code-server exits, for whatever reason. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/** Starts code-server on 127.0.0.1:port with `folder` as the workspace and waits until it answers. */
export async function startCodeServer(profile: Profile, opts: { port: number; folder: string }): Promise<CodeServer> {
  const logFile = join(profile.dir, 'code-server.log');
  writeFileSync(logFile, '');
  const args = [
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${opts.port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...profileArgs(profile),
    opts.folder,
  ];
  // Run by Node 24 directly: code-server starts its extension host and other processes with the same binary.
  const server: ServerProcess = spawnServer(node24Binary, args, { env: profile.env, cwd: opts.folder, logFile });
  const url = `http://127.0.0.1:${opts.port}/`;
  try {
    await waitForHttpOk(`${url}healthz`, 30_000, () => server.child.exitCode === null && server.child.signalCode === null);
  } catch (err) {
    await server.stop();
    const output = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
    throw new Error(`code-server did not start: ${(err as Error).message}\n--- ${logFile} ---\n${output}`);
  }
  // Slashes may stay unescaped in a query, which keeps the printed URL readable.
  const folderUrl = `${url}?folder=${encodeURIComponent(opts.folder).replace(/%2F/g, '/')}`;
  return { url, folderUrl, logFile, exited: server.exited, stop: () => server.stop() };
}

// The packaged extension (.vsix) exactly as users install it, rebuilt only when its inputs changed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../infra/paths';
import { log, run } from './processes';
import { toolLogDir } from './tools';

/** What `npm run package` reads: a change to any of these makes the .vsix stale. */
const PACKAGE_INPUTS = [
  'client/src',
  'server/src',
  'schemas/k8s',
  'snippets',
  'client/icon.png',
  'package.json',
  'package-lock.json',
  '.vscodeignore',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];
const BUNDLES = ['dist/extension.js', 'dist/server.js'];

export function vsixPath(): string {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return join(repoRoot, `gitops-manifests-${version}.vsix`);
}

/** Builds and packages the extension when dist/ or the .vsix is missing or older than a source; returns the .vsix. */
export async function ensurePackagedExtension(): Promise<string> {
  const vsix = vsixPath();
  const staleBecause = whyStale(vsix);
  if (!staleBecause) {
    log(`Extension package is up to date: ${vsix}`);
    return vsix;
  }
  if (!existsSync(join(repoRoot, 'node_modules', '.bin', 'vsce'))) {
    log('Installing the project dependencies (npm ci), as node_modules is missing...');
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot });
  }
  const logFile = join(toolLogDir, 'npm-run-package.log');
  log(`Building and packaging the extension (${staleBecause}; log: ${logFile})...`);
  await run('npm', ['run', 'package'], { cwd: repoRoot, logFile });
  if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  log(`Packaged ${vsix}`);
  return vsix;
}

function whyStale(vsix: string): string | undefined {
  if (!existsSync(vsix)) return 'no .vsix yet';
  const missingBundle = BUNDLES.find((bundle) => !existsSync(join(repoRoot, bundle)));
  if (missingBundle) return `${missingBundle} is missing`;
  const packagedAt = statSync(vsix).mtimeMs;
  for (const input of PACKAGE_INPUTS) {
    const changed = newerFile(join(repoRoot, input), packagedAt);
    if (changed) return `${changed.slice(repoRoot.length + 1)} changed since it was packaged`;
  }
  return undefined;
}

/** The first file under path (a file or a directory) modified after `time`. */
function newerFile(path: string, time: number): string | undefined {
  if (!existsSync(path)) return undefined;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs > time ? path : undefined;
  for (const entry of readdirSync(path)) {
    const found = newerFile(join(path, entry), time);
    if (found) return found;
  }
  return undefined;
}

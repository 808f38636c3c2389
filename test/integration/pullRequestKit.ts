// Shared steps of the pull-request tests: clones made with the git CLI (so the index is git's own), and a byte
// snapshot of everything the flow promises not to touch: every work-tree file, `.git/index`, HEAD, refs and config.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The machine's and user's git configuration stay out of the tests. */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
  };
}

export async function gitCli(cwd: string, args: string[], home: string): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd, env: gitEnv(home), maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Clones `url` with the git CLI into `dir` and sets a committer identity in the clone's own config. */
export async function cloneWithGit(url: string, dir: string, home: string): Promise<void> {
  await gitCli(home, ['clone', '--quiet', url, dir], home);
  await gitCli(dir, ['config', 'user.name', 'Dev Eloper'], home);
  await gitCli(dir, ['config', 'user.email', 'dev@example.invalid'], home);
}

export interface RepoSnapshot {
  /** Path → bytes, base64, of every file outside `.git`. */
  workTree: Map<string, string>;
  index: string;
  head: string;
  config: string;
  /** Every file under `.git/refs` plus packed-refs, path → contents. */
  refs: Map<string, string>;
}

export async function snapshotRepo(dir: string): Promise<RepoSnapshot> {
  const workTree = new Map<string, string>();
  for (const file of await listFiles(dir, (path) => path === '.git')) workTree.set(file, (await readFile(join(dir, file))).toString('base64'));
  const refs = new Map<string, string>();
  for (const file of await listFiles(join(dir, '.git', 'refs'))) refs.set(file, await readFile(join(dir, '.git', 'refs', file), 'utf8'));
  const packed = join(dir, '.git', 'packed-refs');
  if (existsSync(packed)) refs.set('packed-refs', await readFile(packed, 'utf8'));
  return {
    workTree,
    index: (await readFile(join(dir, '.git', 'index'))).toString('base64'),
    head: await readFile(join(dir, '.git', 'HEAD'), 'utf8'),
    config: await readFile(join(dir, '.git', 'config'), 'utf8'),
    refs,
  };
}

export function assertUntouched(before: RepoSnapshot, after: RepoSnapshot): void {
  assert.deepEqual([...after.workTree.keys()].sort(), [...before.workTree.keys()].sort(), 'the same work-tree files');
  for (const [path, bytes] of before.workTree) assert.equal(after.workTree.get(path), bytes, `${path} unchanged`);
  assert.equal(after.index, before.index, '.git/index unchanged, byte for byte');
  assert.equal(after.head, before.head, 'HEAD unchanged');
  assert.equal(after.config, before.config, '.git/config unchanged');
  assert.deepEqual(after.refs, before.refs, 'refs unchanged');
}

async function listFiles(root: string, skip: (path: string) => boolean = () => false): Promise<string[]> {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (skip(rel)) continue;
      if (entry.isDirectory()) await walk(path);
      else found.push(rel);
    }
  };
  await walk(root);
  return found.sort();
}

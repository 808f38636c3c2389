// "Check Out Branch" after a pull request: switch the user's checkout to the pushed branch. The uncommitted changes
// that went into the pull request are usually still in the work tree, byte for byte what the branch holds; a plain
// `git checkout` refuses them ("would be overwritten"), so then the switch carries them over with `--merge`, which
// is clean exactly because they are equal. Anything else is left to a plain checkout, which refuses rather than
// touch the user's work. Plain Node: git through execFile with argument arrays.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface CheckOutOptions {
  root: string;
  remote: string;
  branch: string;
  /** Brings `<remote>/<branch>` into the repository (VS Code's git extension, with the user's credentials). */
  fetch?: () => Promise<void>;
}

export interface CheckOutResult {
  /** `merge`: the work tree's copies of the branch's changes were carried over. */
  mode: 'plain' | 'merge';
}

export async function checkOutPushedBranch({ root, remote, branch, fetch }: CheckOutOptions): Promise<CheckOutResult> {
  const git = (args: string[]) => execFileAsync('git', args, { cwd: root, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  if (fetch) await fetch();
  else await git(['fetch', '--quiet', remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
  const tracking = `refs/remotes/${remote}/${branch}`;
  const mode = (await workTreeMatchesBranch(root, tracking, git)) ? 'merge' : 'plain';
  const exists = await git(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`]).then(() => true, () => false);
  const target = exists ? [branch] : ['-b', branch, '--track', tracking];
  await git(['checkout', '--quiet', ...(mode === 'merge' ? ['--merge'] : []), ...target]).catch((error: { stderr?: Buffer; message?: string }) => {
    throw new Error(error.stderr?.toString('utf8').trim() || error.message || String(error));
  });
  return { mode };
}

/** Nothing staged, and every file the branch changes against HEAD has in the work tree the branch's exact bytes. */
async function workTreeMatchesBranch(
  root: string,
  tracking: string,
  git: (args: string[]) => Promise<{ stdout: Buffer }>,
): Promise<boolean> {
  const staged = await git(['diff', '--cached', '--quiet']).then(() => false, () => true);
  if (staged) return false;
  const names = (await git(['diff', '--name-only', '-z', 'HEAD', tracking, '--'])).stdout.toString('utf8').split('\0').filter(Boolean);
  for (const path of names) {
    const onBranch = await git(['cat-file', 'blob', `${tracking}:${path}`]).then((r) => r.stdout, () => undefined);
    const inWorkTree = await readFile(join(root, path)).catch(() => undefined);
    if (!onBranch || !inWorkTree || !onBranch.equals(inWorkTree)) return false;
  }
  return names.length > 0;
}

// What git and the user care about in a checkout, to show that a flow left it as it was: every work-tree file's
// bytes, the index entries, HEAD, every ref and the status.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** git in `workspace` without the user's global config and without prompts. */
export function gitIn(workspace: string): (args: string[]) => Promise<{ stdout: string; stderr: string }> {
  return (args) => execFileAsync('git', args, { cwd: workspace, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' } });
}

export async function checkoutSnapshot(workspace: string): Promise<Record<string, string>> {
  const git = gitIn(workspace);
  const hashes: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(workspace, '.git')) walk(path);
      } else {
        hashes[relative(workspace, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
      }
    }
  };
  walk(workspace);
  // The index's entries (mode, object, stage, path), not its bytes: VS Code's git extension runs `git status`, which
  // rewrites the stat cache in the index; the flow itself reads the repository through a file system that cannot write.
  hashes['git ls-files --stage'] = (await git(['ls-files', '--stage'])).stdout;
  hashes['.git/HEAD'] = readFileSync(join(workspace, '.git', 'HEAD'), 'utf8');
  hashes['git show-ref'] = (await git(['show-ref'])).stdout;
  hashes['git status'] = (await git(['status', '--porcelain=v2', '--branch'])).stdout;
  return hashes;
}

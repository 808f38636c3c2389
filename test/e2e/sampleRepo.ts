// The sample GitOps repository: served by the local git server as a bare repository and cloned into a
// workspace folder, so the workspace has an `origin` that accepts pushes (for the pull-request flow).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startGitServer, type GitServer } from '../infra/git-server';
import { repoRoot } from '../infra/paths';
import { log } from './processes';

const execFileAsync = promisify(execFile);

export const SAMPLE_REPO_NAME = 'sample-gitops-repo';
export const sampleRepoFixture = join(repoRoot, 'test', 'fixtures', SAMPLE_REPO_NAME);
/** The git server's push account; the workspace's credential helper answers with it. */
export const SAMPLE_PUSH_USER = { name: 'developer', token: 'developer-token' };
const COMMIT_IDENTITY = { name: 'Sample Developer', email: 'developer@example.invalid' };

export interface SampleRepo {
  gitServer: GitServer;
  /** `origin` of the workspace clone. */
  remoteUrl: string;
  workspace: string;
}

/** Starts a git server holding the sample repository and clones it into `workspace`. */
export async function serveSampleRepo(workspace: string): Promise<SampleRepo> {
  const gitServer = await startGitServer({
    repos: { [SAMPLE_REPO_NAME]: sampleRepoFixture },
    users: { [SAMPLE_PUSH_USER.name]: SAMPLE_PUSH_USER.token },
  });
  try {
    const remoteUrl = gitServer.repoUrl(SAMPLE_REPO_NAME);
    await cloneWorkspace(remoteUrl, workspace);
    return { gitServer, remoteUrl, workspace };
  } catch (err) {
    await gitServer.stop();
    throw err;
  }
}

/** git with the user's global configuration left out, so the clone behaves the same on every machine. */
function git(args: string[], cwd?: string) {
  return execFileAsync('git', args, { cwd, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' } });
}

async function cloneWorkspace(remoteUrl: string, workspace: string): Promise<void> {
  if (existsSync(workspace)) await setAsidePreviousClone(workspace);
  mkdirSync(dirname(workspace), { recursive: true });
  await git(['clone', '--quiet', remoteUrl, workspace]);
  const config = (key: string, value: string) => git(['config', '--local', key, value], workspace);
  await config('user.name', COMMIT_IDENTITY.name);
  await config('user.email', COMMIT_IDENTITY.email);
  // Pushes from the terminal or the extension authenticate without a prompt, and the remote URL stays clean.
  const { name, token } = SAMPLE_PUSH_USER;
  await config('credential.helper', `!f() { test "$1" = get && printf 'username=${name}\\npassword=${token}\\n'; }; f`);
}

/**
 * Every start serves the fixture afresh, so the workspace is cloned afresh too. A previous clone with
 * uncommitted or unpushed work is kept beside it (one generation) rather than deleted.
 */
async function setAsidePreviousClone(workspace: string): Promise<void> {
  const previous = `${workspace}.previous`;
  let hasOwnWork = true;
  try {
    const status = (await git(['status', '--porcelain'], workspace)).stdout.trim();
    const unpushed = (await git(['rev-list', '--count', 'origin/main..HEAD'], workspace)).stdout.trim();
    hasOwnWork = status !== '' || unpushed !== '0';
  } catch {
    // Not a readable clone: keep it, to be safe.
  }
  if (hasOwnWork) {
    rmSync(previous, { recursive: true, force: true });
    renameSync(workspace, previous);
    log(`The previous workspace had changes of yours; it was moved to ${previous}`);
  } else {
    rmSync(workspace, { recursive: true, force: true });
  }
}

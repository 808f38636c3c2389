// The sample GitOps repository: on a local Gitea (a forge, for the pull-request flow) or, without one, served by the
// local git server as a bare repository; cloned into a workspace folder whose `origin` accepts pushes.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startGitServer } from '../infra/git-server';
import type { Gitea } from '../infra/gitea';
import { seedGiteaRepo } from '../infra/giteaSeed';
import { repoRoot } from '../infra/paths';
import { log } from './processes';

const execFileAsync = promisify(execFile);

export const SAMPLE_REPO_NAME = 'sample-gitops-repo';
export const sampleRepoFixture = join(repoRoot, 'test', 'fixtures', SAMPLE_REPO_NAME);
/** The git server's push account; the workspace's credential helper answers with it. */
export const SAMPLE_PUSH_USER = { name: 'developer', token: 'developer-token' };
const COMMIT_IDENTITY = { name: 'Sample Developer', email: 'developer@example.invalid' };

export interface SampleRepo {
  /** Stops what serves the repository (the git server, or Gitea). */
  stop(): Promise<void>;
  /** What serves it, in words. */
  servedBy: string;
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
    await cloneWorkspace(remoteUrl, workspace, SAMPLE_PUSH_USER);
    return { stop: () => gitServer.stop(), servedBy: `the git server (pushes authenticate as ${SAMPLE_PUSH_USER.name})`, remoteUrl, workspace };
  } catch (err) {
    await gitServer.stop();
    throw err;
  }
}

/** git with the user's global configuration left out, so the clone behaves the same on every machine. */
function git(args: string[], cwd?: string) {
  return execFileAsync('git', args, { cwd, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' } });
}

/**
 * The sample repository on a local Gitea (a forge: pull requests can be opened on it) and cloned into `workspace`;
 * the extension asks for the Gitea token the first time it opens a pull request.
 */
export async function serveSampleRepoOnGitea(workspace: string, gitea: Gitea): Promise<SampleRepo> {
  const repo = await seedGiteaRepo(gitea, SAMPLE_REPO_NAME, sampleRepoFixture);
  await cloneWorkspace(repo.cloneUrl, workspace, { name: gitea.username, token: gitea.token });
  return { stop: () => gitea.stop(), servedBy: `Gitea ${repo.htmlUrl} (user ${gitea.username}, token ${gitea.token})`, remoteUrl: repo.cloneUrl, workspace };
}

/** A clone of a Gitea repository that keeps no credentials, so the extension has to ask for the token. */
export async function cloneWithoutCredentials(gitea: Gitea, cloneUrl: string, workspace: string): Promise<void> {
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(dirname(workspace), { recursive: true });
  const basic = Buffer.from(`${gitea.username}:${gitea.token}`).toString('base64');
  await git(['-c', `http.extraHeader=Authorization: Basic ${basic}`, 'clone', '--quiet', cloneUrl, workspace]);
}

async function cloneWorkspace(remoteUrl: string, workspace: string, pushUser: { name: string; token: string }): Promise<void> {
  if (existsSync(workspace)) await setAsidePreviousClone(workspace);
  mkdirSync(dirname(workspace), { recursive: true });
  await git(['clone', '--quiet', remoteUrl, workspace]);
  const config = (key: string, value: string) => git(['config', '--local', key, value], workspace);
  await config('user.name', COMMIT_IDENTITY.name);
  await config('user.email', COMMIT_IDENTITY.email);
  // Pushes from the terminal or the extension authenticate without a prompt, and the remote URL stays clean.
  const { name, token } = pushUser;
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

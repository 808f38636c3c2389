// What the pull-request tests against the real git server share: the server holding the sample repository, fresh
// clones of it, a forge that records what it was asked, and checks on what reached the server.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { PullRequestFlowError, type PullRequestFlowOptions } from '../../client/src/pullRequest/flow';
import type { Forge, PullRequestRequest } from '../../client/src/pullRequest/forges';
import { startGitServer, type GitServer } from '../infra/git-server';
import { repoRoot } from '../infra/paths';
import { cloneWithGit, gitCli } from './pullRequestKit';

export const USER = 'bot';
export const TOKEN = 'git-server-token-7d41c0e9a2';
export const REPO = 'team/manifests';
export const fixture = join(repoRoot, 'test', 'fixtures', 'sample-gitops-repo');
export const DEPLOYMENT = 'apps/web/deployment.yaml';
export const SERVICE = 'apps/web/service.yaml';

export let server: GitServer;
export let scratch: string;
let bare: string;
let clones = 0;

/** The git server and a scratch folder for one test file (before/after hooks of the file that calls it). */
export function useGitServer(): void {
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pr-git-test-'));
    server = await startGitServer({ repos: { [REPO]: fixture }, users: { [USER]: TOKEN }, log: () => {} });
    bare = join(server.root, `${REPO}.git`);
  });
  after(async () => {
    await server?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });
}

/** A forge that records what it was asked; the git side is what these tests are about. */
export function recordingForge(answer?: (req: PullRequestRequest) => Promise<{ number: number; url: string }>) {
  const requests: PullRequestRequest[] = [];
  const forge: Forge = {
    kind: 'gitea',
    async createPullRequest(req) {
      requests.push(req);
      return answer ? answer(req) : { number: requests.length, url: `https://forge.invalid/${REPO}/pulls/${requests.length}` };
    },
    findExisting: async () => undefined,
    defaultBranch: async () => 'main',
  };
  return { forge, requests };
}

export async function freshClone(): Promise<string> {
  const dir = join(scratch, `clone-${++clones}`);
  await cloneWithGit(server.repoUrl(REPO), dir, scratch);
  return dir;
}

export const bareGit = (args: string[]) => gitCli(scratch, [`--git-dir=${bare}`, ...args], scratch).then((out) => out.trim());
export const remoteHead = (branch: string) => bareGit(['rev-parse', '--verify', `refs/heads/${branch}`]);
export const remoteBranches = async () => (await bareGit(['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).split('\n').filter(Boolean);

export async function scaleTo(dir: string, replicas: number): Promise<string> {
  const path = join(dir, DEPLOYMENT);
  const changed = (await readFile(path, 'utf8')).replace(/replicas: \d+/, `replicas: ${replicas}`);
  await writeFile(path, changed);
  return changed;
}

export function options(dir: string, forge: Forge, extra: Partial<PullRequestFlowOptions> = {}): PullRequestFlowOptions {
  return {
    folder: dir,
    token: TOKEN,
    gitUsername: USER,
    forge: { type: 'gitea' },
    forgeFactory: () => forge,
    now: new Date('2026-12-04T02:30:00Z'),
    ...extra,
  };
}

export async function expectFlowError(promise: Promise<unknown>, kind: PullRequestFlowError['kind']): Promise<PullRequestFlowError> {
  const error = await promise.then(
    () => assert.fail(`expected a ${kind} failure, the flow succeeded`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof PullRequestFlowError, `expected a PullRequestFlowError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.ok(!error.message.includes(TOKEN), 'no token in the message');
  return error;
}

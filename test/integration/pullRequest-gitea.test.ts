// The pull-request flow against a real Gitea: the same path the editor command and `gitops-manifests pr` take
// (forge detected from the remote, token as git password, REST API for the pull request). The pull request must
// exist with the expected title and body and change exactly the intended file; the clone stays byte for byte.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createPullRequest, PullRequestFlowError, type PullRequestFlowOptions } from '../../client/src/pullRequest/flow';
import { createGiteaForge } from '../../client/src/pullRequest/forges';
import { startGitea, type Gitea, type GiteaPullRequest, type GiteaRepo } from '../infra/gitea';
import { seedGiteaRepo } from '../infra/giteaSeed';
import { repoRoot } from '../infra/paths';
import { assertUntouched, cloneWithGit, gitCli, snapshotRepo } from './pullRequestKit';

const fixture = join(repoRoot, 'test', 'fixtures', 'sample-gitops-repo');
const DEPLOYMENT = 'apps/web/deployment.yaml';
const TEMPLATE = '## Checklist\n\n- [ ] Reviewed by the owning team\n';

let gitea: Gitea;
let repo: GiteaRepo;
let scratch: string;
let clones = 0;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pr-gitea-test-'));
  gitea = await startGitea();
  repo = await seedGiteaRepo(gitea, 'manifests', fixture);
  // The repository's pull request template, committed on main through the API.
  const added = await gitea.api('POST', `/repos/${repo.fullName}/contents/.github/pull_request_template.md`, {
    content: Buffer.from(TEMPLATE).toString('base64'),
    message: 'Pull request template',
    branch: 'main',
  });
  assert.equal(added.status, 201);
}, { timeout: 30 * 60_000 });

after(async () => {
  await gitea?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function freshClone(): Promise<string> {
  const dir = join(scratch, `clone-${++clones}`);
  await cloneWithGit(repo.cloneUrl, dir, scratch);
  return dir;
}

async function scaleTo(dir: string, replicas: number): Promise<void> {
  const path = join(dir, DEPLOYMENT);
  await writeFile(path, (await readFile(path, 'utf8')).replace(/replicas: \d+/, `replicas: ${replicas}`));
}

function options(dir: string, extra: Partial<PullRequestFlowOptions> = {}): PullRequestFlowOptions {
  return { folder: dir, token: gitea.token, forgeHosts: { [new URL(gitea.url).host]: { type: 'gitea' } }, ...extra };
}

async function flowError(promise: Promise<unknown>, kind: PullRequestFlowError['kind']): Promise<PullRequestFlowError> {
  const error = await promise.then(
    () => assert.fail(`expected ${kind}, the flow succeeded`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof PullRequestFlowError, String(error));
  assert.equal(error.kind, kind, error.message);
  assert.ok(!error.message.includes(gitea.token), 'no token in the message');
  return error;
}

test('the flow opens a pull request on Gitea with the change, its description, the lint summary and the template', async (t) => {
  const dir = await freshClone();
  await scaleTo(dir, 4);
  const snapshot = await snapshotRepo(dir);
  const started = performance.now();
  const result = await createPullRequest(options(dir, { now: new Date('2026-12-04T02:30:00Z') }));
  const elapsed = performance.now() - started;
  assertUntouched(snapshot, await snapshotRepo(dir));

  assert.equal(result.branch, 'gitops/web-20261204-0230');
  assert.equal(result.url, `${repo.htmlUrl}/pulls/${result.number}`);
  const pr = await gitea.api<GiteaPullRequest>('GET', `/repos/${repo.fullName}/pulls/${result.number}`);
  assert.equal(pr.status, 200);
  assert.equal(pr.body.title, 'Scale web to 4 replicas');
  assert.equal(pr.body.head.ref, result.branch);
  assert.equal(pr.body.base.ref, 'main');
  assert.equal(pr.body.state, 'open');
  assert.match(pr.body.body, /^## What changes\n\n- \*\*Deployment web\*\* changed \(`apps\/web\/deployment\.yaml`\)\n {2}- `spec\.replicas`: `2` → `4`\n/);
  assert.match(pr.body.body, /## Lint\n\n(No findings in 1 file\.|\d+ (error|warning|info))/);
  assert.ok(pr.body.body.trimEnd().endsWith(TEMPLATE.trimEnd()), 'the template closes the body');

  const files = await gitea.api<{ filename: string }[]>('GET', `/repos/${repo.fullName}/pulls/${result.number}/files`);
  assert.deepEqual(files.body.map((f) => f.filename), [DEPLOYMENT], 'the pull request changes exactly the one file');
  const commits = await gitea.api<{ sha: string }[]>('GET', `/repos/${repo.fullName}/pulls/${result.number}/commits`);
  assert.deepEqual(commits.body.map((c) => c.sha), [result.commit]);
  t.diagnostic(`flow on loopback Gitea: ${elapsed.toFixed(0)} ms`);
});

test('the same branch again: pull-request-exists with the open pull request\'s URL', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 5);
  const first = await createPullRequest(options(dir, { branch: 'gitops/twice' }));
  const snapshot = await snapshotRepo(dir);
  const error = await flowError(createPullRequest(options(dir, { branch: 'gitops/twice' })), 'pull-request-exists');
  assert.equal(error.details.url, first.url);
  assert.match(error.message, new RegExp(first.url.replace(/[.]/g, '\\.')));
  assert.equal(error.details.suggestedBranch, 'gitops/twice-2');
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('a draft gets Gitea\'s WIP: prefix', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 6);
  const result = await createPullRequest(options(dir, { branch: 'gitops/draft', draft: true }));
  const pr = await gitea.api<GiteaPullRequest>('GET', `/repos/${repo.fullName}/pulls/${result.number}`);
  assert.equal(pr.body.title, 'WIP: Scale web to 6 replicas');
});

test('a token Gitea does not know: auth, before a branch exists, the message without the token', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 7);
  const snapshot = await snapshotRepo(dir);
  const bad = '0123456789abcdef0123456789abcdef01234567';
  const error = await flowError(createPullRequest(options(dir, { token: bad, branch: 'gitops/bad-token' })), 'auth');
  assert.ok(!error.message.includes(bad));
  const branch = await gitea.api('GET', `/repos/${repo.fullName}/branches/gitops%2Fbad-token`);
  assert.equal(branch.status, 404);
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('Gitea refusing the pull request: the forge\'s own message, the pushed branch named', async () => {
  // Pull requests switched off for the repository: pushing works, opening a pull request does not.
  const closed = await seedGiteaRepo(gitea, 'no-pulls', fixture);
  assert.equal((await gitea.api('PATCH', `/repos/${closed.fullName}`, { has_pull_requests: false })).status, 200);
  const dir = join(scratch, 'no-pulls');
  await cloneWithGit(closed.cloneUrl, dir, scratch);
  await scaleTo(dir, 8);
  const snapshot = await snapshotRepo(dir);
  const error = await flowError(createPullRequest(options(dir, { branch: 'gitops/refused' })), 'forge');
  assert.match(error.message, /^Gitea .*\(404\): .*not found.*\(branch gitops\/refused was pushed\)$/);
  assert.equal(error.details.branch, 'gitops/refused');
  const branch = await gitea.api('GET', `/repos/${closed.fullName}/branches/gitops%2Frefused`);
  assert.equal(branch.status, 200, 'the branch was pushed');
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('an scp-like ssh remote: pushed over the forge\'s HTTP clone URL', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 9);
  await gitCli(dir, ['remote', 'set-url', 'origin', `git@127.0.0.1:${repo.fullName}.git`], scratch);
  const snapshot = await snapshotRepo(dir);
  const result = await createPullRequest({ folder: dir, token: gitea.token, branch: 'gitops/over-ssh-remote', forgeHosts: { '127.0.0.1': { type: 'gitea', apiUrl: gitea.url } } });
  assertUntouched(snapshot, await snapshotRepo(dir));
  const pr = await gitea.api<GiteaPullRequest>('GET', `/repos/${repo.fullName}/pulls/${result.number}`);
  assert.equal(pr.body.head.ref, 'gitops/over-ssh-remote');
});

test('findExisting and defaultBranch of the Gitea client against the server', async () => {
  const forge = createGiteaForge({ baseUrl: gitea.url, token: gitea.token });
  assert.equal(await forge.defaultBranch({ owner: repo.owner, repo: repo.name }), 'main');
  const open = await forge.findExisting({ owner: repo.owner, repo: repo.name, head: 'gitops/twice', base: 'main' });
  assert.match(open?.url ?? '', /\/pulls\/\d+$/);
  assert.deepEqual(await forge.findExisting({ owner: repo.owner, repo: repo.name, head: 'gitops/twice' }), open);
  assert.equal(await forge.findExisting({ owner: repo.owner, repo: repo.name, head: 'no-such-branch', base: 'main' }), undefined);
  assert.equal(await forge.findExisting({ owner: repo.owner, repo: repo.name, head: 'no-such-branch' }), undefined);
});

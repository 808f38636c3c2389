// The Gitea forge client end to end: a branch pushed to a real Gitea with isomorphic-git, then the pull request
// opened through createForge, the same path the editor takes. The contract tests cover the recorded shapes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { createForge, detectForge, ForgeError, type DetectedForge } from '../../client/src/pullRequest/forges';
import { startGitea, type Gitea, type GiteaPullRequest, type GiteaRepo } from '../infra/gitea';

let gitea: Gitea;
let repo: GiteaRepo;
let remote: DetectedForge;
let scratch: string;

// A cold Gitea build takes minutes; later runs reuse the binary.
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'forge-gitea-test-'));
  gitea = await startGitea();
  repo = await gitea.createRepo('manifests', { autoInit: true });
  const detected = detectForge(repo.cloneUrl, 'gitea');
  assert.ok(detected, `detectForge could not read ${repo.cloneUrl}`);
  remote = detected;
  const dir = join(scratch, 'clone');
  const onAuth = () => ({ username: gitea.username, password: gitea.token });
  await git.clone({ fs, http, dir, url: repo.cloneUrl, onAuth });
  for (const branch of ['fix-drift', 'scale-web']) {
    await git.branch({ fs, dir, ref: branch, checkout: true, force: true });
    await writeFile(join(dir, `${branch}.yaml`), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n');
    await git.add({ fs, dir, filepath: `${branch}.yaml` });
    await git.commit({ fs, dir, message: branch, author: { name: 'Test', email: 'test@example.invalid' } });
    const pushed = await git.push({ fs, http, dir, ref: branch, onAuth });
    assert.equal(pushed.ok, true);
    await git.checkout({ fs, dir, ref: 'main' });
  }
}, { timeout: 30 * 60_000 });

after(async () => {
  await gitea?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const forge = (token = gitea.token) => createForge({ kind: remote.kind, baseUrl: remote.baseUrl, token });
const request = () => ({
  owner: remote.owner,
  repo: remote.repo,
  title: 'Fix drift in web',
  body: 'Replica count differs from the cluster.',
  head: 'fix-drift',
  base: 'main',
});

test('detectForge reads the clone URL Gitea reports', () => {
  assert.deepEqual(remote, { kind: 'gitea', baseUrl: gitea.url, owner: repo.owner, repo: repo.name });
});

test('the Gitea client opens a pull request that the API then returns', async () => {
  const created = await forge().createPullRequest(request());
  assert.ok(created.number > 0);
  assert.equal(created.url, `${repo.htmlUrl}/pulls/${created.number}`);

  const fetched = await gitea.api<GiteaPullRequest>('GET', `/repos/${repo.fullName}/pulls/${created.number}`);
  assert.equal(fetched.status, 200);
  assert.equal(fetched.body.html_url, created.url);
  assert.equal(fetched.body.title, 'Fix drift in web');
  assert.equal(fetched.body.body, 'Replica count differs from the cluster.');
  assert.equal(fetched.body.head.ref, 'fix-drift');
  assert.equal(fetched.body.base.ref, 'main');
  assert.equal(fetched.body.state, 'open');
});

test('a draft is opened with the WIP: title prefix', async () => {
  const created = await forge().createPullRequest({ ...request(), head: 'scale-web', title: 'Scale web', draft: true });
  const fetched = await gitea.api<GiteaPullRequest>('GET', `/repos/${repo.fullName}/pulls/${created.number}`);
  assert.equal(fetched.body.title, 'WIP: Scale web');
});

test('a second pull request for the same branches is a conflict', async () => {
  await assert.rejects(forge().createPullRequest(request()), (error: unknown) => {
    assert.ok(error instanceof ForgeError);
    assert.equal(error.kind, 'conflict', error.message);
    return true;
  });
});

test('a branch that was never pushed is not-found', async () => {
  await assert.rejects(forge().createPullRequest({ ...request(), head: 'no-such-branch' }), (error: unknown) => {
    assert.ok(error instanceof ForgeError);
    assert.equal(error.kind, 'not-found', error.message);
    return true;
  });
});

test('a bad token is unauthorized and the message does not contain it', async () => {
  const badToken = '0123456789abcdef0123456789abcdef01234567';
  await assert.rejects(forge(badToken).createPullRequest(request()), (error: unknown) => {
    assert.ok(error instanceof ForgeError);
    assert.equal(error.kind, 'unauthorized', error.message);
    assert.equal(error.status, 401);
    assert.ok(!error.message.includes(badToken));
    return true;
  });
});

// Pull requests against a real Gitea: repository via API, branch pushed with isomorphic-git, PR via REST.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { startGitea, type Gitea, type GiteaPullRequest as PullRequest, type GiteaRepo } from '../infra/gitea';

let gitea: Gitea;
let repo: GiteaRepo;
let scratch: string;

// A cold Gitea build takes minutes; later runs reuse the binary.
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gitea-test-'));
  gitea = await startGitea();
  repo = await gitea.createRepo('manifests', { autoInit: true });
}, { timeout: 30 * 60_000 });

after(async () => {
  await gitea?.stop();
  await rm(scratch, { recursive: true, force: true });
});

test('a branch pushed with the token as password becomes a pull request', async () => {
  assert.equal(repo.defaultBranch, 'main');
  const dir = join(scratch, 'clone');
  const onAuth = () => ({ username: gitea.username, password: gitea.token });
  await git.clone({ fs, http, dir, url: repo.cloneUrl, onAuth });

  await git.branch({ fs, dir, ref: 'fix-drift', checkout: true });
  await writeFile(join(dir, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
  await git.add({ fs, dir, filepath: 'deployment.yaml' });
  const commit = await git.commit({ fs, dir, message: 'Fix drift', author: { name: 'Test', email: 'test@example.invalid' } });
  const pushed = await git.push({ fs, http, dir, ref: 'fix-drift', onAuth });
  assert.equal(pushed.ok, true);

  const branch = await gitea.api<{ commit: { id: string } }>('GET', `/repos/${repo.fullName}/branches/fix-drift`);
  assert.equal(branch.status, 200);
  assert.equal(branch.body.commit.id, commit);

  const input = { title: 'Fix drift in web', body: 'Replica count differs from the cluster.', head: 'fix-drift', base: 'main' };
  const created = await gitea.api<PullRequest>('POST', `/repos/${repo.fullName}/pulls`, input);
  assert.equal(created.status, 201);
  assert.ok(created.body.number > 0);
  assert.match(created.body.html_url, new RegExp(`/${repo.fullName}/pulls/${created.body.number}$`));

  const fetched = await gitea.api<PullRequest>('GET', `/repos/${repo.fullName}/pulls/${created.body.number}`);
  assert.equal(fetched.status, 200);
  assert.equal(fetched.body.title, input.title);
  assert.equal(fetched.body.body, input.body);
  assert.equal(fetched.body.head.ref, 'fix-drift');
  assert.equal(fetched.body.base.ref, 'main');
  assert.equal(fetched.body.state, 'open');
});

test('a missing or invalid token is answered with 401', async () => {
  const pullsUrl = `${gitea.url}/api/v1/repos/${repo.fullName}/pulls`;
  const body = JSON.stringify({ title: 'x', head: 'main', base: 'main' });
  const headers = { 'Content-Type': 'application/json' };

  const missing = await fetch(pullsUrl, { method: 'POST', headers, body });
  assert.equal(missing.status, 401);

  const invalid = await fetch(pullsUrl, {
    method: 'POST',
    headers: { ...headers, Authorization: 'token 0000000000000000000000000000000000000000' },
    body,
  });
  assert.equal(invalid.status, 401);
});

test('a pull request from a branch that does not exist is answered with 404', async () => {
  const response = await gitea.api<{ message?: string }>('POST', `/repos/${repo.fullName}/pulls`, {
    title: 'Nothing here',
    head: 'no-such-branch',
    base: 'main',
  });
  assert.equal(response.status, 404, JSON.stringify(response.body));
});

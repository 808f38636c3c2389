// The pull-request flow against the real git server (git http-backend): what lands on the server, and that the
// clone's work tree, index, HEAD, refs and config are byte for byte as before. The forge here is a recorder (the
// server is plain git); pullRequest-git-faults.test.ts has the failures, pullRequest-gitea.test.ts runs against Gitea.
import assert from 'node:assert/strict';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPullRequest } from '../../client/src/pullRequest/flow';
import { assertUntouched, gitCli, snapshotRepo } from './pullRequestKit';
import { DEPLOYMENT, SERVICE, bareGit, freshClone, options, recordingForge, remoteHead, scaleTo, scratch, useGitServer } from './pullRequestGitHarness';

useGitServer();

test('a changed file becomes one commit on top of the remote main, pushed as a new branch; the clone is untouched', async () => {
  const dir = await freshClone();
  const changed = await scaleTo(dir, 4);
  const snapshot = await snapshotRepo(dir);
  const mainBefore = await remoteHead('main');
  const { forge, requests } = recordingForge();
  const steps: string[] = [];

  const result = await createPullRequest(options(dir, forge, { onProgress: (step) => steps.push(step) }));

  assertUntouched(snapshot, await snapshotRepo(dir));
  assert.equal(result.branch, 'gitops/web-20261204-0230');
  assert.equal(result.commit, await remoteHead(result.branch));
  assert.equal(await bareGit(['rev-parse', `${result.branch}^`]), mainBefore, 'the parent is the remote main');
  assert.equal(await remoteHead('main'), mainBefore, 'main did not move');
  assert.equal(await bareGit(['diff', '--name-only', 'main', result.branch]), DEPLOYMENT, 'exactly the one file changed');
  assert.equal(await bareGit(['show', `${result.branch}:${DEPLOYMENT}`]), changed.trimEnd());
  assert.equal(await bareGit(['log', '-1', '--format=%an <%ae>', result.branch]), 'Dev Eloper <dev@example.invalid>');
  assert.deepEqual([...new Set(steps)], ['repository', 'fetch', 'describe', 'commit', 'push', 'pull-request']);

  assert.equal(requests.length, 1);
  const [req] = requests;
  assert.deepEqual({ owner: req.owner, repo: req.repo, head: req.head, base: req.base, title: req.title }, {
    owner: 'team',
    repo: 'manifests',
    head: result.branch,
    base: 'main',
    title: 'Scale web to 4 replicas',
  });
  assert.match(req.body ?? '', /## What changes\n\n- \*\*Deployment web\*\* changed \(`apps\/web\/deployment\.yaml`\)\n {2}- `spec\.replicas`: `2` → `4`/);
  assert.match(req.body ?? '', /## Lint\n\n/);
  assert.doesNotMatch(req.body ?? '', /What merging changes in the cluster/);
});

test('a tracked file touched but unchanged: statusMatrix does not refresh .git/index (plain isomorphic-git would)', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 16);
  // A newer mtime with the same content is what makes a status scan rewrite the index's stat cache.
  const later = new Date(Date.now() + 5000);
  await utimes(join(dir, SERVICE), later, later);
  const snapshot = await snapshotRepo(dir);
  const result = await createPullRequest(options(dir, recordingForge().forge, { branch: 'gitops/touched' }));
  assertUntouched(snapshot, await snapshotRepo(dir));
  assert.equal(await bareGit(['diff', '--name-only', 'main', result.branch]), DEPLOYMENT, 'the touched file is no change');
});

test('the clone\'s own local commits and staged work do not leak into the branch; three files in one commit', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 3);
  const servicePath = join(dir, SERVICE);
  await writeFile(servicePath, (await readFile(servicePath, 'utf8')).replace(/port: 80\b/, 'port: 8081'));
  await writeFile(join(dir, 'apps/web/configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-settings\ndata:\n  mode: fast\n');
  // An unpushed local commit, and staged work on a file that is not YAML: neither is part of the change.
  const ingress = join(dir, 'apps/web/ingress.yaml');
  await writeFile(ingress, `${await readFile(ingress, 'utf8')}# local only\n`);
  await gitCli(dir, ['commit', '--quiet', '-m', 'Local only', 'apps/web/ingress.yaml'], scratch);
  await writeFile(join(dir, 'README.md'), 'local notes\n');
  await gitCli(dir, ['add', 'README.md'], scratch);
  const snapshot = await snapshotRepo(dir);
  const { forge, requests } = recordingForge();

  const result = await createPullRequest(options(dir, forge, { branch: 'gitops/three-files' }));

  assertUntouched(snapshot, await snapshotRepo(dir));
  const names = (await bareGit(['diff', '--name-only', 'main', result.branch])).split('\n').sort();
  assert.deepEqual(names, ['apps/web/configmap.yaml', DEPLOYMENT, SERVICE].sort());
  assert.equal(await bareGit(['rev-list', '--count', `main..${result.branch}`]), '1');
  assert.equal(requests[0].title, 'Update 3 manifests');
  assert.match(requests[0].body ?? '', /\*\*ConfigMap web-settings\*\* added/);
});

test('an unsaved buffer given as contents is committed; the file on disk stays as it is', async () => {
  const dir = await freshClone();
  const snapshot = await snapshotRepo(dir);
  const buffer = (await readFile(join(dir, DEPLOYMENT), 'utf8')).replace(/replicas: \d+/, 'replicas: 14');
  const result = await createPullRequest(options(dir, recordingForge().forge, {
    branch: 'gitops/unsaved',
    files: [DEPLOYMENT],
    contents: new Map([[join(dir, DEPLOYMENT), buffer]]),
  }));
  assert.equal(await bareGit(['show', `${result.branch}:${DEPLOYMENT}`]), buffer.trimEnd());
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('the cluster section comes from the injected callback, and a Secret\'s values never reach the body', async () => {
  const dir = await freshClone();
  const secretValue = 'c3VwZXItc2VjcmV0LXZhbHVl';
  await writeFile(join(dir, 'apps/web/secret.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-db\ntype: Opaque\ndata:\n  password: ${secretValue}\n`);
  const { forge, requests } = recordingForge();
  const snapshot = await snapshotRepo(dir);
  let asked: string[] = [];
  await createPullRequest(options(dir, forge, {
    branch: 'gitops/secret',
    clusterChanges: async (files) => {
      asked = files.map((f) => f.path);
      return ['Secret web-db is created in namespace default'];
    },
  }));
  assert.deepEqual(asked, ['apps/web/secret.yaml']);
  const body = requests[0].body ?? '';
  assert.match(body, /## What merging changes in the cluster\n\n- Secret web-db is created in namespace default/);
  assert.ok(!body.includes(secretValue), 'the Secret value is not in the body');
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('a failing cluster callback leaves the section out; the pull request is still opened', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 17);
  const { forge, requests } = recordingForge();
  await createPullRequest(options(dir, forge, {
    branch: 'gitops/cluster-unreachable',
    clusterChanges: async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
    },
  }));
  assert.equal(requests.length, 1);
  assert.doesNotMatch(requests[0].body ?? '', /What merging changes in the cluster/);
});

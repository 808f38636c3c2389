// The pull-request flow's failures against the real git server: each gives its kind and a message without the token,
// and leaves the clone's work tree, index, HEAD, refs and config byte for byte as they were.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPullRequest } from '../../client/src/pullRequest/flow';
import { ForgeError, type Forge } from '../../client/src/pullRequest/forges';
import { assertUntouched, gitCli, snapshotRepo } from './pullRequestKit';
import { DEPLOYMENT, REPO, TOKEN, USER, bareGit, expectFlowError, freshClone, options, recordingForge, remoteBranches, remoteHead, scaleTo, scratch, server, useGitServer } from './pullRequestGitHarness';

useGitServer();

test('no token: auth, before anything is fetched or pushed', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 5);
  const snapshot = await snapshotRepo(dir);
  const branches = await remoteBranches();
  await expectFlowError(createPullRequest(options(dir, recordingForge().forge, { token: undefined })), 'auth');
  assertUntouched(snapshot, await snapshotRepo(dir));
  assert.deepEqual(await remoteBranches(), branches);
});

test('a wrong token: auth, the message without it, nothing pushed', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 5);
  const snapshot = await snapshotRepo(dir);
  const branches = await remoteBranches();
  const wrong = 'wrong-token-0f9e8d7c6b5a';
  const error = await expectFlowError(createPullRequest(options(dir, recordingForge().forge, { token: wrong, branch: 'gitops/wrong-token' })), 'auth');
  assert.ok(!error.message.includes(wrong));
  assertUntouched(snapshot, await snapshotRepo(dir));
  assert.deepEqual(await remoteBranches(), branches);
});

test('nothing changed: no-changes; a file already the same on main is no change either', async () => {
  const dir = await freshClone();
  const snapshot = await snapshotRepo(dir);
  await expectFlowError(createPullRequest(options(dir, recordingForge().forge)), 'no-changes');
  await expectFlowError(createPullRequest(options(dir, recordingForge().forge, { files: [DEPLOYMENT] })), 'no-changes');
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('an explicit base is used; a base the remote does not have is named', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 15);
  const { forge, requests } = recordingForge();
  const result = await createPullRequest(options(dir, forge, { branch: 'gitops/explicit-base', base: 'main' }));
  assert.equal(requests[0].base, 'main');
  assert.equal(await bareGit(['rev-parse', `${result.branch}^`]), await remoteHead('main'));
  const error = await expectFlowError(createPullRequest(options(dir, forge, { branch: 'gitops/no-base', base: 'release-9' })), 'forge');
  assert.match(error.message, /no branch release-9/);
});

test('not a repository, and a repository without a remote', async () => {
  const plain = await mkdtemp(join(scratch, 'plain-'));
  await expectFlowError(createPullRequest(options(plain, recordingForge().forge)), 'not-a-repository');
  const local = join(scratch, 'local-only');
  await gitCli(scratch, ['init', '--quiet', local], scratch);
  await expectFlowError(createPullRequest(options(local, recordingForge().forge)), 'no-remote');
});

test('an unknown host names the setting', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 6);
  const snapshot = await snapshotRepo(dir);
  const error = await expectFlowError(createPullRequest({ folder: dir, token: TOKEN }), 'unknown-forge');
  assertUntouched(snapshot, await snapshotRepo(dir));
  assert.equal(error.details.setting, 'gitops.forges');
  assert.match(error.message, /gitops\.forges/);
  assert.match(error.message, /127\.0\.0\.1:\d+/);
});

test('a host listed in .gitops-manifests.yaml `forges:` is known', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 6);
  const host = new URL(server.url).host;
  await writeFile(join(dir, '.gitops-manifests.yaml'), `forges:\n  ${host}:\n    type: gitea\n`);
  const { forge, requests } = recordingForge();
  const result = await createPullRequest({ ...options(dir, forge, { branch: 'gitops/config-file-forge' }), forge: undefined });
  assert.equal(requests[0].owner, 'team');
  assert.equal(result.branch, 'gitops/config-file-forge');
});

test('a branch that exists on the remote is refused with a free name suggested; nothing pushed', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 7);
  await createPullRequest(options(dir, recordingForge().forge, { branch: 'gitops/taken' }));
  const taken = await remoteHead('gitops/taken');
  const snapshot = await snapshotRepo(dir);
  const error = await expectFlowError(createPullRequest(options(dir, recordingForge().forge, { branch: 'gitops/taken' })), 'branch-exists');
  assert.equal(error.details.suggestedBranch, 'gitops/taken-2');
  assert.equal(await remoteHead('gitops/taken'), taken, 'the existing branch is untouched');
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('a push the server refuses: push-rejected with the server\'s reason, no branch, clone untouched', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 8);
  const snapshot = await snapshotRepo(dir);
  const branches = await remoteBranches();
  server.injectFault('refuse-next-push');
  const error = await expectFlowError(createPullRequest(options(dir, recordingForge().forge, { branch: 'gitops/refused' })), 'push-rejected');
  assert.match(error.message, /declined|refused/);
  assert.deepEqual(await remoteBranches(), branches);
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('the connection cut mid-push: network, retryable, clone untouched; running again succeeds', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 9);
  const snapshot = await snapshotRepo(dir);
  const branches = await remoteBranches();
  server.injectFault('cut-next-push');
  const { forge, requests } = recordingForge();
  const error = await expectFlowError(createPullRequest(options(dir, forge, { branch: 'gitops/cut' })), 'network');
  assert.equal(error.retryable, true);
  assert.deepEqual(await remoteBranches(), branches);
  assert.equal(requests.length, 0, 'no pull request without the branch');
  assertUntouched(snapshot, await snapshotRepo(dir));

  const retried = await createPullRequest(options(dir, forge, { branch: 'gitops/cut' }));
  assert.equal(await remoteHead('gitops/cut'), retried.commit);
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('main moves meanwhile (another file): the commit goes on the new head', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 10);
  const other = await freshClone();
  await writeFile(join(other, 'apps/web/ingress.yaml'), `${await readFile(join(other, 'apps/web/ingress.yaml'), 'utf8')}# moved\n`);
  await gitCli(other, ['commit', '--quiet', '-am', 'Touch the ingress'], scratch);
  const snapshot = await snapshotRepo(dir);
  const result = await createPullRequest(options(dir, recordingForge().forge, {
    branch: 'gitops/moved-base',
    // Runs after the fetch, before the commit is written: someone pushes to main.
    review: async () => {
      await gitCli(other, ['push', '--quiet', `http://${USER}:${TOKEN}@${new URL(server.url).host}/${REPO}.git`, 'HEAD:main'], scratch);
      return {};
    },
  }));
  const mainNow = await remoteHead('main');
  assert.equal(await bareGit(['rev-parse', `${result.branch}^`]), mainNow, 'built on the moved main');
  assert.equal(await bareGit(['diff', '--name-only', 'main', result.branch]), DEPLOYMENT);
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('main moves meanwhile and changes the same file: base-moved, retryable, nothing pushed', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 11);
  const other = await freshClone();
  await scaleTo(other, 12);
  await gitCli(other, ['commit', '--quiet', '-am', 'Scale web to 12'], scratch);
  const snapshot = await snapshotRepo(dir);
  const branches = await remoteBranches();
  const error = await expectFlowError(createPullRequest(options(dir, recordingForge().forge, {
    branch: 'gitops/same-file',
    review: async () => {
      await gitCli(other, ['push', '--quiet', `http://${USER}:${TOKEN}@${new URL(server.url).host}/${REPO}.git`, 'HEAD:main'], scratch);
      return {};
    },
  })), 'base-moved');
  assert.equal(error.retryable, true);
  assert.match(error.message, /apps\/web\/deployment\.yaml/);
  assert.deepEqual(await remoteBranches(), branches.concat().sort());
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('a pull request the forge refuses after the push: the forge\'s message, with the branch named', async () => {
  const dir = await freshClone();
  await writeFile(join(dir, 'apps/web/extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
  const { forge } = recordingForge(async (req) => {
    throw new ForgeError('validation', `Gitea did not accept the pull request for ${req.owner}/${req.repo} (422): title is too long`, 422);
  });
  const snapshot = await snapshotRepo(dir);
  const error = await expectFlowError(createPullRequest(options(dir, forge, { branch: 'gitops/forge-refused' })), 'forge');
  assert.match(error.message, /title is too long/);
  assert.equal(error.details.branch, 'gitops/forge-refused');
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('the forge answering that the pull request exists: pull-request-exists with the URL findExisting gives', async () => {
  const dir = await freshClone();
  await writeFile(join(dir, 'apps/web/extra-2.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-2\n');
  const url = `https://forge.invalid/${REPO}/pulls/77`;
  const asked: unknown[] = [];
  const forge: Forge = {
    kind: 'gitea',
    createPullRequest: async (req) => {
      throw new ForgeError('conflict', `A pull request from ${req.head} into ${req.base} already exists in team/manifests (409)`, 409);
    },
    findExisting: async (query) => {
      asked.push(query);
      return { number: 77, url };
    },
    defaultBranch: async () => 'main',
  };
  const error = await expectFlowError(createPullRequest(options(dir, forge, { branch: 'gitops/raced' })), 'pull-request-exists');
  assert.equal(error.details.url, url);
  assert.deepEqual(asked, [{ owner: 'team', repo: 'manifests', head: 'gitops/raced', base: 'main' }]);
});

test('an aborted signal stops the flow before anything is pushed', async () => {
  const dir = await freshClone();
  await scaleTo(dir, 13);
  const controller = new AbortController();
  const branches = await remoteBranches();
  const snapshot = await snapshotRepo(dir);
  const error = await expectFlowError(createPullRequest(options(dir, recordingForge().forge, {
    branch: 'gitops/aborted',
    onProgress: (step) => {
      if (step === 'describe') controller.abort();
    },
    signal: controller.signal,
  })), 'cancelled');
  assert.ok(error);
  assert.deepEqual(await remoteBranches(), branches);
  assertUntouched(snapshot, await snapshotRepo(dir));
});

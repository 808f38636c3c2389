// The pull-request flow against the real git server (git http-backend): what lands on the server, and that the
// clone's work tree, index, HEAD, refs and config are byte for byte as before, on success and on every failure.
// The forge here is a recorder (the server is plain git); pullRequest-gitea.test.ts runs the same flow against Gitea.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createPullRequest, PullRequestFlowError, type PullRequestFlowOptions } from '../../client/src/pullRequest/flow';
import { ForgeError, type Forge, type PullRequestRequest } from '../../client/src/pullRequest/forges';
import { startGitServer, type GitServer } from '../infra/git-server';
import { assertUntouched, cloneWithGit, gitCli, snapshotRepo } from './pullRequestKit';
import { repoRoot } from '../infra/paths';

const USER = 'bot';
const TOKEN = 'git-server-token-7d41c0e9a2';
const REPO = 'team/manifests';
const fixture = join(repoRoot, 'test', 'fixtures', 'sample-gitops-repo');
const DEPLOYMENT = 'apps/web/deployment.yaml';
const SERVICE = 'apps/web/service.yaml';

let server: GitServer;
let scratch: string;
let bare: string;
let clones = 0;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pr-git-test-'));
  server = await startGitServer({ repos: { [REPO]: fixture }, users: { [USER]: TOKEN }, log: () => {} });
  bare = join(server.root, `${REPO}.git`);
});

after(async () => {
  await server?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A forge that records what it was asked; the git side is what these tests are about. */
function recordingForge(answer?: (req: PullRequestRequest) => Promise<{ number: number; url: string }>) {
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

async function freshClone(): Promise<string> {
  const dir = join(scratch, `clone-${++clones}`);
  await cloneWithGit(server.repoUrl(REPO), dir, scratch);
  return dir;
}

const bareGit = (args: string[]) => gitCli(scratch, [`--git-dir=${bare}`, ...args], scratch).then((out) => out.trim());
const remoteHead = (branch: string) => bareGit(['rev-parse', '--verify', `refs/heads/${branch}`]);
const remoteBranches = async () => (await bareGit(['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).split('\n').filter(Boolean);

async function scaleTo(dir: string, replicas: number): Promise<string> {
  const path = join(dir, DEPLOYMENT);
  const changed = (await readFile(path, 'utf8')).replace(/replicas: \d+/, `replicas: ${replicas}`);
  await writeFile(path, changed);
  return changed;
}

function options(dir: string, forge: Forge, extra: Partial<PullRequestFlowOptions> = {}): PullRequestFlowOptions {
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

async function expectFlowError(promise: Promise<unknown>, kind: PullRequestFlowError['kind']): Promise<PullRequestFlowError> {
  const error = await promise.then(
    () => assert.fail(`expected a ${kind} failure, the flow succeeded`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof PullRequestFlowError, `expected a PullRequestFlowError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.ok(!error.message.includes(TOKEN), 'no token in the message');
  return error;
}

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

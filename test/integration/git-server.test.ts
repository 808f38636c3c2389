// The test git server against real clients: isomorphic-git (what the extension uses) and the git CLI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { startGitServer, type GitServer } from '../infra/git-server';

const execFileAsync = promisify(execFile);
const USER = 'bot';
const TOKEN = 'test-token';
const MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  key: value\n';
const author = { name: 'Test', email: 'test@example.invalid' };

let server: GitServer;
let scratch: string;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'git-server-test-'));
  const fixture = join(scratch, 'fixture');
  fs.mkdirSync(join(fixture, 'apps'), { recursive: true });
  await writeFile(join(fixture, 'apps', 'configmap.yaml'), MANIFEST);
  server = await startGitServer({ repos: { demo: fixture }, users: { [USER]: TOKEN } });
});

after(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

function bareRevParse(ref: string): Promise<string> {
  return execFileAsync('git', ['--git-dir', join(server.root, 'demo.git'), 'rev-parse', '--verify', ref]).then(
    (r) => r.stdout.trim(),
  );
}

async function cloneWithIsomorphicGit(dir: string): Promise<void> {
  await git.clone({ fs, http, dir, url: server.repoUrl('demo'), singleBranch: true });
}

/** Commits one file on a new local branch, returning the commit id. */
async function commitOnBranch(dir: string, branch: string): Promise<string> {
  await git.branch({ fs, dir, ref: branch, checkout: true });
  await writeFile(join(dir, 'apps', `${branch}.yaml`), MANIFEST.replace('demo', branch));
  await git.add({ fs, dir, filepath: `apps/${branch}.yaml` });
  return git.commit({ fs, dir, message: `Add ${branch}`, author });
}

const withAuth = { onAuth: () => ({ username: USER, password: TOKEN }) };

test('isomorphic-git clones anonymously and sees the fixture commit on main', async (t) => {
  const dir = join(scratch, 'anon-clone');
  const started = performance.now();
  await cloneWithIsomorphicGit(dir);
  t.diagnostic(`isomorphic-git clone: ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(await readFile(join(dir, 'apps', 'configmap.yaml'), 'utf8'), MANIFEST);
  assert.equal(await git.resolveRef({ fs, dir, ref: 'HEAD' }), await bareRevParse('refs/heads/main'));
});

test('push without credentials is refused with 401', async () => {
  const dir = join(scratch, 'no-auth');
  await cloneWithIsomorphicGit(dir);
  await commitOnBranch(dir, 'no-auth');
  await assert.rejects(git.push({ fs, http, dir, ref: 'no-auth' }), (err: Error & { data?: { statusCode?: number } }) => {
    assert.equal(err.name, 'HttpError');
    assert.equal(err.data?.statusCode, 401);
    return true;
  });
  await assert.rejects(bareRevParse('refs/heads/no-auth'));
});

test('push with wrong password is refused with 401', async () => {
  const dir = join(scratch, 'bad-auth');
  await cloneWithIsomorphicGit(dir);
  await commitOnBranch(dir, 'bad-auth');
  const onAuth = () => ({ username: USER, password: 'wrong' });
  // Without onAuthFailure isomorphic-git gives up after the first 401.
  await assert.rejects(git.push({ fs, http, dir, ref: 'bad-auth', onAuth }), { name: 'HttpError' });
});

test('push with credentials creates the branch in the bare repository', async (t) => {
  const dir = join(scratch, 'auth');
  await cloneWithIsomorphicGit(dir);
  const commit = await commitOnBranch(dir, 'feature');
  const started = performance.now();
  const result = await git.push({ fs, http, dir, ref: 'feature', ...withAuth });
  t.diagnostic(`isomorphic-git push: ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(result.ok, true);
  assert.equal(await bareRevParse('refs/heads/feature'), commit);
});

test('the git CLI clones, and pushes with credentials in the URL', async () => {
  const dir = join(scratch, 'cli-clone');
  await execFileAsync('git', ['clone', '--quiet', server.repoUrl('demo'), dir]);
  assert.equal(await readFile(join(dir, 'apps', 'configmap.yaml'), 'utf8'), MANIFEST);

  const authed = new URL(server.repoUrl('demo'));
  authed.username = USER;
  authed.password = TOKEN;
  const gitIn = (...args: string[]) =>
    execFileAsync('git', ['-C', dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args]);
  await gitIn('commit', '--quiet', '--allow-empty', '-m', 'From the CLI');
  await gitIn('push', '--quiet', authed.href, 'HEAD:refs/heads/from-cli');
  assert.equal(await bareRevParse('refs/heads/from-cli'), (await gitIn('rev-parse', 'HEAD')).stdout.trim());
});

for (const fault of ['refuse-next-push', 'cut-next-push'] as const) {
  test(`fault ${fault}: that push fails, the next one succeeds`, async () => {
    const dir = join(scratch, fault);
    await cloneWithIsomorphicGit(dir);
    const branch = `fault-${fault}`;
    const commit = await commitOnBranch(dir, branch);

    server.injectFault(fault);
    const expected = fault === 'refuse-next-push' ? { name: 'GitPushError' } : /socket hang up|ECONNRESET|EPIPE/;
    await assert.rejects(git.push({ fs, http, dir, ref: branch, ...withAuth }), expected);
    await assert.rejects(bareRevParse(`refs/heads/${branch}`), 'the failed push must not create the branch');

    const result = await git.push({ fs, http, dir, ref: branch, ...withAuth });
    assert.equal(result.ok, true);
    assert.equal(await bareRevParse(`refs/heads/${branch}`), commit);
  });
}

// "Check Out Branch" with real git: the pull request's changes still uncommitted in the work tree are carried over to
// the pushed branch; other uncommitted work stays; a conflicting change makes git refuse without touching anything.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkOutPushedBranch } from '../../../client/src/pullRequest/checkout';

const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();

let dir: string;
let remote: string;
const savedEnv = { GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };

/** A fresh clone on main of the remote made in before(): main, and the pushed branch `gitops/web`. */
function cloneWithPushedBranch(name: string): string {
  const work = join(dir, name);
  git(dir, 'clone', '--quiet', remote, work);
  return work;
}

before(() => {
  process.env.GIT_CONFIG_GLOBAL = '/dev/null';
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  dir = mkdtempSync(join(tmpdir(), 'gitops-checkout-'));
  remote = join(dir, 'remote.git');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const seed = join(dir, 'seed');
  git(dir, 'init', '--quiet', '--initial-branch=main', seed);
  writeFileSync(join(seed, 'deployment.yaml'), 'replicas: 2\n');
  writeFileSync(join(seed, 'service.yaml'), 'port: 80\n');
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'init');
  git(seed, 'push', '--quiet', remote, 'main');
  git(seed, 'checkout', '--quiet', '-b', 'gitops/web');
  writeFileSync(join(seed, 'deployment.yaml'), 'replicas: 5\n');
  git(seed, 'commit', '--quiet', '-am', 'Scale web to 5 replicas');
  git(seed, 'push', '--quiet', remote, 'gitops/web');
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('checkOutPushedBranch', () => {
  it('carries the uncommitted copy of the change over and keeps other uncommitted work', async () => {
    const work = cloneWithPushedBranch('carried');
    writeFileSync(join(work, 'deployment.yaml'), 'replicas: 5\n');
    writeFileSync(join(work, 'service.yaml'), 'port: 8080\n');
    writeFileSync(join(work, 'notes.txt'), 'mine\n');
    const result = await checkOutPushedBranch({ root: work, remote: 'origin', branch: 'gitops/web' });
    assert.deepEqual(result, { mode: 'merge' });
    assert.equal(git(work, 'rev-parse', '--abbrev-ref', 'HEAD'), 'gitops/web');
    assert.equal(git(work, 'rev-parse', '--abbrev-ref', 'gitops/web@{upstream}'), 'origin/gitops/web');
    assert.equal(readFileSync(join(work, 'deployment.yaml'), 'utf8'), 'replicas: 5\n');
    assert.equal(readFileSync(join(work, 'service.yaml'), 'utf8'), 'port: 8080\n');
    assert.equal(readFileSync(join(work, 'notes.txt'), 'utf8'), 'mine\n');
    const status = execFileSync('git', ['status', '--porcelain'], { cwd: work, env, encoding: 'utf8' });
    assert.deepEqual(status.split('\n').filter(Boolean), [' M service.yaml', '?? notes.txt']);
  });

  it('leaves a different uncommitted change alone: git refuses and nothing moves', async () => {
    const work = cloneWithPushedBranch('conflict');
    writeFileSync(join(work, 'deployment.yaml'), 'replicas: 3\n');
    await assert.rejects(checkOutPushedBranch({ root: work, remote: 'origin', branch: 'gitops/web' }), /overwritten|commit your changes/i);
    assert.equal(git(work, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main');
    assert.equal(readFileSync(join(work, 'deployment.yaml'), 'utf8'), 'replicas: 3\n');
  });

  it('switches plainly when the work tree has nothing of the change', async () => {
    const work = cloneWithPushedBranch('clean');
    assert.deepEqual(await checkOutPushedBranch({ root: work, remote: 'origin', branch: 'gitops/web' }), { mode: 'plain' });
    assert.equal(git(work, 'rev-parse', '--abbrev-ref', 'HEAD'), 'gitops/web');
    assert.equal(readFileSync(join(work, 'deployment.yaml'), 'utf8'), 'replicas: 5\n');
  });
});

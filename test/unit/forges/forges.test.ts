// The pure parts of the forge clients: remote URL → forge, the factory, and how HTTP failures are worded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createForge, detectForge, errorForStatus, networkError } from '../../../client/src/pullRequest/forges';

test('detectForge reads github.com remotes in https, scp-like and ssh:// form', () => {
  const expected = { kind: 'github', baseUrl: 'https://api.github.com', owner: 'octo-org', repo: 'manifests' };
  assert.deepEqual(detectForge('https://github.com/octo-org/manifests.git'), expected);
  assert.deepEqual(detectForge('https://github.com/octo-org/manifests'), expected);
  assert.deepEqual(detectForge('git@github.com:octo-org/manifests.git'), expected);
  assert.deepEqual(detectForge('ssh://git@github.com/octo-org/manifests.git'), expected);
  assert.deepEqual(detectForge('https://GitHub.com/octo-org/manifests.git/'), expected);
});

test('detectForge keeps GitLab subgroups in the owner', () => {
  assert.deepEqual(detectForge('git@gitlab.com:platform/infra/manifests.git'), {
    kind: 'gitlab',
    baseUrl: 'https://gitlab.com',
    owner: 'platform/infra',
    repo: 'manifests',
  });
});

test('detectForge drops credentials from the remote and keeps an http(s) port but not an ssh port', () => {
  assert.deepEqual(detectForge('http://ci:s3cret@127.0.0.1:3000/root/demo.git', 'gitea'), {
    kind: 'gitea',
    baseUrl: 'http://127.0.0.1:3000',
    owner: 'root',
    repo: 'demo',
  });
  assert.deepEqual(detectForge('ssh://git@git.example.com:2222/team/manifests.git', 'gitea')?.baseUrl, 'https://git.example.com');
});

test('detectForge puts GitHub Enterprise Server under /api/v3 and knows Codeberg', () => {
  assert.equal(detectForge('git@ghe.example.com:team/manifests.git', 'github')?.baseUrl, 'https://ghe.example.com/api/v3');
  assert.equal(detectForge('https://codeberg.org/team/manifests.git')?.kind, 'gitea');
});

test('detectForge returns undefined for unknown hosts without a hint and for unreadable remotes', () => {
  assert.equal(detectForge('https://git.example.com/team/manifests.git'), undefined);
  assert.equal(detectForge('/srv/git/manifests.git', 'gitea'), undefined);
  assert.equal(detectForge('file:///srv/git/team/manifests.git', 'gitea'), undefined);
  assert.equal(detectForge('https://github.com/manifests.git'), undefined);
  // Only GitLab nests; a deeper path on GitHub is a web page, not a repository.
  assert.equal(detectForge('https://github.com/octo-org/manifests/tree/main'), undefined);
});

test('detectForge knows bitbucket.org and puts its API on api.bitbucket.org', () => {
  const expected = { kind: 'bitbucket', baseUrl: 'https://api.bitbucket.org', owner: 'octo-org', repo: 'manifests' };
  assert.deepEqual(detectForge('git@bitbucket.org:octo-org/manifests.git'), expected);
  assert.deepEqual(detectForge('https://jdoe@bitbucket.org/octo-org/manifests.git'), expected);
});

test('createForge builds the client of the requested kind', () => {
  for (const kind of ['github', 'gitlab', 'gitea', 'bitbucket'] as const) {
    assert.equal(createForge({ kind, baseUrl: 'http://127.0.0.1:9', token: 't' }).kind, kind);
  }
});

test('error messages replace a token the server echoed back', () => {
  const token = 'glpat-abcdefghijklmnop';
  const req = { owner: 'team', repo: 'manifests', title: 'T', head: 'fix', base: 'main' };
  const error = errorForStatus({ forge: 'gitlab', status: 403, detail: `token ${token} lacks access`, req, token });
  assert.equal(error.kind, 'forbidden');
  assert.ok(!error.message.includes(token), error.message);
  const offline = networkError('gitlab', 'https://gitlab.example.com', new Error(`getaddrinfo ENOTFOUND ${token}`), token);
  assert.equal(offline.kind, 'network');
  assert.ok(!offline.message.includes(token), offline.message);
});

test('5xx and unexpected statuses are server errors', () => {
  const req = { owner: 'team', repo: 'manifests', title: 'T', head: 'fix', base: 'main' };
  assert.equal(errorForStatus({ forge: 'gitea', status: 502, detail: '', req, token: 't' }).kind, 'server');
  assert.equal(errorForStatus({ forge: 'gitea', status: 418, detail: '', req, token: 't' }).kind, 'server');
});

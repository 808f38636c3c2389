// Forge tokens in secret storage: one key per host, an index of hosts beside them, nothing else written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  TOKEN_HOSTS_KEY,
  createForgeTokenStore,
  normalizeHost,
  tokenHelp,
  tokenInputProblem,
  tokenKey,
  tokenSourceFor,
  type SecretStore,
} from '../../../client/src/pullRequest/tokens';

/** SecretStorage as VS Code behaves: values by key, nothing listed. */
class FakeSecretStorage implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

describe('normalizeHost', () => {
  it('files a host in lower case without scheme, user, path or trailing dot, keeping a port', () => {
    assert.equal(normalizeHost('GitLab.Example.com'), 'gitlab.example.com');
    assert.equal(normalizeHost('https://gitlab.example.com/group/repo.git'), 'gitlab.example.com');
    assert.equal(normalizeHost('http://ci:secret@127.0.0.1:3000/root/demo'), '127.0.0.1:3000');
    assert.equal(normalizeHost(' git.example.com:8443 '), 'git.example.com:8443');
    assert.equal(normalizeHost('codeberg.org.'), 'codeberg.org');
  });

  it('refuses text that is not a host', () => {
    assert.equal(normalizeHost(''), undefined);
    assert.equal(normalizeHost('   '), undefined);
    assert.equal(normalizeHost('not a host'), undefined);
    assert.equal(normalizeHost('exa_mple.com'), undefined);
  });
});

describe('createForgeTokenStore', () => {
  it('stores a token under gitops.forgeToken:<host> and lists the host', async () => {
    const secrets = new FakeSecretStorage();
    const store = createForgeTokenStore(secrets);
    await store.set('https://GitLab.example.com/', '  glpat-0123456789abcdef \n');
    assert.equal(tokenKey('gitlab.example.com'), 'gitops.forgeToken:gitlab.example.com');
    assert.equal(secrets.values.get('gitops.forgeToken:gitlab.example.com'), 'glpat-0123456789abcdef');
    assert.deepEqual(JSON.parse(secrets.values.get(TOKEN_HOSTS_KEY) ?? ''), ['gitlab.example.com']);
    assert.equal(await store.get('gitlab.example.com'), 'glpat-0123456789abcdef');
    assert.equal(await store.get('GITLAB.EXAMPLE.COM'), 'glpat-0123456789abcdef');
    assert.equal(await store.get('gitlab.example.com:8443'), undefined, 'another port is another forge');
  });

  it('keeps one token per host and lists the hosts sorted, once each', async () => {
    const secrets = new FakeSecretStorage();
    const store = createForgeTokenStore(secrets);
    await store.set('codeberg.org', 'token-codeberg-1');
    await store.set('bitbucket.org', 'token-bitbucket');
    await store.set('codeberg.org', 'token-codeberg-2');
    assert.deepEqual(await store.hosts(), ['bitbucket.org', 'codeberg.org']);
    assert.equal(await store.get('codeberg.org'), 'token-codeberg-2');
    assert.deepEqual([...secrets.values.keys()].sort(), [
      'gitops.forgeToken:bitbucket.org',
      'gitops.forgeToken:codeberg.org',
      TOKEN_HOSTS_KEY,
    ]);
  });

  it('removes the token and the host, and says whether there was one', async () => {
    const secrets = new FakeSecretStorage();
    const store = createForgeTokenStore(secrets);
    await store.set('codeberg.org', 'token-codeberg');
    await store.set('gitlab.com', 'token-gitlab');
    assert.equal(await store.remove('CODEBERG.org'), true);
    assert.equal(await store.remove('codeberg.org'), false);
    assert.equal(await store.get('codeberg.org'), undefined);
    assert.deepEqual(await store.hosts(), ['gitlab.com']);
    assert.ok(![...secrets.values.values()].some((v) => v.includes('token-codeberg')));
  });

  it('refuses an empty token or a bad host without writing anything', async () => {
    const secrets = new FakeSecretStorage();
    const store = createForgeTokenStore(secrets);
    await assert.rejects(store.set('gitlab.com', '   '), /empty/);
    await assert.rejects(store.set('not a host', 'token-value'), (error: Error) => !error.message.includes('token-value'));
    assert.equal(secrets.values.size, 0);
  });

  it('reads a damaged host index as empty', async () => {
    const secrets = new FakeSecretStorage();
    secrets.values.set(TOKEN_HOSTS_KEY, '{oops');
    assert.deepEqual(await createForgeTokenStore(secrets).hosts(), []);
  });
});

describe('tokenInputProblem', () => {
  it('accepts a token and explains what is wrong with other input, without echoing it', () => {
    assert.equal(tokenInputProblem('glpat-0123456789abcdef'), undefined);
    assert.equal(tokenInputProblem(''), 'Paste the token.');
    const problem = tokenInputProblem('glpat 0123456789');
    assert.ok(problem && !problem.includes('glpat'));
    assert.ok(tokenInputProblem('short'));
  });
});

describe('tokenHelp', () => {
  it('names the scopes and the page to make a token on, per forge', () => {
    assert.match(tokenHelp('gitlab', 'gitlab.example.com').prompt, /api and write_repository/);
    assert.equal(
      tokenHelp('gitlab', 'gitlab.example.com').createUrl,
      'https://gitlab.example.com/-/user_settings/personal_access_tokens?name=GitOps%20Manifests&scopes=api,write_repository',
    );
    assert.match(tokenHelp('gitea', 'codeberg.org').prompt, /Gitea.*write:repository/);
    assert.match(tokenHelp('forgejo', 'git.example.com').prompt, /Forgejo/);
    assert.equal(tokenHelp('gitea', '127.0.0.1:3000').createUrl, 'http://127.0.0.1:3000/user/settings/applications');
    assert.match(tokenHelp('bitbucket', 'bitbucket.org').prompt, /pullrequest:write/);
    assert.match(tokenHelp('github', 'ghe.example.com').createUrl, /^https:\/\/ghe\.example\.com\/settings\/tokens\/new\?scopes=repo/);
  });
});

describe('tokenSourceFor', () => {
  it('signs in to github.com and the configured GitHub Enterprise Server through VS Code, stores tokens otherwise', () => {
    assert.deepEqual(tokenSourceFor('github', 'github.com'), { kind: 'session', provider: 'github' });
    assert.deepEqual(tokenSourceFor('github', 'ghe.example.com', 'https://GHE.example.com/'), { kind: 'session', provider: 'github-enterprise' });
    assert.deepEqual(tokenSourceFor('github', 'ghe.example.com', 'https://other.example.com'), { kind: 'stored' });
    assert.deepEqual(tokenSourceFor('github', 'ghe.example.com'), { kind: 'stored' });
    for (const type of ['gitlab', 'gitea', 'forgejo', 'bitbucket'] as const) {
      assert.deepEqual(tokenSourceFor(type, 'gitlab.com'), { kind: 'stored' }, type);
    }
  });
});

// gitops.forges: self-hosted hosts and their forge type, read leniently with every problem said once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseForgeSettings } from '../../../client/src/settings';

describe('parseForgeSettings', () => {
  it('reads host → type and apiUrl, hosts in lower case without scheme, apiUrl without trailing slash', () => {
    assert.deepEqual(
      parseForgeSettings({
        'Git.Example.com': { type: 'gitlab' },
        'https://ghe.example.com/': { type: 'github', apiUrl: 'https://ghe.example.com/api/v3/' },
        'forge.internal:3000': { type: 'forgejo', apiUrl: 'http://forge.internal:3000' },
        'bitbucket.example.com': { type: 'bitbucket' },
      }),
      {
        hosts: {
          'git.example.com': { type: 'gitlab' },
          'ghe.example.com': { type: 'github', apiUrl: 'https://ghe.example.com/api/v3' },
          'forge.internal:3000': { type: 'forgejo', apiUrl: 'http://forge.internal:3000' },
          'bitbucket.example.com': { type: 'bitbucket' },
        },
        problems: [],
      },
    );
  });

  it('leaves out bad entries and names the setting for each', () => {
    const { hosts, problems } = parseForgeSettings({
      'a.example.com': { type: 'gogs' },
      'b.example.com': { type: 'gitea', apiUrl: 'ftp://b.example.com' },
      'c.example.com': { type: 'gitea', apiUrl: 'https://user:pw@c.example.com' },
      'd.example.com': null,
      ' ': { type: 'gitea' },
      'ok.example.com': { type: 'gitea' },
    });
    assert.deepEqual(hosts, { 'ok.example.com': { type: 'gitea' } });
    assert.equal(problems.length, 5);
    assert.ok(problems.every((p) => p.startsWith('gitops.forges')));
    assert.ok(!problems.some((p) => p.includes('pw')), 'credentials in a URL are not repeated');
  });

  it('treats a missing setting as empty and a wrong shape as one problem', () => {
    assert.deepEqual(parseForgeSettings(undefined), { hosts: {}, problems: [] });
    assert.deepEqual(parseForgeSettings(['x']).problems.length, 1);
  });
});

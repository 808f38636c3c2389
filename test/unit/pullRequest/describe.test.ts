// The pure half of the pull-request flow: structural diff, title, branch name, body, forge hosts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyFor, branchNameFor, diffManifests, titleFor } from '../../../client/src/pullRequest/describe';
import { httpsRemote, readForgeHosts, resolveForge, withoutForeignApiUrls, PullRequestFlowError } from '../../../client/src/pullRequest/flow';
import { formatMarkdown } from '../../../server/src/cli/formats';
import { parseManifestDocument } from '../../../server/src/parse/manifestDocument';
import { validateRulesConfig } from '../../../server/src/rules/configSchema';

const deployment = (replicas: number, image = 'registry.example.com/checkout:1.4.0', comment = '') => `${comment}apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: app
          image: ${image}
        - name: sidecar
          image: envoy:1.30
`;

test('a replica change is one field, addressed through the object, and titled as scaling', () => {
  const changes = diffManifests([{ path: 'apps/checkout.yaml', before: deployment(2), after: deployment(4) }]);
  assert.deepEqual(changes, [{ file: 'apps/checkout.yaml', kind: 'Deployment', name: 'checkout', namespace: 'shop', change: 'modified', fields: [{ path: 'spec.replicas', before: 2, after: 4 }] }]);
  assert.equal(titleFor(changes, 1), 'Scale checkout to 4 replicas');
});

test('an image change is found by container name and titled with the new image', () => {
  const changes = diffManifests([{ path: 'a.yaml', before: deployment(2), after: deployment(2, 'registry.example.com/checkout:1.5.0') }]);
  assert.deepEqual(changes[0].fields, [{ path: 'spec.template.spec.containers[app].image', before: 'registry.example.com/checkout:1.4.0', after: 'registry.example.com/checkout:1.5.0' }]);
  assert.equal(titleFor(changes, 1), 'Update checkout image to registry.example.com/checkout:1.5.0');
});

test('comments and formatting are no change; other changes fall back to counts', () => {
  assert.deepEqual(diffManifests([{ path: 'a.yaml', before: deployment(2), after: deployment(2, undefined, '# owned by the shop team\n') }]), []);
  const several = diffManifests([
    { path: 'a.yaml', before: deployment(2), after: deployment(3) },
    { path: 'b.yaml', after: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' },
  ]);
  assert.deepEqual(several.map((c) => c.change), ['modified', 'added']);
  assert.equal(titleFor(several, 2), 'Update 2 manifests');
  assert.equal(titleFor(several.slice(1), 1), 'Add ConfigMap settings');
});

test('objects are matched by kind, namespace and name across a reordered multi-document file', () => {
  const a = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "1"\n';
  const b = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: "1"\n';
  const changes = diffManifests([{ path: 'x.yaml', before: `${a}---\n${b}`, after: `${b.replace('"1"', '"2"')}---\n${a}` }]);
  assert.deepEqual(changes.map((c) => [c.name, c.fields.map((f) => f.path)]), [['b', ['data.k']]]);
});

test('the body lists the fields, never a Secret value, then cluster, lint and template sections in that order', () => {
  const secret = (value: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${value}\n`;
  const changes = diffManifests([
    { path: 'd.yaml', before: deployment(2), after: deployment(4) },
    { path: 's.yaml', before: secret('b2xk'), after: secret('bmV3LXNlY3JldA==') },
  ]);
  const body = bodyFor({ changes, lint: 'No findings in 2 files.', clusterChanges: ['Deployment shop/checkout: spec.replicas 2 → 4'], template: '## Checklist\n' });
  assert.ok(!body.includes('bmV3LXNlY3JldA==') && !body.includes('b2xk'), 'no Secret value');
  assert.match(body, /`data\.password` changed \(value not shown\)/);
  assert.match(body, /`spec\.replicas`: `2` → `4`/);
  const order = ['## What changes', '## What merging changes in the cluster', '## Lint', '## Checklist'].map((h) => body.indexOf(h));
  assert.deepEqual([...order].sort((x, y) => x - y), order);
  assert.ok(order.every((i) => i >= 0));
  assert.doesNotMatch(bodyFor({ changes }), /cluster/);
});

test('branch names: gitops/<first object>-<UTC yyyymmdd-hhmm>, reduced to what a ref may hold', () => {
  const now = new Date('2026-03-07T09:05:00Z');
  assert.equal(branchNameFor(diffManifests([{ path: 'a.yaml', before: deployment(2), after: deployment(4) }]), ['a.yaml'], now), 'gitops/checkout-20260307-0905');
  const odd = [{ file: 'x', kind: 'ConfigMap', name: 'My Config..Map', change: 'added' as const, fields: [] }];
  assert.equal(branchNameFor(odd, ['x'], now), 'gitops/my-config.map-20260307-0905');
  assert.equal(branchNameFor([], ['apps/web/values.yaml'], now), 'gitops/values-20260307-0905');
});

test('forge hosts: the setting\'s shape, forgejo as Gitea, an explicit forge, the unknown host naming the setting', () => {
  const hosts = readForgeHosts({ 'Git.Example.com:3000': { type: 'forgejo', apiUrl: 'https://git.example.com:3000/' }, bad: { type: 'svn' } });
  assert.deepEqual(Object.keys(hosts), ['git.example.com:3000']);
  assert.deepEqual(resolveForge('http://git.example.com:3000/team/manifests.git', undefined, hosts), {
    kind: 'gitea',
    baseUrl: 'https://git.example.com:3000',
    owner: 'team',
    repo: 'manifests',
  });
  assert.equal(resolveForge('git@git.example.com:team/manifests.git', { type: 'gitlab' }).kind, 'gitlab');
  assert.throws(() => resolveForge('https://git.example.com/team/manifests.git', undefined, {}), (e: unknown) => {
    assert.ok(e instanceof PullRequestFlowError);
    assert.equal(e.kind, 'unknown-forge');
    assert.match(e.message, /gitops\.forges.*git\.example\.com/);
    return true;
  });
});

test('lint --format markdown: counts by rule, every error with its place, or no findings', () => {
  const finding = (ruleId: string, severity: 'error' | 'warning', line: number) => ({ file: 'a.yaml', line, column: 3, endLine: line, endColumn: 9, severity, ruleId, message: `problem | ${ruleId}` });
  const text = formatMarkdown([finding('SEC001', 'warning', 4), finding('SCH001', 'error', 2), finding('SEC001', 'warning', 9)], 2);
  assert.match(text, /^1 error, 2 warnings in 2 files\.\n/);
  assert.match(text, /\| SCH001 \| error \| 1 \|.*\n\| SEC001 \| warning \| 2 \|/);
  assert.match(text, /\*\*Errors\*\*\n\n- `a\.yaml:2:3` problem \\\| SCH001 \(SCH001\)$/);
  assert.equal(formatMarkdown([], 1), 'No findings in 1 file.');
});

test('.gitops-manifests.yaml accepts `forges:` (host → type, apiUrl) and names a wrong type', () => {
  const ok = validateRulesConfig(parseManifestDocument('forges:\n  git.example.com:3000:\n    type: forgejo\n    apiUrl: https://git.example.com:3000\n'));
  assert.deepEqual(ok, []);
  const wrong = validateRulesConfig(parseManifestDocument('forges:\n  git.example.com:\n    type: svn\n'));
  assert.equal(wrong.length, 1);
  assert.match(wrong[0].message, /forges\.git\.example\.com\.type/);
});

test('a repository\'s own forges: entry keeps an apiUrl only on the same host (the token goes nowhere else)', () => {
  const hosts = readForgeHosts({
    'git.example.com': { type: 'gitea', apiUrl: 'https://collector.example.net' },
    'ghe.example.com': { type: 'github', apiUrl: 'https://ghe.example.com/api/v3' },
    'git.example.org:3000': { type: 'gitea', apiUrl: 'http://git.example.org:3000/' },
  });
  assert.deepEqual(withoutForeignApiUrls(hosts), {
    'git.example.com': { type: 'gitea' },
    'ghe.example.com': { type: 'github', apiUrl: 'https://ghe.example.com/api/v3' },
    'git.example.org:3000': { type: 'gitea', apiUrl: 'http://git.example.org:3000/' },
  });
});

test('ssh and scp-like remotes are pushed to over the forge\'s HTTPS clone URL; http(s) remotes stay as they are', () => {
  const over = (remote: string, kind?: 'github' | 'gitlab' | 'gitea' | 'bitbucket') => httpsRemote(remote, resolveForge(remote, kind ? { type: kind } : undefined));
  assert.equal(over('git@github.com:octo-org/manifests.git'), 'https://github.com/octo-org/manifests.git');
  assert.equal(over('ssh://git@ghe.example.com/team/manifests.git', 'github'), 'https://ghe.example.com/team/manifests.git');
  assert.equal(over('git@gitlab.com:platform/infra/manifests.git'), 'https://gitlab.com/platform/infra/manifests.git');
  assert.equal(over('git@bitbucket.org:octo-org/manifests.git'), 'https://bitbucket.org/octo-org/manifests.git');
  assert.equal(over('ssh://git@git.example.com:2222/team/manifests.git', 'gitea'), 'https://git.example.com/team/manifests.git');
  assert.equal(over('http://127.0.0.1:3000/team/manifests.git', 'gitea'), 'http://127.0.0.1:3000/team/manifests.git');
});

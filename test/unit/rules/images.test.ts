// IMG001–IMG004: tags, digests, pull policy, allowed registries; and the image reference parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lintWithRules, type LintedFinding } from './ruleTestKit';
import { parseImage } from '../../../server/src/rules/images/imageRef';
import { registryAllowed } from '../../../server/src/rules/images/IMG004-image-registry-not-allowed';

const pod = (containers: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
${containers}`;

const c = (name: string, image: string, extra = '') => `    - name: ${name} # ${name} container\n      image: ${image}\n${extra}`;

const only = (text: string, ids: string[], config = {}) => lintWithRules(text, { only: ids, config });
const brief = (fs: LintedFinding[]) => fs.map((f) => [f.ruleId, f.severity, f.text]);

test('image references: registry, port, tag and digest', () => {
  assert.deepEqual(parseImage('nginx'), { registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined });
  assert.deepEqual(parseImage('registry.local:5000/team/app'), { registry: 'registry.local:5000', repository: 'team/app', tag: undefined, digest: undefined });
  assert.deepEqual(parseImage('localhost/app:1.0'), { registry: 'localhost', repository: 'app', tag: '1.0', digest: undefined });
  assert.deepEqual(parseImage('bitnami/redis:7.2@sha256:abc'), { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2', digest: 'sha256:abc' });
  assert.deepEqual(parseImage('ghcr.io/acme/api@sha256:abc'), { registry: 'ghcr.io', repository: 'acme/api', tag: undefined, digest: 'sha256:abc' });
});

test('IMG001: no tag, a registry port that is not a tag, and latest are reported; init containers too', () => {
  const text = pod(
    c('a', 'nginx') +
      c('b', 'registry.local:5000/team/app') +
      c('c', 'nginx:latest') +
      c('d', 'nginx:1.27') +
      c('e', 'registry.local:5000/team/app:2.1') +
      c('f', 'ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef') +
      '  initContainers:\n' +
      c('g', 'busybox'),
  );
  const fs = only(text, ['IMG001']);
  assert.deepEqual(brief(fs), [
    ['IMG001', 'warning', 'image'],
    ['IMG001', 'warning', 'image'],
    ['IMG001', 'warning', 'image'],
    ['IMG001', 'warning', 'image'],
  ]);
  assert.deepEqual(fs.map((f) => f.message), [
    'Container `a` uses `nginx` without a tag or digest (it means `latest`)',
    'Container `b` uses `registry.local:5000/team/app` without a tag or digest (it means `latest`)',
    'Container `c` uses `nginx:latest`: `latest` is not a version',
    'Init container `g` uses `busybox` without a tag or digest (it means `latest`)',
  ]);
  assert.deepEqual(only(pod(c('d', 'nginx:1.27')), ['IMG001']), []);
});

test('IMG002 (off by default): no digest, when enabled', () => {
  const text = pod(c('a', 'nginx:1.27') + c('b', 'nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'));
  assert.deepEqual(only(text, ['IMG002']), []);
  const fs = only(text, ['IMG002'], { levels: { IMG002: 'info' } });
  assert.deepEqual(brief(fs), [['IMG002', 'info', 'image']]);
  assert.equal(fs[0].message, 'Container `a` uses `nginx:1.27` without an `@sha256:` digest');
});

test('IMG003 (off by default): unset fails even with latest (Polaris/Checkov, not kube-score); the fix sets Always', () => {
  const text = pod(c('web', 'nginx:latest') + c('side', 'envoy:1.30', '      imagePullPolicy: IfNotPresent # cache\n') + c('ok', 'app:1', '      imagePullPolicy: Always\n'));
  assert.deepEqual(only(text, ['IMG003']), []);
  const config = { levels: { IMG003: 'info' as const } };
  const fs = only(text, ['IMG003'], config);
  assert.deepEqual(brief(fs), [
    ['IMG003', 'info', 'name: web'],
    ['IMG003', 'info', 'imagePullPolicy'],
  ]);
  assert.equal(fs[1].message, 'Container `side` has `imagePullPolicy: IfNotPresent`, not `Always`');
  for (const f of fs) {
    const fixed = applyFix(text, f);
    const after = lintWithRules(fixed, { config });
    assert.deepEqual(after.filter((x) => x.ruleId === 'schema' || x.ruleId === 'yaml'), []);
    assert.equal(after.filter((x) => x.ruleId === 'IMG003').length, 1);
    for (const comment of text.match(/#.*$/gm) ?? []) assert.ok(fixed.includes(comment), comment);
  }
  assert.match(applyFix(text, fs[0]), /      image: nginx:latest\n      imagePullPolicy: Always\n/);
  assert.match(applyFix(text, fs[1]), /      imagePullPolicy: Always # cache\n/);
});

test('IMG004: only when allowedRegistries is configured', () => {
  const text = pod(c('a', 'nginx:1.27') + c('b', 'ghcr.io/acme/api:1.0') + c('c', 'ghcr.io/other/api:1.0') + c('d', 'mirror.example.com:5000/nginx:1.27'));
  assert.deepEqual(only(text, ['IMG004']), []);
  const fs = only(text, ['IMG004'], { allowedRegistries: ['ghcr.io/acme', '*.example.com:5000'] });
  assert.deepEqual(brief(fs), [
    ['IMG004', 'warning', 'image'],
    ['IMG004', 'warning', 'image'],
  ]);
  assert.equal(fs[0].message, 'Container `a` pulls `nginx:1.27` from `docker.io`, which is not an allowed registry (`ghcr.io/acme`, `*.example.com:5000`)');
  assert.match(fs[1].message, /^Container `c` pulls/);
  assert.deepEqual(only(text, ['IMG004'], { allowedRegistries: ['docker.io', 'ghcr.io', 'mirror.example.com:5000'] }), []);
});

test('IMG004: registry entries match on whole path segments', () => {
  const ref = parseImage('ghcr.io/acmecorp/api:1');
  assert.equal(registryAllowed('ghcr.io/acme', ref), false);
  assert.equal(registryAllowed('ghcr.io/acmecorp', ref), true);
  assert.equal(registryAllowed('ghcr.io/', ref), true);
  assert.equal(registryAllowed('docker.io', parseImage('nginx')), true);
  assert.equal(registryAllowed('docker.io/library', parseImage('nginx:1')), true);
  assert.equal(registryAllowed('*.io', parseImage('nginx:1')), true);
  assert.equal(registryAllowed('docker.io', parseImage('docker.io.evil.io/x')), false);
});

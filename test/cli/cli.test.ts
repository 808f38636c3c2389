// The CLI as CI runs it: the bundled dist/cli.js, its three formats and its exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../infra/paths';

const CLI = join(repoRoot, 'dist', 'cli.js');
const FIXTURES = join(repoRoot, 'test', 'fixtures', 'cli');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: FIXTURES, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('clean manifests: exit 0, no output', () => {
  const r = run('lint', 'clean');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
});

test('text format: file:line:col severity message [ruleId], exit 1 on errors', () => {
  const r = run('lint', 'mixed');
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    'mixed/broken.yaml:6:3 error Unknown field `replicass` in Deployment `spec` — did you mean `replicas`? [schema]',
    'mixed/old-api.yml:1:13 error `extensions/v1beta1` Ingress was removed in Kubernetes 1.22: use `networking.k8s.io/v1` [API001]',
  ]);
});

test('json format: 1-based positions and the documented fields', () => {
  const r = run('lint', '--format', 'json', 'mixed/broken.yaml');
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
  assert.deepEqual(out.findings, [
    {
      file: 'mixed/broken.yaml',
      line: 6,
      column: 3,
      endLine: 6,
      endColumn: 12,
      severity: 'error',
      ruleId: 'schema',
      message: 'Unknown field `replicass` in Deployment `spec` — did you mean `replicas`?',
    },
  ]);
});

test('sarif format: SARIF 2.1.0 with rule metadata and regions', () => {
  const r = run('lint', '-f', 'sarif', 'mixed');
  assert.equal(r.code, 1);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'gitops-manifests');
  const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
  assert.ok(ids.includes('schema') && ids.includes('API001'));
  for (const rule of run0.tool.driver.rules) {
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.helpUri && rule.defaultConfiguration.level, rule.id);
  }
  assert.equal(run0.results.length, 2);
  const result = run0.results.find((x: { ruleId: string }) => x.ruleId === 'API001');
  assert.equal(result.level, 'error');
  assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'API001');
  assert.deepEqual(result.locations[0].physicalLocation, {
    artifactLocation: { uri: 'mixed/old-api.yml' },
    region: { startLine: 1, startColumn: 13, endLine: 1, endColumn: 31 },
  });
});

test('--kubernetes-version changes the verdict', () => {
  const r = run('lint', '--kubernetes-version', '1.34', '--format', 'json', 'mixed/old-api.yml');
  const f = JSON.parse(r.stdout).findings[0];
  assert.equal(f.ruleId, 'API001');
});

test('--config reads kubernetesVersion and rejects an unquoted one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gm-config-'));
  writeFileSync(join(dir, 'good.yaml'), 'kubernetesVersion: "1.35"\n');
  writeFileSync(join(dir, 'bad.yaml'), 'kubernetesVersion: 1.30\n');
  assert.equal(run('lint', '--config', join(dir, 'good.yaml'), 'clean').code, 0);
  const bad = run('lint', '--config', join(dir, 'bad.yaml'), 'clean');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /must be a quoted string/);
});

test('usage errors exit 2 with a message', () => {
  for (const args of [[], ['lint'], ['frobnicate'], ['lint', '--format', 'xml', 'clean'], ['lint', '--nope', 'clean'], ['lint', 'does-not-exist']]) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.ok(r.stderr.length > 0 || r.stdout.includes('Usage'), args.join(' '));
  }
});

test('rules lists the checks; --version prints the package version', () => {
  assert.match(run('rules').stdout, /^API001\s+error\s+Removed or deprecated API version$/m);
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.equal(run('--version').stdout.trim(), pkg.version);
});

// The CLI as CI runs it: the bundled dist/cli.js, its three formats and its exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../infra/paths';
import { ALL_RULES } from '../../server/src/rules/registry';

const CLI = join(repoRoot, 'dist', 'cli.js');
const FIXTURES = join(repoRoot, 'test', 'fixtures', 'cli');

function run(...args: string[]) {
  return runIn(FIXTURES, ...args);
}

function runIn(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The core checks; the best-practice rules add findings of their own ids beside them. */
const CORE = new Set(['yaml', 'schema', 'API001']);
const coreLines = (stdout: string) => stdout.trim().split('\n').filter((l) => CORE.has(/\[([^\]]+)\]$/.exec(l)?.[1] ?? ''));

/** A config file with every rule off: only the core checks remain. */
function rulesOffConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gm-rules-off-'));
  const path = join(dir, 'rules-off.yaml');
  writeFileSync(path, `rules:\n${ALL_RULES.map((r) => `  ${r.meta.id}: off`).join('\n')}\n`);
  return path;
}

test('clean manifests: exit 0, no schema finding; with every rule off, no output', () => {
  const r = run('lint', 'clean');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(coreLines(r.stdout), []);
  assert.ok(!/ error /.test(r.stdout), 'no rule reports an error on the clean fixture');
  const off = run('lint', '--config', rulesOffConfig(), 'clean');
  assert.equal(off.code, 0, off.stderr);
  assert.equal(off.stdout, '');
});

test('text format: file:line:col severity message [ruleId], exit 1 on errors', () => {
  const r = run('lint', 'mixed');
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(coreLines(r.stdout), [
    'mixed/broken.yaml:6:3 error Unknown field `replicass` in Deployment `spec` — did you mean `replicas`? [schema]',
    'mixed/old-api.yml:1:13 error `extensions/v1beta1` Ingress was removed in Kubernetes 1.22: use `networking.k8s.io/v1` [API001]',
  ]);
});

test('json format: 1-based positions and the documented fields', () => {
  const r = run('lint', '--format', 'json', 'mixed/broken.yaml');
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
  assert.deepEqual(out.findings.filter((f) => CORE.has(String(f.ruleId))), [
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
  assert.equal(run0.results.filter((x: { ruleId: string }) => CORE.has(x.ruleId)).length, 2);
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
  const f = JSON.parse(r.stdout).findings.find((x: { ruleId: string }) => CORE.has(x.ruleId));
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
  const lines = run('rules').stdout.trim().split('\n');
  for (const { meta } of ALL_RULES.filter((r) => !CORE.has(r.meta.id))) {
    const line = `${meta.id.padEnd(8)} ${meta.severity.padEnd(8)} ${meta.profile.padEnd(10)} ${meta.title}`;
    assert.ok(lines.includes(line), `rules lists ${meta.id}: ${line}`);
  }
  assert.equal(lines.length, 3 + ALL_RULES.filter((r) => !CORE.has(r.meta.id)).length);
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.equal(run('--version').stdout.trim(), pkg.version);
});

test('sarif: metadata for every rule, with its docs page and default level; rule results point at it', () => {
  const sarif = JSON.parse(run('lint', '-f', 'sarif', 'mixed').stdout);
  const rules: { id: string; helpUri: string; shortDescription: { text: string }; fullDescription: { text: string }; defaultConfiguration: { level: string; enabled?: boolean } }[] =
    sarif.runs[0].tool.driver.rules;
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { repository: { url: string } };
  const repo = pkg.repository.url.replace(/\.git$/, '');
  for (const { meta } of ALL_RULES) {
    const rule = rules.find((r) => r.id === meta.id);
    assert.ok(rule, `${meta.id} has SARIF metadata`);
    assert.equal(rule.shortDescription.text, meta.title);
    assert.ok(rule.fullDescription.text.startsWith(meta.rationale), meta.id);
    assert.equal(rule.helpUri, `${repo}/blob/main/docs/rules/${meta.id}.md`);
    const level = { error: 'error', warning: 'warning', info: 'note', hint: 'note', off: 'none' }[meta.severity];
    if (!CORE.has(meta.id)) assert.equal(rule.defaultConfiguration.level, level, meta.id);
    if (meta.severity === 'off') assert.equal(rule.defaultConfiguration.enabled, false);
  }
  for (const result of sarif.runs[0].results as { ruleId: string; ruleIndex: number }[]) {
    assert.equal(rules[result.ruleIndex].id, result.ruleId);
  }
});

test('rules --format json: every check with its docs page', () => {
  const out = JSON.parse(run('rules', '--format', 'json').stdout) as { rules: { id: string; helpUri: string; profile?: string }[] };
  assert.deepEqual(out.rules.map((r) => r.id), ['yaml', 'schema', 'API001', ...ALL_RULES.map((r) => r.meta.id).filter((id) => !CORE.has(id))]);
  assert.match(out.rules.find((r) => r.id === 'SEC001')!.helpUri, /\/blob\/main\/docs\/rules\/SEC001\.md$/);
});

test('rules run in CI: .gitops-manifests.yaml found upward sets levels, comments suppress, the config file is validated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gm-cli-rules-'));
  cpSync(join(FIXTURES, 'clean'), join(dir, 'apps'), { recursive: true });
  const privileged = readFileSync(join(FIXTURES, 'clean', 'deployment.yaml'), 'utf8').replace(
    '          image: nginx:1.27\n',
    '          image: nginx:1.27\n          securityContext:\n            privileged: true\n',
  );
  writeFileSync(join(dir, 'apps', 'deployment.yaml'), privileged);
  const sec001 = (cwd: string) => {
    const r = runIn(cwd, 'lint', '--format', 'json', '.');
    return { code: r.code, found: (JSON.parse(r.stdout).findings as { ruleId: string; severity: string; file: string; line: number; message: string }[]) };
  };
  let r = sec001(dir);
  assert.equal(r.code, 1);
  assert.deepEqual(r.found.filter((f) => f.ruleId === 'SEC001').map((f) => [f.file, f.line, f.severity]), [['apps/deployment.yaml', 21, 'error']]);

  writeFileSync(join(dir, '.gitops-manifests.yaml'), 'rules:\n  SEC001: warning\n  SEC009: warning # privileged also means escalation\n  SEC0002: off\n');
  r = sec001(dir);
  assert.equal(r.code, 0);
  assert.deepEqual(r.found.filter((f) => f.ruleId === 'SEC001').map((f) => f.severity), ['warning']);
  assert.deepEqual(r.found.filter((f) => f.file === '.gitops-manifests.yaml').map((f) => [f.line, f.severity, f.message]), [
    [4, 'warning', 'Unknown rule `SEC0002`: no rule has this id — did you mean `SEC002`?'],
  ]);

  writeFileSync(join(dir, 'apps', 'deployment.yaml'), privileged.replace('            privileged: true', '            privileged: true # gitops-manifests-disable-line SEC001 -- lab'));
  r = sec001(dir);
  assert.deepEqual(r.found.filter((f) => f.ruleId === 'SEC001'), []);
});

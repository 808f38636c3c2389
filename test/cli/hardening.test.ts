// The CLI given what a hostile or careless run gives it (issue 11): special files, broken configurations, links.
// Every case ends within seconds with exit 0, 1 or 2 as documented, and never with a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../infra/paths';

const CLI = join(repoRoot, 'dist', 'cli.js');
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: { app.kubernetes.io/name: x }\ndata: { k: v }\n';

function run(cwd: string, ...args: string[]) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 10_000 });
  const result = { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
  assert.ok(r.status !== null, `killed after ${result.ms} ms: ${args.join(' ')}`);
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$|internal error:/m, `stack trace for ${args.join(' ')}:\n${r.stderr}`);
  return result;
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, String(r.stderr));
}

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gm-cli-hardening-'));
  writeFileSync(join(dir, 'ok.yaml'), CONFIG_MAP);
  return dir;
}

test('a FIFO, a device and a symlink loop named on the command line: "not a regular file", exit 2, no blocking', () => {
  const dir = workdir();
  mkfifo(join(dir, 'pipe.yaml'));
  symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
  for (const [path, message] of [['pipe.yaml', /pipe\.yaml: not a regular file/], ['/dev/zero', /\/dev\/zero: not a regular file/], ['loop.yaml', /loop\.yaml: a symlink loop/]] as const) {
    const r = run(dir, 'lint', path);
    assert.equal(r.code, 2, `${path}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.ok(r.ms < 5000, `${path}: ${r.ms} ms`);
  }
});

test('--config on a folder, a FIFO, /dev/zero or YAML that does not parse: one line, exit 2', () => {
  const dir = workdir();
  mkfifo(join(dir, 'pipe.yaml'));
  writeFileSync(join(dir, 'broken.yaml'), 'profile: [\n');
  for (const [config, message] of [
    [dir, /is a folder, not a file/],
    ['pipe.yaml', /pipe\.yaml: not a regular file/],
    ['/dev/zero', /not a regular file/],
    ['broken.yaml', /broken\.yaml: not valid YAML: /],
  ] as const) {
    const r = run(dir, 'lint', '--config', config, 'ok.yaml');
    assert.equal(r.code, 2, `${config}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('walking a folder: symlinked files are linted, a FIFO, a dangling link and a link loop are skipped with a word', () => {
  const dir = workdir();
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub'), { recursive: true });
  writeFileSync(join(tree, 'broken.yaml'), CONFIG_MAP.replace('data:', 'dta:'));
  symlinkSync(join(tree, 'broken.yaml'), join(tree, 'sub', 'linked.yaml'));
  symlinkSync('..', join(tree, 'sub', 'up'));
  symlinkSync('nowhere.yaml', join(tree, 'dangling.yaml'));
  mkfifo(join(tree, 'pipe.yaml'));
  const r = run(dir, 'lint', 'tree');
  assert.equal(r.code, 1, r.stderr);
  const files = r.stdout.trim().split('\n').map((l) => l.split(':')[0]);
  assert.deepEqual([...new Set(files)].sort(), ['tree/broken.yaml', 'tree/sub/linked.yaml']);
  assert.match(r.stderr, /pipe\.yaml: skipped, not a regular file/);
  assert.match(r.stderr, /dangling\.yaml: skipped, a symlink that leads nowhere/);
});

test('an unreadable folder is reported and the rest is still linted', { skip: process.getuid?.() === 0 ? 'root reads every folder' : false }, () => {
  const dir = workdir();
  mkdirSync(join(dir, 'closed'));
  writeFileSync(join(dir, 'closed', 'x.yaml'), CONFIG_MAP);
  chmodSync(join(dir, 'closed'), 0);
  try {
    const r = run(dir, 'lint', '.');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /closed: cannot read this folder \(EACCES\)/);
  } finally {
    chmodSync(join(dir, 'closed'), 0o755);
  }
});

test('--config: unknown keys are reported as the editor reports them; a glob over 65,536 characters is skipped with one warning', () => {
  const dir = workdir();
  writeFileSync(join(dir, 'other.yaml'), CONFIG_MAP);
  writeFileSync(join(dir, 'ci.yaml'), `profile: baseline\nprofil: restricted\nexclude: ["${'a'.repeat(70_000)}", "other.yaml"]\n`);
  const r = run(dir, 'lint', '--config', 'ci.yaml', 'ok.yaml', 'other.yaml');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'ci.yaml:2:1 warning Unknown field `profil` in ci.yaml — did you mean `profile`? [schema]');
  const warnings = r.stderr.trim().split('\n');
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0], /^gitops-manifests: warning: ci\.yaml: exclude glob `a+…` \(70000 characters\) skipped: /);
});

test('a Kubernetes version without bundled schemas says which one is used instead', () => {
  const dir = workdir();
  const r = run(dir, 'lint', '--kubernetes-version', '9.99', 'ok.yaml');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: Kubernetes version `9\.99` has no bundled schemas \(1\.\d+ to 1\.\d+\): validating against 1\.\d+/);
});

test('a 10 MB file gets its "not validated" warning without being parsed first', () => {
  const dir = workdir();
  const doc = `---\n${CONFIG_MAP}`;
  writeFileSync(join(dir, 'huge.yaml'), doc.repeat(Math.ceil((10 * 1024 * 1024) / doc.length)));
  const r = run(dir, 'lint', 'huge.yaml');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^huge\.yaml:1:1 warning File not validated: 10\.0 MB is more than the 4\.0 MB limit \[yaml\]$/m);
  assert.ok(r.ms < 2500, `${r.ms} ms`);
});

// `gitops-manifests drift` as CI runs it (the bundled dist/cli.js) against the real kube-apiserver: its three
// formats, its exit codes, and Secret values that never reach its output.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startCluster, type Cluster } from '../infra/cluster';
import { repoRoot } from '../infra/paths';
import type { ClusterClient } from '../../server/src/drift/cluster';
import { loadKubeconfig } from '../../server/src/drift/kubeconfig';

const CLI = join(repoRoot, 'dist', 'cli.js');
const [major, minor] = process.versions.node.split('.').map(Number);
const skip = major > 22 || (major === 22 && minor >= 19) ? false : `@kubernetes/client-node 2.x needs Node >= 22.19, this is ${process.version}`;
const SECRET_VALUE = 'very-secret-cli-value';
// The machine's Node (20 here): client-node cannot load on it, which is what the version gate is for.
const SYSTEM_NODE = '/usr/bin/node';
const systemNode = (() => {
  try {
    return execFileSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).trim().slice(1).split('.').map(Number);
  } catch {
    return undefined;
  }
})();
const oldNodeSkip = !systemNode ? `${SYSTEM_NODE} is not installed` : systemNode[0] > 22 || (systemNode[0] === 22 && systemNode[1] >= 19) ? `${SYSTEM_NODE} is new enough for drift` : false;

let cluster: Cluster;
let admin: ClusterClient;
const dir = mkdtempSync(join(tmpdir(), 'drift-cli-'));

function run(args: string[], node = process.execPath): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [CLI, ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  mode: fast\n';
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\n  namespace: default\nstringData:\n  token: abc\n';

before(async () => {
  if (skip) return;
  cluster = await startCluster();
  const { ClusterClient } = await import('../../server/src/drift/cluster');
  admin = await ClusterClient.connect({ kubeconfig: loadKubeconfig({ explicitPath: cluster.kubeconfig }), allowExec: false });
  const { parse } = await import('yaml');
  for (const [kind, yaml] of [['ConfigMap', CONFIG], ['Secret', SECRET]] as const) {
    const body = parse(yaml) as { metadata: { name: string } };
    const info = (await admin.resource('v1', kind))!;
    await admin.patch(info, 'default', body.metadata.name, body, 'application/apply-patch+yaml', 'kustomize-controller', { force: 'true' });
  }
  mkdirSync(join(dir, 'in-sync'));
  writeFileSync(join(dir, 'in-sync', 'config.yaml'), CONFIG);
  mkdirSync(join(dir, 'drifted'));
  writeFileSync(join(dir, 'drifted', 'app.yaml'), `${CONFIG.replace('fast', 'slow')}---\n${SECRET}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-yet\n  namespace: default\n`);
  const info = (await admin.resource('v1', 'Secret'))!;
  await admin.patch(info, 'default', 'token', { data: { extra: Buffer.from(SECRET_VALUE).toString('base64') } }, 'application/merge-patch+json', 'kubectl-edit');
}, { timeout: 60 * 60_000 });

after(async () => {
  admin?.close();
  await cluster?.stop();
});

test('in sync: exit 0, one line per object and a summary', { skip }, async () => {
  const r = await run(['drift', '--kubeconfig', cluster.kubeconfig, 'in-sync']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'in-sync/config.yaml:1 ConfigMap default/settings: in-sync\n1 object: 1 in-sync\n');
});

test('json: exactly the documented shape, lines 1-based; exit 1 on drift and missing objects', { skip }, async () => {
  const r = await run(['drift', '--kubeconfig', cluster.kubeconfig, '--format', 'json', 'drifted']);
  assert.equal(r.code, 1, r.stderr);
  const { objects } = JSON.parse(r.stdout) as { objects: Record<string, unknown>[] };
  assert.deepEqual(objects.map((o) => Object.keys(o)), Array(3).fill(['file', 'line', 'apiVersion', 'kind', 'namespace', 'name', 'state', 'approximate', 'reason', 'fields']));
  assert.deepEqual(objects.map((o) => [o.file, o.line, o.name, o.state, o.approximate]), [
    ['drifted/app.yaml', 1, 'settings', 'drifted', false],
    ['drifted/app.yaml', 9, 'token', 'drifted', false],
    ['drifted/app.yaml', 17, 'not-yet', 'missing', false],
  ]);
  assert.deepEqual(objects[0].fields, [{ path: 'data.mode', git: 'slow', live: 'fast', manager: 'kustomize-controller', time: (objects[0].fields as { time: string }[])[0].time, class: 'git' }]);
  const secretFields = objects[1].fields as { path: string; class: string; manager: string; git: unknown; live: unknown }[];
  assert.deepEqual(secretFields.map((f) => [f.path, f.class, f.manager]), [['data.extra', 'human', 'kubectl-edit']]);
  for (const f of secretFields) for (const v of [f.git, f.live]) assert.ok(v === null || ['(changed)', '(added)', '(removed)'].includes(String(v)), `unmasked ${String(v)}`);
  assert.doesNotMatch(r.stdout, new RegExp(`${SECRET_VALUE}|${Buffer.from(SECRET_VALUE).toString('base64')}|YWJj`));
});

test('text and markdown: the differing fields, Secret values masked', { skip }, async () => {
  const text = await run(['drift', '--kubeconfig', cluster.kubeconfig, 'drifted']);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /^drifted\/app\.yaml:1 ConfigMap default\/settings: drifted\n  data\.mode: git slow, live fast \[git by kustomize-controller at \S+\]$/m);
  assert.match(text.stdout, /^drifted\/app\.yaml:17 ConfigMap default\/not-yet: missing — /m);
  assert.match(text.stdout, /^3 objects: 2 drifted, 1 missing$/m);
  const md = await run(['drift', '--kubeconfig', cluster.kubeconfig, '--format', 'markdown', 'drifted']);
  assert.equal(md.code, 1, md.stderr);
  assert.match(md.stdout, /^### Drift against `admin`$/m);
  assert.match(md.stdout, /^\| ConfigMap default\/settings \| `drifted\/app\.yaml:1` \| drifted \| 1 \|$/m);
  assert.match(md.stdout, /^\| `data\.extra` \| \((absent|added|changed|removed)\) \| \((absent|added|changed|removed)\) \| human: kubectl-edit \(/m);
  for (const out of [text.stdout, md.stdout]) assert.doesNotMatch(out, new RegExp(`${SECRET_VALUE}|${Buffer.from(SECRET_VALUE).toString('base64')}|YWJj`));
});

test('the viewer gets the same answer, approximate; errors exit 2', { skip }, async () => {
  const viewer = await run(['drift', '--kubeconfig', cluster.kubeconfig, '--context', 'viewer', '--format', 'json', 'drifted']);
  assert.equal(viewer.code, 1, viewer.stderr);
  const objects = (JSON.parse(viewer.stdout) as { objects: { name: string; state: string; approximate: boolean }[] }).objects;
  assert.deepEqual(objects.map((o) => [o.name, o.state, o.approximate]), [['settings', 'drifted', true], ['token', 'drifted', true], ['not-yet', 'missing', false]]);

  const noContext = await run(['drift', '--kubeconfig', cluster.kubeconfig, '--context', 'nope', 'in-sync']);
  assert.equal(noContext.code, 2);
  assert.match(noContext.stderr, /no context named "nope"/);
  const badFormat = await run(['drift', '--format', 'sarif', 'in-sync']);
  assert.equal(badFormat.code, 2);
  const gone = join(dir, 'gone.kubeconfig');
  writeFileSync(gone, `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\n`);
  const unreachable = await run(['drift', '--kubeconfig', gone, 'in-sync']);
  assert.equal(unreachable.code, 2);
  assert.match(unreachable.stderr, /connection refused/);
});

test('on Node older than 22.19, drift exits 2 and says why; lint still runs', { skip: oldNodeSkip }, async () => {
  writeFileSync(join(dir, 'plain.yaml'), CONFIG);
  const r = await run(['drift', 'plain.yaml'], SYSTEM_NODE);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /drift needs Node 22\.19 or newer/);
  const lint = await run(['lint', 'plain.yaml'], SYSTEM_NODE);
  assert.notEqual(lint.code, 2, lint.stderr);
});

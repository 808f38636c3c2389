// The peer tools built by `npm run peers` run offline against our own schema set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGoPeer, peerPaths, peers } from '../infra/peers';
import { writeKubeconformSchemas } from '../infra/kubeconformSchemas';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{ containerPort: 80, protocol: TCP }]
          resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { cpu: 1, memory: 128Mi } }
`;

function goPeer(name: string) {
  const peer = peers.find((p) => p.name === name);
  if (!peer || peer.kind !== 'go') throw new Error(`${name} is not a Go peer`);
  return peer;
}

test('kubeconform validates strictly with the schemas generated from our set', { timeout: 600_000 }, async () => {
  await ensureGoPeer(goPeer('kubeconform'));
  const dir = mkdtempSync(join(tmpdir(), 'gm-kubeconform-'));
  const schemas = join(dir, 'schemas');
  assert.ok(writeKubeconformSchemas(schemas) >= 90);
  const good = join(dir, 'good.yaml');
  const bad = join(dir, 'bad.yaml');
  writeFileSync(good, DEPLOYMENT);
  writeFileSync(bad, DEPLOYMENT.replace('replicas: 2', 'replicass: 2').replace('protocol: TCP', 'protocol: tcp'));
  const run = (file: string) =>
    spawnSync(peerPaths.kubeconform, ['-strict', '-summary', '-schema-location', `${schemas}/{{.ResourceKind}}{{.KindSuffix}}.json`, file], { encoding: 'utf8' });
  const ok = run(good);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /Valid: 1, Invalid: 0/);
  const ko = run(bad);
  assert.equal(ko.status, 1);
  assert.match(ko.stdout, /additional properties 'replicass' not allowed/);
  assert.match(ko.stdout, /protocol': value must be one of 'TCP', 'UDP', 'SCTP'/);
});

test('kube-score scores a manifest offline', { timeout: 600_000 }, async () => {
  await ensureGoPeer(goPeer('kube-score'));
  const file = join(mkdtempSync(join(tmpdir(), 'gm-kube-score-')), 'deploy.yaml');
  writeFileSync(file, DEPLOYMENT);
  let out = '';
  try {
    out = execFileSync(peerPaths['kube-score'], ['score', '--output-format', 'ci', file], { encoding: 'utf8' });
  } catch (err) {
    out = (err as { stdout: string }).stdout; // exit 1 when a check is critical
  }
  assert.match(out, /\[CRITICAL\] web .*Container Security Context|\[CRITICAL\] web/);
});

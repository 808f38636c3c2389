// The drift cluster client against the real kube-apiserver: discovery, GET, dry-run apply as a given field
// manager, and the failures drift turns into states (404, 403, kind not served, server gone).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startCluster, type Cluster } from '../infra/cluster';
import type { ClusterClient as Client } from '../../server/src/drift/cluster';
import { loadKubeconfig } from '../../server/src/drift/kubeconfig';

const [major, minor] = process.versions.node.split('.').map(Number);
const skip = major > 22 || (major === 22 && minor >= 19) ? false : `@kubernetes/client-node 2.x needs Node >= 22.19, this is ${process.version}`;

let cluster: Cluster;
let admin: Client;
let viewer: Client;
let cl: typeof import('../../server/src/drift/cluster');

before(async () => {
  cluster = await startCluster();
  if (skip) return;
  cl = await import('../../server/src/drift/cluster');
  const kubeconfig = loadKubeconfig({ explicitPath: cluster.kubeconfig });
  admin = await cl.ClusterClient.connect({ kubeconfig, allowExec: false });
  viewer = await cl.ClusterClient.connect({ kubeconfig, context: 'viewer', allowExec: false });
}, { timeout: 60 * 60_000 });

after(async () => {
  admin?.close();
  viewer?.close();
  await cluster?.stop();
});

test('discovery: served kinds with their resource and scope; unknown kinds are undefined', { skip }, async () => {
  assert.deepEqual(await admin.resource('apps/v1', 'Deployment'), { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true });
  assert.deepEqual(await admin.resource('v1', 'Namespace'), { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false });
  assert.equal(await admin.resource('apps/v1', 'Widget'), undefined);
  assert.equal(await admin.resource('example.com/v1', 'Widget'), undefined);
  assert.equal(await admin.minor(), 37);
});

test('dry-run apply predicts the defaulted object as the given field manager and persists nothing', { skip }, async () => {
  const info = (await admin.resource('v1', 'Service'))!;
  const body = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } };
  const predicted = await admin.applyDryRun(info, 'default', 'web', body, 'kustomize-controller');
  const spec = predicted.spec as { type: string; ports: { protocol: string; targetPort: number }[] };
  assert.equal(spec.type, 'ClusterIP');
  assert.equal(spec.ports[0].protocol, 'TCP');
  assert.equal(spec.ports[0].targetPort, 80);
  const managers = (predicted.metadata as { managedFields: { manager: string; operation: string }[] }).managedFields;
  assert.deepEqual(managers.map((m) => [m.manager, m.operation]), [['kustomize-controller', 'Apply']]);
  assert.equal(await admin.get(info, 'default', 'web'), undefined, 'a dry run persists nothing');
});

test('the viewer reads but its dry run is forbidden; the failures carry their kind', { skip }, async () => {
  const info = (await viewer.resource('v1', 'ConfigMap'))!;
  assert.equal(await viewer.get(info, 'default', 'absent'), undefined);
  const denied = await viewer.applyDryRun(info, 'default', 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, 'kustomize-controller').then(
    () => assert.fail('the viewer may not dry-run'),
    (e: unknown) => e,
  );
  assert.ok(denied instanceof cl.ClusterError);
  assert.equal(denied.failure, 'forbidden');
  assert.match(denied.message, /User "viewer" cannot patch resource "configmaps"/);
  const secrets = (await viewer.resource('v1', 'Secret'))!;
  assert.equal(await viewer.get(secrets, 'default', 'absent'), undefined);
});

test('an aborted call rejects at once; a server that is gone is unreachable', { skip }, async () => {
  const info = (await admin.resource('v1', 'ConfigMap'))!;
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(admin.get(info, 'default', 'x', controller.signal));
  const kubeconfig = loadKubeconfig({ explicitPath: cluster.kubeconfig });
  const clusters = kubeconfig.merged.clusters as { cluster: { server: string } }[];
  clusters[0].cluster.server = 'https://127.0.0.1:1';
  const gone = await cl.ClusterClient.connect({ kubeconfig, allowExec: false });
  const err = await gone.resource('v1', 'ConfigMap').then(() => assert.fail('expected a failure'), (e: unknown) => e);
  gone.close();
  assert.ok(err instanceof cl.ClusterError);
  assert.equal(err.failure, 'unreachable');
  assert.match(err.message, /connection refused/);
});

test('an exec credential plugin is not run in an untrusted workspace', { skip }, async () => {
  const kubeconfig = loadKubeconfig({ explicitPath: cluster.kubeconfig });
  const users = kubeconfig.merged.users as { name: string; user: Record<string, unknown> }[];
  users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/false' } };
  await assert.rejects(cl.ClusterClient.connect({ kubeconfig, context: 'admin', allowExec: false }), /not allowed in an untrusted workspace/);
});

test('a certificate the kubeconfig does not trust, and a server that never answers, are unreachable with why', { skip }, async () => {
  const untrusted = loadKubeconfig({ explicitPath: cluster.kubeconfig });
  for (const c of untrusted.merged.clusters as { cluster: Record<string, unknown> }[]) delete c.cluster['certificate-authority-data'];
  const tls = await cl.ClusterClient.connect({ kubeconfig: untrusted, allowExec: false });
  const tlsError = await tls.minor().then(() => assert.fail('expected a TLS failure'), (e: unknown) => e);
  tls.close();
  assert.ok(tlsError instanceof cl.ClusterError);
  assert.equal(tlsError.failure, 'unreachable');
  assert.match(tlsError.message, /TLS|certificate/i);

  // Accepts connections, never answers.
  const { createServer } = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentConfig = loadKubeconfig({ explicitPath: cluster.kubeconfig });
  for (const c of silentConfig.merged.clusters as { cluster: Record<string, unknown> }[]) c.cluster.server = `https://127.0.0.1:${(silent.address() as { port: number }).port}`;
  const slow = await cl.ClusterClient.connect({ kubeconfig: silentConfig, allowExec: false, timeoutMs: 500 });
  const started = Date.now();
  const timeout = await slow.minor().then(() => assert.fail('expected a timeout'), (e: unknown) => e);
  slow.close();
  for (const socket of sockets) socket.destroy();
  silent.close();
  assert.ok(timeout instanceof cl.ClusterError);
  assert.equal(timeout.failure, 'unreachable');
  assert.match(timeout.message, /did not answer within 0\.5 s/);
  assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
});


// DriftSession against the real kube-apiserver: results kept current by watches (one per kind and namespace), a
// person's live edit classified with its manager and time, Secret values never revealed, and an apiserver that goes
// away reported as unreachable within 5 s, then recovered from by itself when it comes back on the same port.
// A second session asks for every dry run (no shortcut for applies that change nothing) and is given the same
// documents: after each test both must hold identical results.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { startCluster, type Cluster } from '../infra/cluster';
import type { DriftSession } from '../../server/src/drift/session';
import type { ClusterClient } from '../../server/src/drift/cluster';
import type { DriftObject, DriftStatus } from '../../server/src/drift/types';
import { loadKubeconfig } from '../../server/src/drift/kubeconfig';
import { skip } from './drift/harness';

let cluster: Cluster;
let dataDir: string;
let port: number;
let session: DriftSession;
/** The same session asking for every dry run. */
let exact: DriftSession;
let admin: ClusterClient;
const results = new Map<string, DriftObject[]>();
const exactResults = new Map<string, DriftObject[]>();
const statuses: { at: number; status: DriftStatus }[] = [];
const logs: string[] = [];
const waiters = new Set<() => void>();
// kube-apiserver's graceful shutdown keeps open watches open (it waits for them until killed): stop() sends SIGTERM
// and kills it this long after, which is when the connection drops.
const GRACE_MS = 1000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resolves once `check` holds after a result or status arrives (or already holds). */
function until<T>(check: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const value = check();
      if (value === undefined || value === false) return false;
      waiters.delete(attempt);
      clearTimeout(timer);
      resolve(value);
      return true;
    };
    const timer = setTimeout(() => {
      waiters.delete(attempt);
      reject(new Error(`timed out waiting for ${what}; last results: ${JSON.stringify([...results])}; statuses: ${JSON.stringify(statuses.slice(-5))}`));
    }, timeoutMs);
    if (!attempt()) waiters.add(attempt);
  });
}

const notify = () => {
  for (const w of [...waiters]) w();
};

async function connectAdmin(): Promise<ClusterClient> {
  const { ClusterClient } = await import('../../server/src/drift/cluster');
  return ClusterClient.connect({ kubeconfig: loadKubeconfig({ explicitPath: cluster.kubeconfig }), allowExec: false });
}

before(async () => {
  if (skip) return;
  dataDir = mkdtempSync(join(tmpdir(), 'drift-session-'));
  port = await freePort();
  cluster = await startCluster({ dataDir, port, stopGraceMs: GRACE_MS });
  admin = await connectAdmin();
  const { DriftSession } = await import('../../server/src/drift/session');
  session = new DriftSession({ kubeconfigPath: cluster.kubeconfig, allowExec: false, debounceMs: 0, log: (level, message) => logs.push(`${level}: ${message}`) });
  session.onResults((uri, objects) => {
    results.set(uri, objects);
    notify();
  });
  session.onStatus((status) => {
    statuses.push({ at: Date.now(), status });
    notify();
  });
  exact = new DriftSession({ kubeconfigPath: cluster.kubeconfig, allowExec: false, debounceMs: 0, exactDryRun: true, log: () => {} });
  exact.onResults((uri, objects) => {
    exactResults.set(uri, objects);
    notify();
  });
}, { timeout: 60 * 60_000 });

afterEach(async () => {
  if (skip) return;
  const same = () => JSON.stringify([...results].sort()) === JSON.stringify([...exactResults].sort());
  await until(() => same(), 'the session that asks for every dry run to hold the same results', 30_000).catch(() => {
    assert.deepEqual([...results].sort(), [...exactResults].sort(), 'the shortcut changed a result');
  });
});

/** Both sessions are given the same documents and contexts. */
const both = {
  setDocument: (doc: Parameters<DriftSession['setDocument']>[0]) => [session, exact].forEach((s) => s.setDocument(doc)),
  removeDocument: (uri: string) => {
    [session, exact].forEach((s) => s.removeDocument(uri));
    results.delete(uri);
    exactResults.delete(uri);
  },
  useContext: (name: string) => [session, exact].forEach((s) => s.useContext(name)),
};

after(async () => {
  exact?.dispose();
  session?.dispose();
  admin?.close();
  await cluster?.stop();
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { team: a }
spec:
  replicas: 1
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ntype: Opaque\nstringData:\n  user: admin\n';
const PERSON_VALUE = 'hunter2-person-added';

async function ssa(body: Record<string, unknown>, manager: string) {
  const [group, version] = String(body.apiVersion).includes('/') ? String(body.apiVersion).split('/') : ['', String(body.apiVersion)];
  const info = (await admin.resource(group ? `${group}/${version}` : version, String(body.kind)))!;
  const meta = body.metadata as { name: string };
  return admin.patch(info, 'default', meta.name, body, 'application/apply-patch+yaml', manager, { force: 'true' });
}

let secretFields: string[] = [];
const objectsOf = (uri: string) => results.get(uri);

test('first results, then a person\'s kubectl-edit change arrives through the watch as human drift', { skip }, async () => {
  const { parse } = await import('yaml');
  await ssa(parse(DEPLOYMENT) as Record<string, unknown>, 'kustomize-controller');
  both.setDocument({ uri: 'file:///w/app.yaml', filePath: undefined, text: DEPLOYMENT, version: 1 });
  const answers: boolean[] = [];
  const exactAnswers: boolean[] = [];
  const seen = session.onResults((uri, objects) => uri === 'file:///w/app.yaml' && answers.push(objects[0].approximate));
  const exactSeen = exact.onResults((uri, objects) => {
    if (uri === 'file:///w/app.yaml') exactAnswers.push(objects[0].approximate);
    notify();
  });
  const first = await until(() => objectsOf('file:///w/app.yaml')?.find((o) => o.state === 'in-sync' && !o.approximate), 'the first in-sync result');
  await until(() => exactAnswers.length === 2 || undefined, 'the dry run\'s answer of the session that asks for every dry run');
  seen.dispose();
  exactSeen.dispose();
  assert.deepEqual(answers, [false], 'the apply changes nothing: the first answer is already the dry run\'s, without asking for it');
  assert.deepEqual(exactAnswers, [true, false], 'asking for every dry run: a quick answer without them, then the dry run\'s');
  assert.equal(first.namespace, 'default', 'the context namespace');
  assert.equal(statuses.at(-1)!.status.state, 'connected');

  const info = (await admin.resource('apps/v1', 'Deployment'))!;
  const editedAt = Date.now();
  await admin.patch(info, 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.29' }] } } } }, 'application/strategic-merge-patch+json', 'kubectl-edit');
  const drifted = await until(() => objectsOf('file:///w/app.yaml')?.find((o) => o.state === 'drifted'), 'the watched edit');
  const took = Date.now() - editedAt;
  assert.ok(took < 1000, `the live change took ${took} ms to show`);
  assert.equal(drifted.fields.length, 1);
  const [field] = drifted.fields;
  assert.equal(field.path, 'spec.template.spec.containers[name=web].image');
  assert.equal(field.class, 'human');
  assert.equal(field.manager, 'kubectl-edit');
  assert.ok(field.time && Math.abs(Date.parse(field.time) - editedAt) < 5000, `time ${field.time}`);
  assert.equal(field.git, 'nginx:1.27');
  assert.equal(field.live, 'nginx:1.29');
  assert.equal(field.line, 15);
  assert.deepEqual(session.liveValue('file:///w/app.yaml', 0, field.segments), { value: 'nginx:1.29' });
  const diff = session.diffDocuments('file:///w/app.yaml', 0)!;
  assert.match(diff.live, /image: nginx:1\.29/);
  assert.match(diff.predicted, /image: nginx:1\.27/);
  assert.equal(statuses.at(-1)!.status.drifted, 1);
});

test('a field Git dropped since the last sync is drift', { skip }, async () => {
  const withoutLabel = DEPLOYMENT.replace('  labels: { team: a }\n', '');
  both.setDocument({ uri: 'file:///w/app.yaml', text: withoutLabel, version: 2 });
  // The whole labels map goes (the buffer declares none), so that is the field reported.
  const drifted = await until(
    () => objectsOf('file:///w/app.yaml')?.find((o) => o.fields.some((f) => f.path === 'metadata.labels')),
    'the dropped label',
  );
  const label = drifted.fields.find((f) => f.path === 'metadata.labels')!;
  assert.equal(label.class, 'git');
  assert.equal(label.git, undefined);
  assert.deepEqual(label.live, { team: 'a' });
  assert.equal(label.line, 2, 'the nearest declared key: metadata');
});

test('a key a person added to a Secret is drift whose value appears nowhere', { skip }, async () => {
  const { parse } = await import('yaml');
  await ssa(parse(SECRET) as Record<string, unknown>, 'kustomize-controller');
  both.setDocument({ uri: 'file:///w/secret.yaml', text: SECRET, version: 1 });
  await until(() => objectsOf('file:///w/secret.yaml')?.find((o) => o.state === 'in-sync' && !o.approximate), 'the Secret in sync');
  const info = (await admin.resource('v1', 'Secret'))!;
  await admin.patch(info, 'default', 'creds', { data: { token: Buffer.from(PERSON_VALUE).toString('base64') } }, 'application/merge-patch+json', 'kubectl-edit');
  const drifted = await until(() => objectsOf('file:///w/secret.yaml')?.find((o) => o.state === 'drifted' && !o.approximate), 'the added key');
  const token = drifted.fields.find((f) => f.path === 'data.token');
  assert.deepEqual(token && [token.class, token.manager], ['human', 'kubectl-edit']);
  secretFields = drifted.fields.map((f) => f.path);
  const everything = JSON.stringify({ results: [...results], diff: session.diffDocuments('file:///w/secret.yaml', 0), logs });
  assert.doesNotMatch(everything, new RegExp(`${PERSON_VALUE}|${Buffer.from(PERSON_VALUE).toString('base64')}|YWRtaW4=`));
  assert.equal(session.liveValue('file:///w/secret.yaml', 0, ['data', 'token']), undefined);
  assert.equal(session.liveValue('file:///w/secret.yaml', 0, ['data']), undefined);
});

test('the person\'s key is the only drift of that Secret', { skip }, () => {
  assert.deepEqual(secretFields, ['data.token']);
});

test('one watch per kind and namespace, however many documents', { skip }, async () => {
  const second = DEPLOYMENT.replace('name: web', 'name: other').replaceAll('app: web', 'app: other');
  both.setDocument({ uri: 'file:///w/other.yaml', text: second, version: 1 });
  await until(() => objectsOf('file:///w/other.yaml')?.find((o) => o.state === 'missing'), 'the missing second Deployment');
  assert.deepEqual(session.watchedCollections().sort(), ['/v1/secrets|default', 'apps/v1/deployments|default']);
  both.removeDocument('file:///w/other.yaml');
  both.removeDocument('file:///w/secret.yaml');
  assert.deepEqual(session.watchedCollections(), ['apps/v1/deployments|default']);
});

test('the apiserver stopped mid-watch is unreachable within 5 s; started again, the session recovers by itself', { skip, timeout: 120_000 }, async () => {
  const stoppedAt = Date.now();
  const stopping = cluster.stop();
  const down = await until(() => statuses.find((s) => s.at >= stoppedAt && s.status.state === 'unreachable'), 'the unreachable status', 30_000);
  assert.ok(down.at - stoppedAt < 5000, `unreachable ${down.at - stoppedAt} ms after SIGTERM`);
  assert.match(down.status.message ?? '', /retrying/);
  await stopping;
  await until(() => objectsOf('file:///w/app.yaml')?.find((o) => o.state === 'unreachable'), 'the document marked unreachable');

  admin.close();
  cluster = await startCluster({ dataDir, port, stopGraceMs: GRACE_MS });
  admin = await connectAdmin();
  const restartedAt = Date.now();
  await until(() => statuses.find((s) => s.at >= restartedAt - 5000 && s.status.state === 'connected'), 'the connection back', 60_000);
  await until(() => objectsOf('file:///w/app.yaml')?.find((o) => o.state === 'drifted'), 'the result back', 30_000);

  // The watch runs again: a live change shows without any refresh.
  const info = (await admin.resource('apps/v1', 'Deployment'))!;
  await admin.patch(info, 'default', 'web', { spec: { replicas: 3 } }, 'application/merge-patch+json', 'kubectl-edit');
  await until(() => objectsOf('file:///w/app.yaml')?.find((o) => o.fields.some((f) => f.path === 'spec.replicas' && f.live === 3)), 'the change after the restart');
});

test('another context: the read-only viewer gets the same answer, approximate', { skip }, async () => {
  assert.deepEqual(session.contexts(), { kubeconfig: cluster.kubeconfig, contexts: ['admin', 'viewer'], current: 'admin' });
  const before = objectsOf('file:///w/app.yaml')!.find((o) => o.state === 'drifted')!;
  both.useContext('viewer');
  const after = await until(() => objectsOf('file:///w/app.yaml')?.find((o) => o.approximate && o.state === 'drifted' && /permission/.test(o.reason ?? '')), 'the viewer\'s result');
  assert.equal(session.contexts().current, 'viewer');
  assert.equal(statuses.at(-1)!.status.context, 'viewer');
  assert.deepEqual(after.fields.map((f) => [f.path, f.class]), before.fields.map((f) => [f.path, f.class]));
});


test('edits in quick succession: each replaces the computation before it, the last one\'s answer stays, nothing is logged as an error', { skip }, async () => {
  // A few milliseconds apart: each edit's computation has started (its requests in flight) when the next arrives.
  for (let i = 0; i < 20; i++) {
    both.setDocument({ uri: 'file:///w/app.yaml', text: DEPLOYMENT.replace('nginx:1.27', `nginx:1.${100 + i}`), version: 10 + i });
    await new Promise((resolve) => setTimeout(resolve, 4));
  }
  const last = await until(
    () => objectsOf('file:///w/app.yaml')?.find((o) => o.fields.some((f) => f.path.endsWith('.image') && f.git === 'nginx:1.119')),
    'the last edit\'s answer',
  );
  assert.equal(last.state, 'drifted');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const image = objectsOf('file:///w/app.yaml')![0].fields.find((f) => f.path.endsWith('.image'));
  assert.equal(image?.git, 'nginx:1.119', 'no older computation answered after the last one');
  assert.deepEqual(logs.filter((l) => l.startsWith('error')), []);
});

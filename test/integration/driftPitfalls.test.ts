// Every pitfall of drift-pitfalls.md that reproduces without controllers, against the real kube-apiserver: the
// buffer as the controller last applied it must show no drift, and a real change must show exactly that field.
// Each case runs as the admin (server-side apply dry run) and as the read-only viewer (no dry run allowed: the
// approximate comparison), and both must give the same answer. The admin's answer is computed twice, with the dry
// run skipped where the apply provably changes nothing and with every dry run asked, and the two must be identical
// (every field, value, line and normalised object); so must the viewer's, where it could skip the dry run it may not make.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ClusterClient } from '../../server/src/drift/cluster';
import type { FileDrift } from '../../server/src/drift/driftDocument';
import { assertInSync, assertSameAnswer, skip, startHarness, verdict, type Harness } from './drift/harness';

let h: Harness;
/** Dry runs asked by the admin's computation with the shortcut, and by the one without. */
const dryRuns = { shortcut: 0, exact: 0 };

/** A client that counts its dry runs. */
function counting(client: ClusterClient, side: keyof typeof dryRuns): ClusterClient {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'applyDryRun') {
        return (...args: Parameters<ClusterClient['applyDryRun']>) => {
          dryRuns[side]++;
          return target.applyDryRun(...args);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The harness's drift, with the admin's answer checked against the one with every dry run asked. */
async function driftBothWays(text: string, file?: string): Promise<{ admin: FileDrift; viewer: FileDrift }> {
  const { driftFile } = await import('../../server/src/drift/driftDocument');
  let filePath: string | undefined;
  if (file) {
    filePath = join(h.dir, file);
    mkdirSync(dirname(filePath), { recursive: true });
    writeFileSync(filePath, text);
  }
  const input = { file: file ?? 'buffer.yaml', filePath, text };
  const admin = { client: counting(h.admin, 'shortcut'), contextNamespace: h.admin.context.namespace };
  const viewer = { client: h.viewer, contextNamespace: h.viewer.context.namespace };
  const [a, exact, v, viewerShortcut] = await Promise.all([
    driftFile(input, admin),
    driftFile(input, { ...admin, client: counting(h.admin, 'exact'), exactDryRun: true }),
    driftFile(input, { ...viewer, exactDryRun: true }),
    driftFile(input, viewer),
  ]);
  assert.deepEqual(a, exact, 'skipping the dry runs of no-op applies changed the answer');
  // The viewer may not dry-run: where the shortcut holds it gets the dry run's answer, elsewhere the approximate one.
  viewerShortcut.objects.forEach((o, i) => {
    const same = (x: unknown) => JSON.stringify(x) === JSON.stringify(o);
    assert.ok(same(v.objects[i]) || same({ ...exact.objects[i], file: o.file }), `viewer ${o.kind} ${o.name}: ${JSON.stringify(o)}`);
  });
  return { admin: a, viewer: v };
}

before(async () => {
  if (skip) return;
  h = await startHarness();
  h.drift = driftBothWays;
  await h.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-b\n');
}, { timeout: 60 * 60_000 });

after(async () => {
  await h?.stop();
});

const deployment = (name: string, extra = '', container = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: web
          image: nginx:1.27
${container}${extra}`;

test('1, 6, 7, 8: server defaults, status and server-managed metadata are no drift; a changed image is', { skip }, async () => {
  const yaml = deployment('defaults');
  await h.apply(yaml);
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: defaults\n  namespace: default\nspec:\n  selector: { app: defaults }\n  ports:\n    - port: 80\n';
  await h.apply(service);
  assertInSync(await h.drift(`${yaml}---\n${service}`));

  const changed = assertSameAnswer(await h.drift(yaml.replace('nginx:1.27', 'nginx:1.28')));
  assert.deepEqual(verdict(changed[0]), {
    name: 'defaults',
    namespace: 'default',
    state: 'drifted',
    fields: [{ path: 'spec.template.spec.containers[name=web].image', class: 'git', manager: 'kustomize-controller' }],
  });
  assert.equal(changed[0].fields[0].git, 'nginx:1.28');
  assert.equal(changed[0].fields[0].live, 'nginx:1.27');
  assert.equal(changed[0].fields[0].line, 15, 'the line of the image key in the buffer (0-based)');
  assert.equal(changed[0].fieldManager, 'kustomize-controller');
});

test('2: quantities compare by value (1000m = 1, 0.5 = 500m, 1Gi = 1024Mi); a real change is drift', { skip }, async () => {
  const resources = (cpu: string, memory: string) => `          resources:\n            requests: { cpu: "${cpu}", memory: ${memory} }\n`;
  await h.apply(deployment('quantities', '', resources('1000m', '1Gi')));
  assertInSync(await h.drift(deployment('quantities', '', resources('1', '1024Mi'))));
  await h.apply(deployment('quantities', '', resources('500m', '1Gi')));
  assertInSync(await h.drift(deployment('quantities', '', resources('0.5', '1Gi'))));
  const changed = assertSameAnswer(await h.drift(deployment('quantities', '', resources('2', '1Gi'))));
  assert.deepEqual(verdict(changed[0]).fields.map((f) => f.path), ['spec.template.spec.containers[name=web].resources.requests.cpu']);
});

test('3, 22: empty maps, empty lists and nulls equal absent fields', { skip }, async () => {
  await h.apply(deployment('empties'));
  const buffer = deployment('empties', '', '          resources: {}\n          env: []\n          args: null\n').replace('  namespace: default\n', '  namespace: default\n  annotations: {}\n');
  assertInSync(await h.drift(buffer));
});

test('4: a CRD default the buffer spells out, and one it omits, are no drift', { skip }, async () => {
  await h.apply(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.gitops.example.com
spec:
  group: gitops.example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, listKind: WidgetList }
  versions:
    - name: v1beta1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer, default: 1 }
                paused: { type: boolean, default: false }
    - name: v1
      served: true
      storage: false
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer, default: 1 }
                paused: { type: boolean, default: false }
`);
  const widget = 'apiVersion: gitops.example.com/v1\nkind: Widget\nmetadata:\n  name: small\n  namespace: default\nspec:\n  size: 3\n';
  await h.apply(widget);
  assertInSync(await h.drift(widget));
  assertInSync(await h.drift(`${widget}  paused: false\n`));
  // 23: the same object read at the other served version.
  assertInSync(await h.drift(widget.replace('gitops.example.com/v1', 'gitops.example.com/v1beta1')));
  const changed = assertSameAnswer(await h.drift(widget.replace('size: 3', 'size: 4')));
  assert.deepEqual(verdict(changed[0]).fields.map((f) => f.path), ['spec.size']);
});

test('9: a client-side applied object (last-applied annotation) is in sync; the annotation is never a field', { skip }, async () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'client-side', namespace: 'default' }, data: { mode: 'fast' } };
  const annotated = { ...cm, metadata: { ...cm.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(cm) } } };
  await h.admin.request('POST', `/api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply`, { body: JSON.stringify(annotated) });
  const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: client-side\n  namespace: default\ndata:\n  mode: fast\n';
  assertInSync(await h.drift(yaml));
  const changed = assertSameAnswer(await h.drift(yaml.replace('fast', 'slow')));
  assert.deepEqual(verdict(changed[0]).fields.map((f) => f.path), ['data.mode']);
});

test('10: annotations a controller adds live are no drift', { skip }, async () => {
  await h.apply(deployment('revision'));
  await h.patch('apps/v1', 'Deployment', 'default', 'revision', { metadata: { annotations: { 'deployment.kubernetes.io/revision': '3' } } }, 'kube-controller-manager');
  assertInSync(await h.drift(deployment('revision')));
});

test('11: spec.replicas set through the scale subresource is the controller\'s', { skip }, async () => {
  await h.apply(deployment('scaled'));
  await h.admin.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/scaled/scale?fieldManager=kube-controller-manager', {
    body: JSON.stringify({ spec: { replicas: 5 } }),
    contentType: 'application/merge-patch+json',
  });
  const objects = assertSameAnswer(await h.drift(deployment('scaled')));
  assert.equal(objects[0].state, 'drifted');
  assert.deepEqual(objects[0].fields.map((f) => [f.path, f.class, f.git, f.live]), [['spec.replicas', 'controller', 2, 5]]);
  assert.equal(objects[0].controllerOnly, true);
});

test('13: stringData in the buffer equals the same data live; values never appear', { skip }, async () => {
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: default\ntype: Opaque\nstringData:\n  user: admin\n  password: s3cr3t-value\n';
  await h.apply(secret);
  const result = await h.drift(secret);
  assertInSync(result);
  assert.doesNotMatch(JSON.stringify(result), /s3cr3t-value|czNjcjN0LXZhbHVl/);
});

test('14: a list-map in another order is no drift', { skip }, async () => {
  const two = '        - name: sidecar\n          image: busybox:1.36\n';
  await h.apply(deployment('ordered', '', two));
  const reordered = deployment('ordered', '', '').replace(
    '        - name: web\n          image: nginx:1.27\n',
    `${two}        - name: web\n          image: nginx:1.27\n`,
  );
  assertInSync(await h.drift(reordered));
});

test('15: rules an aggregation controller fills into an aggregated ClusterRole are no drift', { skip }, async () => {
  const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: aggregated\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { aggregate-to-aggregated: "true" }\n';
  await h.apply(role);
  await h.patch('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'aggregated', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }, 'clusterrole-aggregation-controller');
  const objects = assertInSync(await h.drift(role));
  assert.equal(objects[0].namespace, undefined, 'cluster-scoped kinds have no namespace');
});

test('16: server defaults inside a StatefulSet\'s volumeClaimTemplates are no drift', { skip }, async () => {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: default
spec:
  serviceName: db
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: db
          image: postgres:17
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: { storage: 1Gi }
`;
  await h.apply(sts);
  assertInSync(await h.drift(sts));
});

test('18: a document without a namespace is compared in the kustomization\'s namespace, else the context\'s', { skip }, async () => {
  const cm = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: placed\ndata:\n  where: ${value}\n`;
  await h.apply(cm('team-a').replace('name: placed', 'name: placed\n  namespace: team-a'));
  await h.apply(cm('default').replace('name: placed', 'name: placed\n  namespace: default'));
  await h.drift('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: team-a\nresources: [config.yaml]\n', 'app/kustomization.yaml');
  const inKustomization = assertInSync(await h.drift(cm('team-a'), 'app/config.yaml'));
  assert.equal(inKustomization[0].namespace, 'team-a');
  const alone = assertInSync(await h.drift(cm('default')));
  assert.equal(alone[0].namespace, 'default');
  const patch = await h.drift(cm('x'), 'app/patch.yaml');
  assert.equal(patch.admin.objects.length, 1, 'not yet listed as a patch');
  await h.drift('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: team-a\nresources: [config.yaml]\npatches:\n  - path: patch.yaml\n', 'app/kustomization.yaml');
  const patched = await h.drift(cm('x'), 'app/patch.yaml');
  assert.equal(patched.admin.objects.length, 0, 'a kustomize patch is not compared on its own');
  assert.match(patched.admin.notes[0].note, /^part of overlay .*app/);
});

test('24: the same name in two namespaces is two objects, each compared with its own', { skip }, async () => {
  const cm = (ns: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twin\n  namespace: ${ns}\ndata:\n  value: ${value}\n`;
  await h.apply(`${cm('team-a', 'a')}---\n${cm('team-b', 'b')}`);
  assertInSync(await h.drift(`${cm('team-a', 'a')}---\n${cm('team-b', 'b')}`));
  const objects = assertSameAnswer(await h.drift(`${cm('team-a', 'a')}---\n${cm('team-b', 'changed')}`));
  assert.deepEqual(objects.map((o) => [o.namespace, o.state, o.documentIndex]), [['team-a', 'in-sync', 0], ['team-b', 'drifted', 1]]);
  assert.equal(objects[1].fields[0].line, 14, 'the line is in the second document');
});

test('missing objects, kinds the cluster does not serve, and documents that name no object', { skip }, async () => {
  const result = await h.drift(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: never-applied\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n---\nkind: ConfigMap\nmetadata:\n  name: no-api-version\n---\n# only a comment\n',
  );
  for (const side of [result.admin, result.viewer]) {
    assert.deepEqual(side.objects.map((o) => [o.name, o.state]), [['never-applied', 'missing'], ['g', 'unknown-kind']]);
  }
});

test('21: a key a person added to a Secret is that person\'s drift, with and without a dry run; no value shows', { skip }, async () => {
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: added-key\n  namespace: default\nstringData:\n  user: admin\n';
  await h.apply(secret);
  await h.patch('v1', 'Secret', 'default', 'added-key', { data: { token: Buffer.from('person-value-21').toString('base64') } }, 'kubectl-edit');
  const result = await h.drift(secret);
  const objects = assertSameAnswer(result);
  assert.deepEqual(verdict(objects[0]).fields, [{ path: 'data.token', class: 'human', manager: 'kubectl-edit' }]);
  assert.doesNotMatch(JSON.stringify(result), /person-value-21|cGVyc29uLXZhbHVlLTIx|YWRtaW4=/);
});

test('a field Git dropped since the last sync is drift, with and without a dry run', { skip }, async () => {
  await h.apply(deployment('dropped').replace('  namespace: default\n', '  namespace: default\n  annotations: { team: a }\n'));
  const objects = assertSameAnswer(await h.drift(deployment('dropped')));
  assert.deepEqual(verdict(objects[0]).fields, [{ path: 'metadata.annotations', class: 'git', manager: 'kustomize-controller' }]);
});

test('9: a key dropped from a client-side applied object is drift, as kubectl apply would remove it', { skip }, async () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'client-side-dropped', namespace: 'default' }, data: { mode: 'fast', extra: 'x' } };
  const annotated = { ...cm, metadata: { ...cm.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(cm) } } };
  await h.admin.request('POST', '/api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply', { body: JSON.stringify(annotated) });
  const objects = assertSameAnswer(await h.drift('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: client-side-dropped\n  namespace: default\ndata:\n  mode: fast\n'));
  assert.deepEqual(verdict(objects[0]).fields.map((f) => [f.path, f.class]), [['data.extra', 'git']]);
  assert.equal(objects[0].fieldManager, 'kubectl-client-side-apply');
});

test('25: a user who may not read the object gets unreadable with the reason, not drift', { skip }, async () => {
  const { loadKubeconfig } = await import('../../server/src/drift/kubeconfig');
  const { ClusterClient } = await import('../../server/src/drift/cluster');
  const { driftFile } = await import('../../server/src/drift/driftDocument');
  const kubeconfig = loadKubeconfig({ explicitPath: h.cluster.kubeconfig });
  // The admin acting as a user without any role binding (kubeconfig `as:`).
  const admin = (kubeconfig.merged.users as { name: string; user: Record<string, unknown> }[]).find((u) => u.name === 'admin')!;
  admin.user.as = 'nobody';
  const nobody = await ClusterClient.connect({ kubeconfig, context: 'admin', allowExec: false });
  try {
    const result = await driftFile({ file: 'x.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\n' }, { client: nobody });
    assert.deepEqual(result.objects.map((o) => [o.state, o.approximate]), [['unreadable', false]]);
    assert.match(result.objects[0].reason ?? '', /User "nobody" cannot (get|list) resource "configmaps"/);
  } finally {
    nobody.close();
  }
});

test('the shortcut was taken: the no-op applies above were answered without their dry runs', { skip }, () => {
  assert.ok(dryRuns.exact > 0);
  assert.ok(dryRuns.shortcut < dryRuns.exact, JSON.stringify(dryRuns));
  process.stderr.write(`dry runs asked: ${dryRuns.shortcut} with the shortcut, ${dryRuns.exact} without\n`);
});

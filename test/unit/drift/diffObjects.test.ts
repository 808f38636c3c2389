// diffObjects: the drift of one document, with the dry run's prediction and computed from live (fallback), on the
// shapes the apiserver returns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffObjects, type DiffInput } from '../../../server/src/drift/diffObjects';
import { clone, declaredDeployment, liveDeployment, predictedDeployment, type Obj } from './fixtures';
import { pick, randomDeployment, randomValue, rng } from './random';
import { CrdRegistry, crdVersions } from '../../../server/src/workspace/crds';

const deployment = (predicted?: Obj, extra: Partial<DiffInput> = {}): DiffInput => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  declared: declaredDeployment,
  predicted,
  live: liveDeployment,
  minor: '1.37',
  ...extra,
});

const summary = (fields: ReturnType<typeof diffObjects>['fields']) =>
  fields.map((f) => ({ path: f.path, class: f.class, manager: f.manager, git: f.git, live: f.live })).sort((a, b) => a.path.localeCompare(b.path));

describe('diffObjects on a Deployment applied by Flux, edited with kubectl and scaled by the HPA', () => {
  const expected = [
    { path: 'metadata.labels.team', class: 'human', manager: 'kubectl-edit', git: undefined, live: 'payments' },
    { path: 'spec.replicas', class: 'controller', manager: 'kube-controller-manager', git: 2, live: 5 },
    { path: 'spec.template.spec.containers[name=web].image', class: 'human', manager: 'kubectl-edit', git: 'ghcr.io/acme/web:1.0', live: 'ghcr.io/acme/web:1.1' },
  ];

  it('reports the edited image, the scaled replicas and the added label from the dry run', () => {
    const out = diffObjects(deployment(predictedDeployment()));
    assert.deepEqual(summary(out.fields), expected);
    assert.equal(out.approximate, false);
    assert.equal(out.controllerOnly, false);
    const image = out.fields.find((f) => f.path.endsWith('.image'));
    assert.deepEqual(image?.segments, ['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }, 'image']);
    assert.equal(image?.time, '2026-12-02T15:30:00Z');
  });

  it('a prediction that is the live object itself gives what a copy of it gives: only the people\'s additions', () => {
    const same = diffObjects(deployment(liveDeployment));
    const copy = diffObjects(deployment(clone(liveDeployment)));
    assert.deepEqual(summary(same.fields), summary(copy.fields));
    assert.deepEqual(summary(same.fields), [expected[0]]);
    assert.equal(same.predictedNormalised, same.liveNormalised);
    assert.deepEqual(copy.predictedNormalised, copy.liveNormalised);
  });

  it('reports the same without a dry run (prediction computed from live and managedFields)', () => {
    const out = diffObjects(deployment(undefined));
    assert.deepEqual(summary(out.fields), expected);
    assert.equal(out.approximate, true);
  });

  it('is in sync when the live object is what the document gives (quantities, defaults, order, metadata aside)', () => {
    const live = clone(predictedDeployment()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete live.metadata.labels.team;
    live.metadata.managedFields = live.metadata.managedFields.filter((e: Obj) => e.manager !== 'kubectl-edit');
    for (const mode of [live, undefined]) {
      const out = diffObjects(deployment(mode, { live }));
      assert.deepEqual(out.fields, [], mode ? 'dry run' : 'fallback');
    }
  });

  it('normalised objects carry no status, managedFields or server metadata', () => {
    const out = diffObjects(deployment(predictedDeployment()));
    for (const o of [out.liveNormalised, out.predictedNormalised]) {
      assert.equal(o.status, undefined);
      const m = o.metadata as Obj;
      for (const k of ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp']) assert.equal(m[k], undefined, k);
    }
  });
});

const mf = (manager: string, operation: string, fieldsV1: Obj, time = '2026-12-01T10:00:00Z', subresource?: string): Obj => ({
  apiVersion: 'v1',
  fieldsType: 'FieldsV1',
  fieldsV1,
  manager,
  operation,
  time,
  ...(subresource ? { subresource } : {}),
});

/** Both modes: with a dry-run result and with the prediction computed from live. */
function bothModes(input: Omit<DiffInput, 'predicted'>, predicted: Obj) {
  const withDryRun = diffObjects({ ...input, predicted });
  const fallback = diffObjects(input);
  assert.deepEqual(summary(fallback.fields), summary(withDryRun.fields), 'the fallback agrees with the dry run');
  return withDryRun;
}

describe('diffObjects: fields Git dropped', () => {
  const live = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'settings',
      namespace: 'shop',
      labels: { app: 'web', tier: 'frontend', shared: 'yes' },
      managedFields: [
        mf('kustomize-controller', 'Apply', { 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {}, 'f:shared': {} } }, 'f:data': { 'f:mode': {} } }),
        mf('kubectl-edit', 'Update', { 'f:metadata': { 'f:labels': { 'f:shared': {} } } }, '2026-12-02T10:00:00Z'),
      ],
    },
    data: { mode: 'fast' },
  };
  const declared = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', labels: { app: 'web' } }, data: { mode: 'fast' } };
  const predicted = clone(live);
  delete (predicted.metadata.labels as Obj).tier; // the dry run as the applier drops what only it owned

  it('a field only the applier owned is removed by the next sync (git); one a person shares stays and is theirs (human)', () => {
    const out = bothModes({ apiVersion: 'v1', kind: 'ConfigMap', declared, live, minor: '1.37' }, predicted);
    assert.deepEqual(summary(out.fields), [
      { path: 'metadata.labels.shared', class: 'human', manager: 'kubectl-edit', git: undefined, live: 'yes' },
      { path: 'metadata.labels.tier', class: 'git', manager: 'kustomize-controller', git: undefined, live: 'frontend' },
    ]);
  });

  it('client-side applied objects: what the last-applied annotation had and the document dropped is removed', () => {
    const csa = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'settings',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1', b: '2' } }) },
        managedFields: [
          mf('kubectl-client-side-apply', 'Update', { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } }),
        ],
      },
      data: { a: '1', b: '2' },
    };
    const doc = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } };
    const out = diffObjects({ apiVersion: 'v1', kind: 'ConfigMap', declared: doc, live: csa, minor: '1.37' });
    assert.deepEqual(summary(out.fields), [{ path: 'data.b', class: 'git', manager: 'kubectl-client-side-apply', git: undefined, live: '2' }]);
  });
});

describe('diffObjects: fields people added', () => {
  const base = clone(predictedDeployment()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  base.metadata.managedFields = base.metadata.managedFields.filter((e: Obj) => e.manager === 'kustomize-controller');
  delete base.metadata.labels.team;

  it('a sidecar patched in and a finalizer are reported as human, with no git value', () => {
    const live = clone(base);
    live.spec.template.spec.containers.push({ name: 'debug', image: 'busybox:1.36', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' });
    live.metadata.finalizers = ['example.com/hold', 'example.com/audit'];
    live.metadata.managedFields.push(
      mf('kubectl-patch', 'Update', {
        'f:metadata': { 'f:finalizers': { '.': {}, 'v:"example.com/hold"': {}, 'v:"example.com/audit"': {} } },
        'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"debug"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {} } } } } },
      }, '2026-12-03T08:00:00Z'),
    );
    const predicted = clone(live);
    predicted.spec.replicas = 2;
    const out = bothModes({ apiVersion: 'apps/v1', kind: 'Deployment', declared: declaredDeployment, live, minor: '1.37' }, predicted);
    const debug = out.fields.find((f) => f.path === 'spec.template.spec.containers[name=debug]');
    assert.equal(debug?.class, 'human');
    assert.equal(debug?.manager, 'kubectl-patch');
    assert.equal(debug?.git, undefined);
    assert.equal((debug?.live as Obj).image, 'busybox:1.36');
    const finalizers = out.fields.find((f) => f.path === 'metadata.finalizers');
    assert.deepEqual([finalizers?.class, finalizers?.live], ['human', ['example.com/hold', 'example.com/audit']]);
  });

  it('annotations the document lacks: the one a person added is theirs, the one a controller added is not reported', () => {
    const live = clone(base);
    live.metadata.annotations = { 'deployment.kubernetes.io/revision': '3', note: 'hotfix by alice', 'example.com/scraped': 'true' };
    live.metadata.managedFields.push(
      mf('kubectl-annotate', 'Update', { 'f:metadata': { 'f:annotations': { '.': {}, 'f:note': {} } } }, '2026-12-02T00:00:00Z'),
      mf('scraper-controller', 'Update', { 'f:metadata': { 'f:annotations': { 'f:example.com/scraped': {} } } }, '2026-12-03T00:00:00Z'),
    );
    const out = bothModes({ apiVersion: 'apps/v1', kind: 'Deployment', declared: declaredDeployment, live, minor: '1.37' }, clone(live));
    assert.deepEqual(summary(out.fields), [
      { path: 'metadata.annotations.note', class: 'human', manager: 'kubectl-annotate', git: undefined, live: 'hotfix by alice' },
    ]);
  });

  it('under Flux’s ssa: Merge, fields others added are kept by the sync, so they are no drift', () => {
    const live = clone(base);
    live.metadata.labels.owner = 'alice';
    live.metadata.managedFields.push(mf('kubectl-label', 'Update', { 'f:metadata': { 'f:labels': { 'f:owner': {} } } }, '2026-12-03T08:00:00Z'));
    const merge = clone(declaredDeployment) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    merge.metadata.annotations = { 'kustomize.toolkit.fluxcd.io/ssa': 'Merge' };
    live.metadata.annotations = { ...live.metadata.annotations, 'kustomize.toolkit.fluxcd.io/ssa': 'Merge' };
    live.metadata.managedFields[0].fieldsV1['f:metadata']['f:annotations'] = { 'f:kustomize.toolkit.fluxcd.io/ssa': {} };
    assert.deepEqual(diffObjects({ apiVersion: 'apps/v1', kind: 'Deployment', declared: merge, live, predicted: clone(live), minor: '1.37' }).fields, []);
    const plain = diffObjects({ apiVersion: 'apps/v1', kind: 'Deployment', declared: declaredDeployment, live: { ...live, metadata: { ...live.metadata, annotations: {} } }, predicted: clone(live), minor: '1.37' });
    assert.ok(plain.fields.some((f) => f.path === 'metadata.labels.owner' && f.class === 'human'));
  });

  it('what the apiserver defaulted on a person’s create is no addition; what they wrote is', () => {
    const live = clone(base);
    live.metadata.labels.owner = 'alice';
    live.metadata.managedFields.unshift(
      mf('kubectl-create', 'Update', {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:owner': {} } },
        'f:spec': {
          'f:progressDeadlineSeconds': {}, 'f:replicas': {}, 'f:revisionHistoryLimit': {}, 'f:selector': {},
          'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
          'f:template': {
            'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
            'f:spec': {
              'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {}, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {} } },
              'f:dnsPolicy': {}, 'f:restartPolicy': {}, 'f:schedulerName': {}, 'f:securityContext': {}, 'f:terminationGracePeriodSeconds': {},
            },
          },
        },
      }, '2026-11-30T09:00:00Z'),
    );
    const out = bothModes({ apiVersion: 'apps/v1', kind: 'Deployment', declared: { ...clone(declaredDeployment), spec: { ...(clone(declaredDeployment).spec as Obj) } }, live, minor: '1.37' }, live);
    assert.deepEqual(summary(out.fields), [{ path: 'metadata.labels.owner', class: 'human', manager: 'kubectl-create', git: undefined, live: 'alice' }]);
  });
});

describe('diffObjects: controllers and webhooks', () => {
  it('replicas of an HPA target are the controller’s, and the object is drifted by controllers only', () => {
    const live = clone(predictedDeployment()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    live.metadata.managedFields = live.metadata.managedFields.filter((e: Obj) => e.manager === 'kustomize-controller');
    delete live.metadata.labels.team;
    live.spec.replicas = 7;
    live.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas'] = {};
    const predicted = clone(live);
    predicted.spec.replicas = 2;
    const input = { apiVersion: 'apps/v1', kind: 'Deployment', declared: declaredDeployment, live, minor: '1.37', hpaTargeted: true };
    const out = bothModes(input, predicted);
    assert.deepEqual(summary(out.fields), [{ path: 'spec.replicas', class: 'controller', manager: 'kustomize-controller', git: 2, live: 7 }]);
    assert.equal(out.controllerOnly, true);
    assert.equal(diffObjects({ ...input, hpaTargeted: false, predicted }).fields[0].class, 'git');
  });

  it('a value a mutating webhook wrote is the webhook’s', () => {
    const live = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'c',
        annotations: { policy: 'enforced' },
        managedFields: [mf('kustomize-controller', 'Apply', { 'f:data': { 'f:a': {} } }), mf('kyverno', 'Update', { 'f:metadata': { 'f:annotations': { 'f:policy': {} } } }, '2026-12-02T00:00:00Z')],
      },
      data: { a: '1' },
    };
    const declared = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { policy: 'audit' } }, data: { a: '1' } };
    const predicted = { ...clone(live), metadata: { ...clone(live.metadata), annotations: { policy: 'audit' } } };
    const out = bothModes({ apiVersion: 'v1', kind: 'ConfigMap', declared, live, minor: '1.37' }, predicted);
    assert.deepEqual(summary(out.fields), [{ path: 'metadata.annotations.policy', class: 'webhook', manager: 'kyverno', git: 'audit', live: 'enforced' }]);
  });

  it('an aggregated ClusterRole’s rules filled in by the controller are no drift', () => {
    const live = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: 'monitoring',
        managedFields: [
          mf('kustomize-controller', 'Apply', { 'f:aggregationRule': { 'f:clusterRoleSelectors': {} } }),
          mf('clusterrole-aggregation-controller', 'Apply', { 'f:rules': {} }, '2026-12-01T10:00:01Z'),
        ],
      },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    };
    const declared = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'monitoring' }, aggregationRule: live.aggregationRule, rules: [] };
    const out = bothModes({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', declared, live, minor: '1.37', applier: 'kustomize-controller' }, clone(live));
    assert.deepEqual(out.fields, []);
  });
});

describe('diffObjects: Secrets', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const live = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'db',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ stringData: { password: 'old-pass' } }) },
      managedFields: [mf('kustomize-controller', 'Apply', { 'f:data': { 'f:password': {}, 'f:user': {} }, 'f:type': {} })],
    },
    type: 'Opaque',
    data: { password: b64('old-pass'), user: b64('app-user') },
  };

  it('stringData in the document equal to the live data is in sync', () => {
    const declared = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'old-pass', user: 'app-user' } };
    assert.deepEqual(diffObjects({ apiVersion: 'v1', kind: 'Secret', declared, live, minor: '1.37' }).fields, []);
    // Also when a person last wrote a key the document declares through stringData.
    const edited = clone(live);
    edited.metadata.managedFields.push(mf('kubectl-edit', 'Update', { 'f:data': { 'f:user': {} } }, '2026-12-02T00:00:00Z'));
    assert.deepEqual(diffObjects({ apiVersion: 'v1', kind: 'Secret', declared, live: edited, predicted: clone(edited), minor: '1.37' }).fields, []);
  });

  it('changed, added and removed keys show only as markers, and no value is anywhere in the result', () => {
    const declared = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'new-pass', token: 'tok-123' } };
    const predicted = { ...clone(live), data: { password: b64('new-pass'), token: b64('tok-123') } };
    const out = bothModes({ apiVersion: 'v1', kind: 'Secret', declared, live, minor: '1.37' }, predicted);
    assert.deepEqual(summary(out.fields), [
      { path: 'data.password', class: 'git', manager: 'kustomize-controller', git: '(changed)', live: '(changed)' },
      { path: 'data.token', class: 'git', manager: 'kustomize-controller', git: '(added)', live: undefined },
      { path: 'data.user', class: 'git', manager: 'kustomize-controller', git: undefined, live: '(removed)' },
    ]);
    const text = JSON.stringify([out, diffObjects({ apiVersion: 'v1', kind: 'Secret', declared, live, minor: '1.37' })]);
    for (const clear of ['old-pass', 'new-pass', 'tok-123', 'app-user']) {
      assert.ok(!text.includes(clear), clear);
      assert.ok(!text.includes(b64(clear)), `${clear} (base64)`);
    }
  });
});

describe('diffObjects: canonical forms', () => {
  it('a Service written with quoted target ports and no protocol matches its defaulted live form', () => {
    const live = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop', managedFields: [mf('argocd-controller', 'Apply', { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } }, 'f:selector': {} } })] },
      spec: {
        clusterIP: '10.96.4.20', clusterIPs: ['10.96.4.20'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
        ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'web' }, sessionAffinity: 'None', type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    };
    const declared = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80, targetPort: '8080' }], selector: { app: 'web' } } };
    assert.deepEqual(bothModes({ apiVersion: 'v1', kind: 'Service', declared, live, minor: '1.37' }, clone(live)).fields, []);
  });

  it('custom resources without a schema still compare pod templates by merge keys', () => {
    const spec = (order: string[]) => ({ template: { spec: { containers: order.map((name) => ({ name, image: `${name}:1` })) } } });
    const live = { apiVersion: 'example.com/v1', kind: 'Job', metadata: { name: 'j', managedFields: [] }, spec: spec(['a', 'b']) };
    const declared = { apiVersion: 'example.com/v1', kind: 'Job', metadata: { name: 'j' }, spec: spec(['b', 'a']) };
    assert.deepEqual(diffObjects({ apiVersion: 'example.com/v1', kind: 'Job', declared, live, minor: '1.37' }).fields, []);
  });
});

describe('diffObjects: speed', () => {
  it('200 Deployments diff in well under 50 ms of CPU once warm (bounded generously for loaded machines)', () => {
    const inputs = Array.from({ length: 200 }, (_, i) => deployment(i % 2 ? predictedDeployment() : undefined, { live: clone(liveDeployment), declared: clone(declaredDeployment) }));
    for (const input of inputs.slice(0, 4)) diffObjects(input);
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const start = process.cpuUsage();
      for (const input of inputs) diffObjects(input);
      const used = process.cpuUsage(start);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    assert.ok(best < 150, `${best.toFixed(1)} ms`);
  });
});

describe('diffObjects: dropped fields the apiserver defaults', () => {
  it('replicas Git no longer declares go back to the default, in both modes', () => {
    const live = clone(predictedDeployment()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    live.metadata.managedFields = live.metadata.managedFields.filter((e: Obj) => e.manager === 'kustomize-controller');
    live.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas'] = {};
    live.metadata.managedFields[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']['f:imagePullPolicy'] = {};
    delete live.metadata.labels.team;
    live.spec.replicas = 4;
    live.spec.template.spec.containers[0].imagePullPolicy = 'Always';
    const declared = clone(declaredDeployment) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete declared.spec.replicas;
    const predicted = clone(live);
    predicted.spec.replicas = 1;
    predicted.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent';
    const out = bothModes({ apiVersion: 'apps/v1', kind: 'Deployment', declared, live, minor: '1.37' }, predicted);
    assert.deepEqual(summary(out.fields), [
      { path: 'spec.replicas', class: 'git', manager: 'kustomize-controller', git: 1, live: 4 },
      { path: 'spec.template.spec.containers[name=web].imagePullPolicy', class: 'git', manager: 'kustomize-controller', git: 'IfNotPresent', live: 'Always' },
    ]);
  });
});

describe('diffObjects: atomic lists the apiserver defaults into', () => {
  it('a StatefulSet’s claim templates and a NetworkPolicy’s ports match their defaulted live forms without a dry run', () => {
    const stsLive = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', managedFields: [mf('kustomize-controller', 'Apply', { 'f:spec': { 'f:volumeClaimTemplates': {}, 'f:serviceName': {} } })] },
      spec: {
        serviceName: 'db',
        podManagementPolicy: 'OrderedReady',
        volumeClaimTemplates: [
          { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { creationTimestamp: null, name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
        ],
      },
    };
    const stsDoc = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db', volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10240Mi' } } } }] } };
    assert.deepEqual(diffObjects({ apiVersion: 'apps/v1', kind: 'StatefulSet', declared: stsDoc, live: stsLive, minor: '1.37' }).fields, []);

    const npLive = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web', managedFields: [mf('kustomize-controller', 'Apply', { 'f:spec': { 'f:ingress': {}, 'f:podSelector': {}, 'f:policyTypes': {} } })] },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }] },
    };
    const npDoc = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] } };
    assert.deepEqual(diffObjects({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', declared: npDoc, live: npLive, minor: '1.37' }).fields, []);
    // A real change inside an atomic list is still found.
    const changed = { ...npDoc, spec: { ...npDoc.spec, ingress: [{ ports: [{ port: 9090 }] }] } };
    const out = diffObjects({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', declared: changed, live: npLive, minor: '1.37' });
    assert.deepEqual(summary(out.fields), [{ path: 'spec.ingress[0].ports[0].port', class: 'git', manager: 'kustomize-controller', git: 9090, live: 8080 }]);
  });
});

describe('diffObjects: GitOps tracking', () => {
  const live = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'c',
      labels: { 'app.kubernetes.io/instance': 'shop', app: 'web' },
      managedFields: [mf('argocd-controller', 'Apply', { 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:app.kubernetes.io/instance': {} } }, 'f:data': { 'f:a': {} } })],
    },
    data: { a: '1' },
  };
  const predicted = { ...clone(live), metadata: { ...clone(live.metadata), labels: { app: 'web' } } };

  it('Argo CD’s tracking label is no drift where the document does not declare it', () => {
    const declared = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { app: 'web' } }, data: { a: '1' } };
    assert.deepEqual(bothModes({ apiVersion: 'v1', kind: 'ConfigMap', declared, live, minor: '1.37' }, predicted).fields, []);
  });

  it('but is compared where the document declares it', () => {
    const declared = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { app: 'web', 'app.kubernetes.io/instance': 'other' } }, data: { a: '1' } };
    const withOther = { ...clone(live), metadata: { ...clone(live.metadata), labels: { app: 'web', 'app.kubernetes.io/instance': 'other' } } };
    const out = bothModes({ apiVersion: 'v1', kind: 'ConfigMap', declared, live, minor: '1.37' }, withOther);
    assert.deepEqual(summary(out.fields), [{ path: 'metadata.labels["app.kubernetes.io/instance"]', class: 'git', manager: 'argocd-controller', git: 'other', live: 'shop' }]);
  });
});

describe('diffObjects: atomic maps', () => {
  it('a key reference Git rewrote is replaced whole without a dry run (a field it dropped is drift)', () => {
    const env = (ref: Obj) => ({ spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: ref } }] }] } } } });
    const live = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        managedFields: [mf('kustomize-controller', 'Apply', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:env': { 'k:{"name":"PASSWORD"}': { '.': {}, 'f:name': {}, 'f:valueFrom': { 'f:secretKeyRef': {} } } } } } } } } })],
      },
      ...env({ name: 'db', key: 'password', optional: true }),
    };
    const declared = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, ...env({ name: 'db', key: 'password' }) };
    const predicted = { ...clone(live), ...env({ name: 'db', key: 'password' }) };
    const out = bothModes({ apiVersion: 'apps/v1', kind: 'Deployment', declared, live, minor: '1.37' }, predicted);
    assert.deepEqual(summary(out.fields), [
      { path: 'spec.template.spec.containers[name=web].env[name=PASSWORD].valueFrom.secretKeyRef.optional', class: 'git', manager: 'kustomize-controller', git: undefined, live: true },
    ]);
  });
});

describe('diffObjects: properties', () => {
  const r = rng(424242);
  const randomFields = (depth = 4): Obj => {
    const out: Obj = {};
    for (const k of ['f:metadata', 'f:spec', 'f:data', 'k:{"name":"web"}', 'v:"x"', 'i:0', '.', 'f:replicas']) if (r() < 0.4) out[k] = depth === 0 || r() < 0.5 ? {} : randomFields(depth - 1);
    return out;
  };
  const randomLive = (): Obj => {
    const obj = randomDeployment(r);
    (obj.metadata as Obj).managedFields = Array.from({ length: Math.floor(r() * 4) }, () => ({
      manager: pick(r, ['kustomize-controller', 'kubectl-edit', 'kube-controller-manager', 'kyverno', 'kubectl-client-side-apply']),
      operation: pick(r, ['Apply', 'Update']),
      ...(r() < 0.2 ? { subresource: 'scale' } : {}),
      time: `2026-12-0${1 + Math.floor(r() * 3)}T00:00:00Z`,
      fieldsV1: randomFields(),
    }));
    return obj;
  };

  it('never throws on odd objects and managedFields, and its result is plain JSON', () => {
    for (let i = 0; i < 200; i++) {
      const live = randomLive();
      const declared = r() < 0.5 ? randomDeployment(r) : ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: randomValue(r, 4) } as Obj);
      const predicted = r() < 0.5 ? randomLive() : undefined;
      const out = diffObjects({ apiVersion: 'apps/v1', kind: 'Deployment', declared, live, predicted, minor: '1.37', hpaTargeted: r() < 0.2 });
      assert.deepEqual(JSON.parse(JSON.stringify(out.fields)), out.fields.map((f) => JSON.parse(JSON.stringify(f))));
      for (const f of out.fields) assert.ok(['git', 'human', 'controller', 'webhook'].includes(f.class));
    }
  });

  it('a live object diffed with itself as the prediction differs only by what people added', () => {
    for (let i = 0; i < 200; i++) {
      const live = randomLive();
      const out = diffObjects({ apiVersion: 'apps/v1', kind: 'Deployment', declared: randomDeployment(r), live, predicted: clone(live), minor: '1.37' });
      for (const f of out.fields) {
        assert.equal(f.class, 'human', f.path);
        assert.equal(f.git, undefined, f.path);
      }
    }
  });
});

describe('diffObjects: custom resources with their CRD', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'syncs.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Sync', plural: 'syncs' },
      scope: 'Namespaced',
      versions: [{
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  allowEmpty: { type: 'boolean', default: false },
                  targets: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['cluster'], items: { type: 'object', properties: { cluster: { type: 'string' }, weight: { type: 'integer' } } } },
                },
              },
            },
          },
        },
      }],
    },
  };
  const crds = new CrdRegistry();
  crds.setSource('crd.yaml', crdVersions(crd, 'crd.yaml'));
  const live = {
    apiVersion: 'example.com/v1',
    kind: 'Sync',
    metadata: { name: 's', managedFields: [mf('argocd-controller', 'Apply', { 'f:spec': { 'f:allowEmpty': {}, 'f:targets': { 'k:{"cluster":"a"}': { '.': {}, 'f:cluster': {}, 'f:weight': {} }, 'k:{"cluster":"b"}': { '.': {}, 'f:cluster': {}, 'f:weight': {} } } } })] },
    spec: { targets: [{ cluster: 'b', weight: 2 }, { cluster: 'a', weight: 1 }] },
  };

  it('an explicit schema default and a list map in another order are no drift (4, 14)', () => {
    const declared = { apiVersion: 'example.com/v1', kind: 'Sync', metadata: { name: 's' }, spec: { allowEmpty: false, targets: [{ cluster: 'a', weight: 1 }, { cluster: 'b', weight: 2 }] } };
    assert.deepEqual(bothModes({ apiVersion: 'example.com/v1', kind: 'Sync', declared, live, minor: '1.37', crds }, clone(live)).fields, []);
  });

  it('a changed element is found by its CRD key', () => {
    const declared = { apiVersion: 'example.com/v1', kind: 'Sync', metadata: { name: 's' }, spec: { targets: [{ cluster: 'a', weight: 5 }, { cluster: 'b', weight: 2 }] } };
    const predicted = { ...clone(live), spec: { targets: [{ cluster: 'b', weight: 2 }, { cluster: 'a', weight: 5 }] } };
    const out = bothModes({ apiVersion: 'example.com/v1', kind: 'Sync', declared, live, minor: '1.37', crds }, predicted);
    assert.deepEqual(summary(out.fields), [{ path: 'spec.targets[cluster=a].weight', class: 'git', manager: 'argocd-controller', git: 5, live: 1 }]);
  });
});

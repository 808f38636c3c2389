// diffObjects: the drift of one document, with the dry run's prediction and computed from live (fallback), on the
// shapes the apiserver returns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffObjects } from '../../../server/src/drift/diffObjects';
import { bothModes, clone, declaredDeployment, deployment, liveDeployment, mf, predictedDeployment, summary, type Obj } from './fixtures';

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

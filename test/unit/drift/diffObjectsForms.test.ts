// diffObjects on canonical forms, speed, defaulted fields, GitOps tracking, atomic maps, custom resources and random
// objects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffObjects } from '../../../server/src/drift/diffObjects';
import { bothModes, clone, declaredDeployment, deployment, liveDeployment, mf, predictedDeployment, summary, type Obj } from './fixtures';
import { pick, randomDeployment, randomValue, rng } from './random';
import { CrdRegistry, crdVersions } from '../../../server/src/workspace/crds';


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

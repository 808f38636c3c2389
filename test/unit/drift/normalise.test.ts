// Normalisers: one per false-drift pitfall, each pure and idempotent, and their composition.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { schemaOf } from '../../../server/src/drift/listKeys';
import { normalise, normaliseStepByStep, NORMALISERS, type NormaliseContext } from '../../../server/src/drift/normalise';
import { dropAggregatedRules } from '../../../server/src/drift/normalise/aggregatedClusterRole';
import { normaliseClaimTemplates } from '../../../server/src/drift/normalise/claimTemplates';
import { dropControllerMetadata } from '../../../server/src/drift/normalise/controllerMetadata';
import { dropEmptyValues } from '../../../server/src/drift/normalise/emptyValues';
import { numericIntOrString } from '../../../server/src/drift/normalise/intOrString';
import { dropLastApplied } from '../../../server/src/drift/normalise/lastApplied';
import { canonicalQuantities } from '../../../server/src/drift/normalise/quantities';
import { dropSchemaDefaults } from '../../../server/src/drift/normalise/schemaDefaults';
import { hashSecretValues } from '../../../server/src/drift/normalise/secretData';
import { isServerDefault } from '../../../server/src/drift/normalise/serverDefaults';
import { dropServerMetadata } from '../../../server/src/drift/normalise/serverMetadata';
import { dropStatus } from '../../../server/src/drift/normalise/status';
import { canonicalQuantity, parseQuantity } from '../../../server/src/rules/resources/quantity';
import { clone, liveDeployment, type Obj } from './fixtures';
import { pick, randomDeployment, randomValue, rng } from './random';

const ctxOf = (apiVersion: string, kind: string): NormaliseContext => ({ apiVersion, kind, schema: schemaOf(apiVersion, kind, '1.37') });
const deploymentCtx = ctxOf('apps/v1', 'Deployment');
const serviceCtx = ctxOf('v1', 'Service');
const secretCtx = ctxOf('v1', 'Secret');

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('each normaliser', () => {
  it('status (6): dropped', () => {
    assert.equal(dropStatus(clone(liveDeployment), deploymentCtx).status, undefined);
    assert.deepEqual(dropStatus({ kind: 'Deployment', spec: {} }, deploymentCtx), { kind: 'Deployment', spec: {} });
  });

  it('StatefulSet claim templates (16): what the apiserver fills into an embedded PVC is dropped', () => {
    const sts = {
      kind: 'StatefulSet',
      spec: {
        volumeClaimTemplates: [
          { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
          { metadata: { name: 'raw' }, spec: { volumeMode: 'Block' } },
        ],
      },
    };
    assert.deepEqual(normaliseClaimTemplates(sts, ctxOf('apps/v1', 'StatefulSet')), {
      kind: 'StatefulSet',
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }, { metadata: { name: 'raw' }, spec: { volumeMode: 'Block' } }] },
    });
  });

  it('server metadata (7, 8): managedFields, versions, identity and timestamps dropped; name, labels kept', () => {
    const m = dropServerMetadata(clone(liveDeployment), deploymentCtx).metadata as Obj;
    assert.deepEqual(Object.keys(m).sort(), ['annotations', 'labels', 'name', 'namespace']);
  });

  it('last-applied annotation (9): dropped, other annotations kept', () => {
    const obj = { metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}', team: 'a' } } };
    assert.deepEqual(dropLastApplied(obj, secretCtx), { metadata: { annotations: { team: 'a' } } });
  });

  it('controller metadata (10): revision and Flux/Argo tracking dropped; change-cause (set by people) kept', () => {
    const obj = {
      metadata: {
        annotations: { 'deployment.kubernetes.io/revision': '3', 'argocd.argoproj.io/tracking-id': 'app:apps/Deployment:shop/web', 'kubernetes.io/change-cause': 'kubectl set image' },
        labels: { app: 'web', 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system', 'kubernetes.io/metadata.name': 'shop' },
      },
    };
    assert.deepEqual(dropControllerMetadata(obj, deploymentCtx), {
      metadata: { annotations: { 'kubernetes.io/change-cause': 'kubectl set image' }, labels: { app: 'web' } },
    });
  });

  it('quantities (2): one text per value where the schema says quantity, nothing else touched', () => {
    const obj = {
      spec: {
        template: {
          metadata: { labels: { cpu: '0.5' } },
          spec: { containers: [{ name: 'web', image: '1e3', resources: { requests: { cpu: '0.5', memory: '1024Mi' }, limits: { cpu: 2, memory: '1e3' } } }] },
        },
      },
    };
    assert.deepEqual(canonicalQuantities(obj, deploymentCtx), {
      spec: {
        template: {
          metadata: { labels: { cpu: '0.5' } },
          spec: { containers: [{ name: 'web', image: '1e3', resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '1k' } } }] },
        },
      },
    });
  });

  it('int-or-string (5): "80" is 80 where the schema says int-or-string; an integer field or a label is left alone', () => {
    const svc = { metadata: { labels: { port: '80' } }, spec: { ports: [{ port: 80, targetPort: '8080' }, { port: 81, targetPort: 'http' }] } };
    assert.deepEqual(numericIntOrString(svc, serviceCtx), { metadata: { labels: { port: '80' } }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 81, targetPort: 'http' }] } });
    const d = { spec: { strategy: { rollingUpdate: { maxSurge: '1', maxUnavailable: '25%' } } } };
    assert.deepEqual(numericIntOrString(d, deploymentCtx), { spec: { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } } });
  });

  it('Secret values (13): stringData folded into data, every value a hash, equal values equal hashes', () => {
    const fromString = hashSecretValues({ kind: 'Secret', stringData: { password: 'hunter2' }, data: { user: 'YWRtaW4=' } }, secretCtx);
    const fromData = hashSecretValues({ kind: 'Secret', data: { password: 'aHVudGVyMg==', user: 'YWRtaW4=' } }, secretCtx);
    assert.deepEqual(fromString, fromData);
    assert.equal((fromString as { stringData?: unknown }).stringData, undefined);
    const text = JSON.stringify(fromString);
    for (const clear of ['hunter2', 'aHVudGVyMg==', 'admin', 'YWRtaW4=']) assert.ok(!text.includes(clear), clear);
    const other = hashSecretValues({ kind: 'Secret', data: { password: 'aHVudGVyMw==' } }, secretCtx) as { data: Obj };
    assert.notEqual(other.data.password, (fromData as { data: Obj }).data.password);
    // Not a Secret: ConfigMap data is compared as written.
    assert.deepEqual(hashSecretValues({ data: { a: 'b' } }, ctxOf('v1', 'ConfigMap')), { data: { a: 'b' } });
  });

  it('aggregated ClusterRoles (15): rules dropped when aggregationRule is present, kept otherwise', () => {
    const ctx = ctxOf('rbac.authorization.k8s.io/v1', 'ClusterRole');
    const aggregated = { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] }, rules: [{ verbs: ['get'] }] };
    assert.deepEqual(dropAggregatedRules(aggregated, ctx), { aggregationRule: aggregated.aggregationRule });
    const plain = { rules: [{ verbs: ['get'] }] };
    assert.equal(dropAggregatedRules(plain, ctx), plain);
  });

  it('schema defaults (4): a value equal to its explicit schema default is the same as none', () => {
    const svc = { spec: { ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] } };
    assert.deepEqual(dropSchemaDefaults(svc, serviceCtx), { spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] } });
  });

  it('empty values (3, 22): null, {} and [] dropped (parents emptied too); emptyDir {} and list elements kept', () => {
    const obj = {
      metadata: { annotations: {}, labels: null },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', resources: {}, env: [] }],
            volumes: [{ name: 'tmp', emptyDir: {} }],
            securityContext: { seLinuxOptions: {} },
          },
        },
      },
    };
    assert.deepEqual(dropEmptyValues(obj, deploymentCtx), { spec: { template: { spec: { containers: [{ name: 'web' }], volumes: [{ name: 'tmp', emptyDir: {} }] } } } });
    const np = { spec: { podSelector: {}, ingress: [{}] } };
    assert.deepEqual(dropEmptyValues(np, ctxOf('networking.k8s.io/v1', 'NetworkPolicy')), np);
  });

  it('server defaults (1): recognises what the apiserver fills in, not what a person chose', () => {
    const c = ['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }];
    assert.equal(isServerDefault('Deployment', [...c, 'terminationMessagePath'], '/dev/termination-log', {}), true);
    assert.equal(isServerDefault('Deployment', [...c, 'imagePullPolicy'], 'IfNotPresent', { image: 'nginx:1.27' }), true);
    assert.equal(isServerDefault('Deployment', [...c, 'imagePullPolicy'], 'Always', { image: 'nginx:1.27' }), false);
    assert.equal(isServerDefault('Deployment', [...c, 'imagePullPolicy'], 'Always', { image: 'registry:5000/nginx' }), true);
    assert.equal(isServerDefault('Deployment', ['spec', 'template', 'spec', 'dnsPolicy'], 'ClusterFirst', {}), true);
    assert.equal(isServerDefault('Deployment', ['spec', 'template', 'spec', 'dnsPolicy'], 'None', {}), false);
    assert.equal(isServerDefault('Deployment', ['spec', 'strategy'], { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, {}), true);
    assert.equal(isServerDefault('Deployment', ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], '50%', {}), false);
    assert.equal(isServerDefault('Service', ['spec', 'clusterIP'], '10.96.0.12', {}), true);
    assert.equal(isServerDefault('Service', ['spec', 'ports', { keys: { port: 80, protocol: 'TCP' } }, 'targetPort'], 80, { port: 80 }), true);
    assert.equal(isServerDefault('Deployment', ['spec', 'replicas'], 3, {}), false);
    assert.equal(isServerDefault('Service', ['spec', 'ports', { keys: { port: 80, protocol: 'TCP' } }, 'nodePort'], 31234, {}), true);
    assert.equal(isServerDefault('PersistentVolumeClaim', ['spec', 'storageClassName'], 'standard', {}), true);
  });
});

describe('properties', () => {
  const r = rng(20261204);
  const samples = [
    ...Array.from({ length: 150 }, () => randomDeployment(r)),
    ...Array.from({ length: 150 }, () => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: randomValue(r, 5) as Obj })),
  ];

  it('every normaliser and their composition are idempotent: normalise(normalise(x)) = normalise(x)', () => {
    for (const x of samples) {
      const once = normalise(x, deploymentCtx);
      assert.deepEqual(normalise(once, deploymentCtx), once);
      for (const [name, fn] of NORMALISERS) assert.deepEqual(fn(fn(x, deploymentCtx), deploymentCtx), fn(x, deploymentCtx), name);
    }
  });

  it('the one-walk composition gives what the normalisers one after another give', () => {
    for (const x of samples) assert.deepEqual(normalise(x, deploymentCtx), normaliseStepByStep(x, deploymentCtx));
  });

  it('normalisers are pure: a frozen input is never written to', () => {
    for (const x of samples.slice(0, 50)) {
      const frozen = deepFreeze(clone(x));
      assert.doesNotThrow(() => normalise(frozen, deploymentCtx));
      assert.deepEqual(frozen, x);
    }
  });

  it('Secrets: idempotent too, and no clear value survives', () => {
    for (let i = 0; i < 100; i++) {
      const value = `v${Math.floor(r() * 1e9)}`;
      const x = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, [pick(r, ['data', 'stringData'])]: { k: pick(r, [value, Buffer.from(value).toString('base64')]) } };
      const once = normalise(x, secretCtx);
      assert.deepEqual(normalise(once, secretCtx), once);
      assert.ok(!JSON.stringify(once).includes(value));
      assert.ok(!JSON.stringify(once).includes(Buffer.from(value).toString('base64')));
    }
  });

  it('equal quantities compare equal however they are written; different ones do not', () => {
    const suffixes: Array<[string, bigint, bigint]> = [
      ['n', 1n, 10n ** 9n], ['u', 1n, 10n ** 6n], ['m', 1n, 1000n], ['', 1n, 1n], ['k', 1000n, 1n], ['M', 10n ** 6n, 1n], ['G', 10n ** 9n, 1n],
      ['Ki', 1024n, 1n], ['Mi', 1024n ** 2n, 1n], ['Gi', 1024n ** 3n, 1n],
    ];
    const canon = (text: string) => {
      const q = parseQuantity(text);
      assert.ok(q, text);
      return canonicalQuantity(q);
    };
    for (let i = 0; i < 500; i++) {
      // A value num × factor, written with two different suffixes (and the exponent form where it is whole).
      const [s1, n1, d1] = pick(r, suffixes);
      const mantissa = BigInt(1 + Math.floor(r() * 5000));
      const num = mantissa * n1; // value = num / d1
      const forms = [`${mantissa}${s1}`];
      for (const [s2, n2, d2] of suffixes) {
        // mantissa2 = value / (n2/d2) = num * d2 / (d1 * n2)
        const top = num * d2;
        const bottom = d1 * n2;
        if (top % bottom === 0n) forms.push(`${top / bottom}${s2}`);
        else if ((top * 1000n) % bottom === 0n) {
          const thousandths = (top * 1000n) / bottom;
          forms.push(`${thousandths / 1000n}.${String(thousandths % 1000n).padStart(3, '0')}${s2}`);
        }
      }
      if (d1 === 1n) forms.push(`${num}e0`, `${num * 10n}e-1`);
      const texts = new Set(forms.map(canon));
      assert.equal(texts.size, 1, `${forms.join(' ')} → ${[...texts].join(' ')}`);
      const bigger = `${mantissa + 1n}${s1}`;
      assert.notEqual(canon(bigger), canon(forms[0]), `${bigger} vs ${forms[0]}`);
      // And the canonical text is itself canonical.
      const c = canon(forms[0]);
      assert.equal(canon(c), c);
    }
  });
});

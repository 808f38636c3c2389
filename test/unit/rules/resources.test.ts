// RES001–RES005: requests, limits, quantities; and the quantity parser they share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lintWithRules, type LintedFinding } from './ruleTestKit';
import { compareQuantities, isQuantity, parseQuantity } from '../../../server/src/rules/resources/quantity';

const deployment = (container: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${extra}      containers:
        - name: web # the app
          image: nginx:1.27
${container}`;

const FULL = `          resources:
            requests:
              cpu: 250m # measured
              memory: 256Mi
            limits:
              memory: 256Mi
              cpu: "1"
`;

const only = (text: string, ids: string[], config = {}) => lintWithRules(text, { only: ids, config });
const brief = (fs: LintedFinding[]) => fs.map((f) => [f.ruleId, f.severity, f.text]);

/** Applies the fix, re-lints, and checks the rule is satisfied without new schema/yaml problems or lost comments. */
function assertFixed(text: string, f: LintedFinding, ruleId: string): string {
  const fixed = applyFix(text, f);
  const after = lintWithRules(fixed);
  assert.deepEqual(after.filter((x) => x.ruleId === 'schema' || x.ruleId === 'yaml'), []);
  assert.equal(after.filter((x) => x.ruleId === ruleId && x.text === f.text && x.message === f.message).length, 0, fixed);
  for (const comment of text.match(/#.*$/gm) ?? []) assert.ok(fixed.includes(comment), `comment lost: ${comment}`);
  return fixed;
}

const q = (s: string) => {
  const v = parseQuantity(s);
  assert.ok(v, s);
  return v;
};

test('quantity: syntax follows resource.Quantity', () => {
  for (const ok of ['1', '500m', '0.5', '.5', '1.', '1Gi', '1e3', '1E-3', '+2k', '-1', '100n', 2, 0.25]) assert.ok(isQuantity(ok), String(ok));
  for (const bad of ['', '1GB', '1 Gi', 'one', '1gi', '1.5.5', 'm', '1e', Infinity, true, null]) assert.ok(!isQuantity(bad), String(bad));
});

test('quantity: exact comparison across suffixes', () => {
  assert.equal(compareQuantities(q('500m'), q('1')), -1);
  assert.equal(compareQuantities(q('1Gi'), q('1000Mi')), 1);
  assert.equal(compareQuantities(q('1Gi'), q('1073741824')), 0);
  assert.equal(compareQuantities(q('0.1'), q('100m')), 0);
  assert.equal(compareQuantities(q('1G'), q('1Gi')), -1);
  assert.equal(compareQuantities(q('1e3'), q('1k')), 0);
  assert.equal(compareQuantities(q('1.5Gi'), q('1536Mi')), 0);
  assert.equal(compareQuantities(q('250u'), q('1m')), -1);
  assert.equal(compareQuantities(q('-1'), q('0')), -1);
  assert.equal(compareQuantities(parseQuantity(2)!, q('2000m')), 0);
  assert.equal(parseQuantity('1e999999999'), undefined);
  assert.equal(parseQuantity('1GB'), undefined);
});

test('RES001: a container without requests; init containers are not checked (Polaris, catalogue C[app])', () => {
  const init = '      initContainers:\n        - name: migrate\n          image: migrate:1.0\n';
  const text = deployment('', init);
  const fs = only(text, ['RES001']);
  assert.deepEqual(brief(fs), [['RES001', 'warning', 'name: web']]);
  assert.equal(fs[0].message, 'Container `web` has no cpu or memory request');
  const fixed = assertFixed(text, fs[0], 'RES001');
  assert.match(fixed, /          resources:\n            requests:\n              cpu: 100m\n              memory: 512Mi\n/);
  assert.deepEqual(only(fixed, ['RES001']), []);
});

test('RES001: only memory missing, and an empty cpu value counts as unset', () => {
  const text = deployment('          resources:\n            requests: # sized later\n              cpu: ""\n');
  const fs = only(text, ['RES001']);
  assert.deepEqual(brief(fs), [['RES001', 'warning', 'cpu']]);
  const fixed = assertFixed(text, fs[0], 'RES001');
  assert.match(fixed, /requests: # sized later\n              cpu: 100m\n              memory: 512Mi\n/);
  assert.deepEqual(only(fixed, ['RES001']), []);
});

test('RES001/RES002: complete resources pass', () => {
  assert.deepEqual(only(deployment(FULL), ['RES001', 'RES002', 'RES003', 'RES004', 'RES005']), []);
});

test('RES002: memory limit missing is a warning, cpu limit missing is information', () => {
  const text = deployment('          resources:\n            requests:\n              cpu: 250m\n              memory: 1Gi # big heap\n');
  const fs = only(text, ['RES002']);
  assert.deepEqual(brief(fs), [
    ['RES002', 'warning', 'resources'],
    ['RES002', 'info', 'resources'],
  ]);
  assert.deepEqual(fs.map((f) => f.message), ['Container `web` has no memory limit', 'Container `web` has no cpu limit']);
  // The placeholder never goes below the request: that would trade RES002 for RES003.
  const fixed = assertFixed(text, fs[0], 'RES002');
  assert.match(fixed, /            limits:\n              memory: 1Gi\n/);
  assert.deepEqual(only(fixed, ['RES003']), []);
  const both = assertFixed(fixed, only(fixed, ['RES002'])[0], 'RES002');
  assert.match(both, /            limits:\n              memory: 1Gi\n              cpu: 250m\n/);
  assert.deepEqual(only(both, ['RES002', 'RES003']), []);
});

test('RES003: a request above its limit is an error, compared as quantities', () => {
  const text = deployment('          resources:\n            requests:\n              cpu: "2"\n              memory: 1Gi\n            limits:\n              cpu: 1500m\n              memory: 1000Mi\n');
  const fs = only(text, ['RES003']);
  assert.deepEqual(brief(fs), [
    ['RES003', 'error', 'cpu'],
    ['RES003', 'error', 'memory'],
  ]);
  assert.equal(fs[0].message, 'Container `web` requests 2 cpu, more than its limit of 1500m');
  const equal = deployment('          resources:\n            requests:\n              cpu: 500m\n              memory: 1Gi\n            limits:\n              cpu: "0.5"\n              memory: 1073741824\n');
  assert.deepEqual(only(equal, ['RES003']), []);
});

test('RES004: built-in kinds are left to the schema stage (one report per bad quantity)', () => {
  const text = deployment('          resources:\n            requests:\n              cpu: 1 core\n              memory: 256Mi\n            limits:\n              memory: 256Mi\n');
  const all = lintWithRules(text).filter((f) => f.text.includes('1 core') || f.text === 'cpu');
  assert.deepEqual(all.map((f) => f.ruleId), ['schema']);
});

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests:
              cpu: 1 core # typo
              memory: 256Mi
            limits:
              memory: 1GB
      volumes:
        - name: tmp
          emptyDir:
            medium: Memory
            sizeLimit: 64MB
`;

test('RES004: quantities the schema stage cannot check (a Rollout without its CRD)', () => {
  const fs = only(ROLLOUT, ['RES004']);
  assert.deepEqual(brief(fs), [
    ['RES004', 'error', 'cpu'],
    ['RES004', 'error', 'memory'],
    ['RES004', 'error', 'sizeLimit'],
  ]);
  assert.equal(fs[0].message, '`cpu: 1 core` is not a valid quantity (examples: `500m`, `256Mi`, `1Gi`)');
  const ok = ROLLOUT.replace('1 core', '500m').replace('1GB', '1Gi').replace('64MB', '64Mi');
  assert.deepEqual(only(ok, ['RES004']), []);
});

test('RES004: a Rollout whose CRD is in the workspace is validated by the schema stage instead', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: rollouts.argoproj.io
spec:
  group: argoproj.io
  scope: Namespaced
  names: {kind: Rollout, plural: rollouts, singular: rollout, listKind: RolloutList}
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`;
  assert.deepEqual(lintWithRules({ '/ws/rollout.yaml': ROLLOUT, '/ws/crd.yaml': crd }, { only: ['RES004'] }), []);
});

test('RES004: LimitRange, ResourceQuota and PVC quantities are covered by the schema stage', () => {
  const quota = 'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\nspec:\n  hard:\n    requests.cpu: lots\n';
  assert.deepEqual(lintWithRules(quota, { only: ['schema', 'RES004'] }).map((f) => [f.ruleId, f.text]), [['schema', 'lots']]);
});

test('RES005 (off by default): ephemeral-storage request and limit when enabled', () => {
  assert.deepEqual(only(deployment(FULL), ['RES005']), []);
  const fs = only(deployment(FULL), ['RES005'], { levels: { RES005: 'info' } });
  assert.deepEqual(brief(fs), [['RES005', 'info', 'requests']]);
  assert.equal(fs[0].message, 'Container `web` has no ephemeral-storage request or limit');
  const withStorage = deployment(FULL.replace('memory: 256Mi\n            limits:', 'memory: 256Mi\n              ephemeral-storage: 1Gi\n            limits:\n              ephemeral-storage: 2Gi'));
  assert.deepEqual(only(withStorage, ['RES005'], { levels: { RES005: 'info' } }), []);
});

test('RES001: a key with no value is filled in place; the placeholder never exceeds an existing limit', () => {
  const text = deployment('          resources:\n            requests:\n              cpu:\n            limits: # hard cap\n              cpu: 50m\n              memory: 128Mi\n');
  const fs = only(text, ['RES001']);
  assert.deepEqual(brief(fs), [['RES001', 'warning', 'cpu']]);
  const fixed = assertFixed(text, fs[0], 'RES001');
  assert.match(fixed, /            requests:\n              cpu: 50m\n              memory: 128Mi\n/);
  assert.deepEqual(only(fixed, ['RES001', 'RES003']), []);
});

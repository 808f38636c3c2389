// HPA001–HPA004: replica bounds, dangling targets, static replicas under an HPA, workloads without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lintWithRules, type LintedFinding } from './ruleTestKit';

const hpa = (spec: string, ns = 'shop') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: ${ns}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
${spec}`;
const deployment = (spec = '', ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
${spec}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
const scaledObject = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef:
    name: web
`;

const only = (files: Record<string, string> | string, id: string, config = {}) => lintWithRules(files, { only: [id], config });
const brief = (fs: LintedFinding[]) => fs.map((f) => [f.ruleId, f.severity, f.text]);

test('HPA001: minReplicas below 2 → I; maxReplicas equal → W, below → E', () => {
  assert.deepEqual(brief(only(hpa('  minReplicas: 1\n  maxReplicas: 5\n'), 'HPA001')), [['HPA001', 'info', 'minReplicas']]);
  assert.deepEqual(brief(only(hpa('  maxReplicas: 5\n'), 'HPA001')), [['HPA001', 'info', 'spec']]);
  assert.deepEqual(brief(only(hpa('  minReplicas: 3\n  maxReplicas: 3\n'), 'HPA001')), [['HPA001', 'warning', 'maxReplicas']]);
  const below = only(hpa('  minReplicas: 4\n  maxReplicas: 3\n'), 'HPA001');
  assert.deepEqual(brief(below), [['HPA001', 'error', 'maxReplicas']]);
  assert.match(below[0].message, /below `minReplicas: 4`/);
  assert.deepEqual(only(hpa('  minReplicas: 2\n  maxReplicas: 6\n'), 'HPA001'), []);
});

test('HPA002: scaleTargetRef names nothing in the namespace', () => {
  const text = hpa('  minReplicas: 2\n  maxReplicas: 6\n');
  const [f] = only(text, 'HPA002');
  assert.deepEqual(brief([f]), [['HPA002', 'warning', 'name']]);
  assert.equal(f.message, 'No Deployment `web` in namespace `shop` in the workspace: the autoscaler scales nothing');
  assert.deepEqual(only({ '/ws/hpa.yaml': text, '/ws/d.yaml': deployment() }, 'HPA002'), []);
  // Same name in another namespace, or a different kind of the same name, does not count.
  assert.equal(only({ '/ws/hpa.yaml': text, '/ws/d.yaml': deployment('', 'other') }, 'HPA002').length, 1);
  assert.equal(only({ '/ws/hpa.yaml': text, '/ws/d.yaml': deployment().replace('kind: Deployment', 'kind: StatefulSet') }, 'HPA002').length, 1);
  // Both without a namespace: the same (unknown) namespace.
  const noNs = (s: string) => s.replace(/\n {2}namespace: \w+/, '');
  assert.deepEqual(only({ '/ws/hpa.yaml': noNs(text), '/ws/d.yaml': noNs(deployment()) }, 'HPA002'), []);
});

test('HPA003: spec.replicas on the HPA target, on the Deployment line; fix deletes it', () => {
  const text = deployment('  replicas: 3 # before autoscaling\n  revisionHistoryLimit: 5 # keep\n');
  const files = { '/ws/d.yaml': text, '/ws/hpa.yaml': hpa('  minReplicas: 2\n  maxReplicas: 6\n') };
  const [f] = only(files, 'HPA003');
  assert.deepEqual(brief([f]), [['HPA003', 'warning', 'replicas']]);
  assert.equal(text.slice(0, f.start).split('\n').length, 7);
  const fixed = applyFix(text, f);
  assert.ok(!fixed.includes('replicas: 3'));
  assert.ok(fixed.includes('revisionHistoryLimit: 5 # keep'));
  const after = lintWithRules({ ...files, '/ws/d.yaml': fixed });
  assert.deepEqual(after.filter((x) => ['HPA003', 'schema', 'yaml'].includes(x.ruleId)), []);
  assert.deepEqual(only({ '/ws/d.yaml': deployment(), '/ws/hpa.yaml': files['/ws/hpa.yaml'] }, 'HPA003'), []);
  assert.deepEqual(only(text, 'HPA003'), []);
});

test('HPA004: off by default; when enabled, workloads no HPA or ScaledObject scales', () => {
  assert.deepEqual(only(deployment(), 'HPA004'), []);
  const on = { levels: { HPA004: 'info' as const } };
  assert.deepEqual(brief(only(deployment(), 'HPA004', on)), [['HPA004', 'info', 'name']]);
  assert.deepEqual(only({ '/ws/d.yaml': deployment(), '/ws/hpa.yaml': hpa('  maxReplicas: 4\n') }, 'HPA004', on), []);
  assert.deepEqual(only({ '/ws/d.yaml': deployment(), '/ws/so.yaml': scaledObject }, 'HPA004', on), []);
});

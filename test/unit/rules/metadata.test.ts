// META001–META004 and API001: required labels, label/name syntax (reported by the schema stage), namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintWithRules, type LintedFinding } from './ruleTestKit';
import { Engine } from '../../../server/src/engine/engine';
import { ruleById } from '../../../server/src/rules/registry';

const deployment = (meta = '  labels:\n    app.kubernetes.io/name: web\n', templateLabels = '        app.kubernetes.io/name: web\n') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
${meta}spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
${templateLabels}    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const only = (text: string | Record<string, string>, ids: string[], config = {}) => lintWithRules(text, { only: ids, config });
const brief = (fs: LintedFinding[]) => fs.map((f) => [f.ruleId, f.severity, f.text]);

test('META001: app.kubernetes.io/name by default, on the object and its pod template', () => {
  assert.deepEqual(only(deployment(), ['META001']), []);
  const text = deployment('  labels:\n    app: web # legacy\n', '        app: web\n');
  const fs = only(text, ['META001']);
  assert.deepEqual(brief(fs), [
    ['META001', 'info', 'labels'],
    ['META001', 'info', 'labels'],
  ]);
  assert.deepEqual(fs.map((f) => f.message), [
    'Deployment `web` has no label `app.kubernetes.io/name`',
    'The pod template of Deployment `web` has no label `app.kubernetes.io/name`',
  ]);
  // No labels at all: the finding points at `metadata`.
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {}\n';
  assert.deepEqual(brief(only(cm, ['META001'])), [['META001', 'info', 'metadata']]);
});

test('META001: configured labels and annotations replace the default; an empty list requires nothing', () => {
  const config = { requiredLabels: ['owner', 'app.kubernetes.io/name'], requiredAnnotations: ['email'] };
  const fs = only(deployment(), ['META001'], config);
  assert.deepEqual(fs.map((f) => f.message), [
    'Deployment `web` has no label `owner`',
    'Deployment `web` has no annotation `email`',
    'The pod template of Deployment `web` has no label `owner`',
  ]);
  assert.deepEqual(brief(fs).map((x) => x[2]), ['labels', 'metadata', 'labels']);
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {}\n';
  assert.deepEqual(only(cm, ['META001'], { requiredLabels: [] }), []);
});

test('META002: label keys and values, annotation keys, selectors; errors with the rules at their defaults', () => {
  const text = deployment(
    '  labels:\n    app.kubernetes.io/name: web\n    team: "platform team"\n    Example.com/x: y\n  annotations:\n    bad key: "1"\n',
    '        app.kubernetes.io/name: web\n        version: "-1.0"\n',
  ).replace('      app.kubernetes.io/name: web\n  template', '      app.kubernetes.io/name: web\n      tier: front/end\n  template');
  const fs = only(text, ['META002', 'schema']);
  assert.deepEqual(brief(fs), [
    ['META002', 'error', '"platform team"'],
    ['META002', 'error', 'Example.com/x'],
    ['META002', 'error', 'bad key'],
    ['META002', 'error', 'front/end'],
    ['META002', 'error', '"-1.0"'],
  ]);
  assert.equal(fs[1].message, 'Invalid label key `Example.com/x`: the prefix `Example.com` must be a DNS subdomain');
  assert.equal(fs[3].message, 'Invalid selector label value `front/end`: at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit');
  assert.deepEqual(only(deployment(), ['META002']), []);
});

test('META002: a Service selector and annotations over 256 KiB', () => {
  const big = 'x'.repeat(200 * 1024);
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    a: ${big}\n    b: ${big}\nspec:\n  selector:\n    app: web_\n  ports:\n    - port: 80\n`;
  const fs = only(text, ['META002']);
  assert.deepEqual(brief(fs), [
    ['META002', 'error', 'annotations'],
    ['META002', 'error', 'web_'],
  ]);
  assert.equal(fs[0].message, 'Annotations total 400 KiB: the API server allows at most 256 KiB');
});

test('META002/META004: reported by the schema stage, so also without rules and in Kustomize patches', () => {
  const text = deployment('  labels:\n    app: "-bad-"\n').replace('name: web\n  namespace: shop', 'name: Web_App\n  namespace: Shop');
  const engine = new Engine();
  const plain = engine.lint({ text, source: '/ws/deploy.yaml' }).findings;
  assert.deepEqual(plain.map((f) => [f.ruleId, text.slice(f.start, f.end)]), [
    ['META004', 'Web_App'],
    ['META004', 'Shop'],
    ['META002', '"-bad-"'],
  ]);
  // With the rules on, the same findings once each (the rule entries do not report them again).
  const withRules = only(text, ['META002', 'META004', 'schema']);
  assert.deepEqual(withRules.map((f) => [f.ruleId, f.text]), [
    ['META004', 'Web_App'],
    ['META004', 'Shop'],
    ['META002', '"-bad-"'],
  ]);
  assert.deepEqual(ruleById('META002')?.meta.severity, 'error');
  assert.deepEqual(ruleById('META004')?.meta.severity, 'error');
});

test('META004: names by kind, generateName as a prefix, unrendered templates; substitutions are left alone', () => {
  const names = (kind: string, apiVersion: string, meta: string) => only(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n${meta}`, ['META004']);
  assert.deepEqual(brief(names('Service', 'v1', '  name: 1web\n')), [['META004', 'error', '1web']]);
  assert.deepEqual(brief(names('Namespace', 'v1', '  name: team.a\n')), [['META004', 'error', 'team.a']]);
  assert.deepEqual(names('ConfigMap', 'v1', '  name: team.a\n'), []);
  assert.deepEqual(names('ClusterRole', 'rbac.authorization.k8s.io/v1', '  name: system:aggregate-to-view\n'), []);
  assert.deepEqual(names('ConfigMap', 'v1', '  generateName: settings-\n'), []);
  assert.deepEqual(brief(names('ConfigMap', 'v1', '  generateName: Settings-\n')), [['META004', 'error', 'Settings-']]);
  const tpl = names('ConfigMap', 'v1', '  name: "{{ .Release.Name }}-settings"\n');
  assert.deepEqual(brief(tpl), [['META004', 'error', '"{{ .Release.Name }}-settings"']]);
  assert.match(tpl[0].message, /unrendered template/);
  assert.deepEqual(names('ConfigMap', 'v1', '  name: settings-${CLUSTER}\n'), []);
});

test('META003 (off by default): unset or default namespace of namespaced kinds', () => {
  const cm = (meta: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n${meta}data: {}\n`;
  const config = { levels: { META003: 'info' as const } };
  assert.deepEqual(only(cm(''), ['META003']), []);
  assert.deepEqual(brief(only(cm(''), ['META003'], config)), [['META003', 'info', 'metadata']]);
  const fs = only(cm('  namespace: default\n'), ['META003'], config);
  assert.deepEqual(brief(fs), [['META003', 'info', 'namespace']]);
  assert.equal(fs[0].message, 'ConfigMap `settings` is in the `default` namespace');
  assert.deepEqual(only(cm('  namespace: shop\n'), ['META003'], config), []);
  assert.deepEqual(only('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n', ['META003'], config), []);
  assert.deepEqual(only('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: default\n', ['META003'], config), []);
});

test('META003: a kustomization beside the file that sets namespace decides it', () => {
  const config = { levels: { META003: 'info' as const } };
  const files = {
    '/ws/app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {}\n',
    '/ws/app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - cm.yaml\n',
  };
  assert.deepEqual(only(files, ['META003'], config), []);
  const elsewhere = { ...files, '/ws/other/kustomization.yaml': files['/ws/app/kustomization.yaml'] };
  delete (elsewhere as Record<string, string>)['/ws/app/kustomization.yaml'];
  assert.equal(only(elsewhere, ['META003'], config).length, 1);
  // The same object in a folder without that kustomization is reported: it is the file's folder that counts.
  const copy = { '/ws/plain/cm.yaml': files['/ws/app/cm.yaml'], ...files };
  assert.equal(only(copy, ['META003'], config).length, 1);
  assert.deepEqual(lintWithRules(copy, { only: ['META003'], config, file: '/ws/app/cm.yaml' }), []);
});

test('API001: one finding from the schema stage; the rule entry is metadata only', () => {
  const text = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: web\n';
  const fs = only(text, ['API001']);
  assert.deepEqual(brief(fs), [['API001', 'error', 'policy/v1beta1']]);
  assert.equal(ruleById('API001')?.meta.name, 'removed-or-deprecated-api');
});

test('META002: `matchLabels` as a field of a CRD schema is not a selector', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: monitors.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Monitor, plural: monitors}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            selector:
              properties:
                matchLabels:
                  description: matchLabels is a map of {key,value} pairs.
                  type: object
`;
  assert.deepEqual(only(crd, ['META002']), []);
});

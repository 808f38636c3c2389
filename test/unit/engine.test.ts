// The engine end to end on text: what a user sees as diagnostics, with exact ranges and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, findingsAt } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/parse/finding';

const engine = new Engine();

function lint(text: string, opts: { source?: string; kubernetesVersion?: string } = {}): Finding[] {
  return engine.lint({ text, source: opts.source ?? '/work/deploy.yaml', kubernetesVersion: opts.kubernetesVersion }).findings;
}

/** The source text a finding points at. */
function at(text: string, f: Finding): string {
  return text.slice(f.start, f.end);
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
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
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 80
              protocol: TCP
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 1, memory: 256Mi }
`;

test('a valid Deployment has no findings', () => {
  assert.deepEqual(lint(DEPLOYMENT), []);
});

test('unknown field: message names it, suggests the right one, points at the key, fix renames it', () => {
  const text = DEPLOYMENT.replace('  replicas: 2', '  replicass: 2');
  const findings = lint(text);
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f.ruleId, 'schema');
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'Unknown field `replicass` in Deployment `spec` — did you mean `replicas`?');
  assert.equal(at(text, f), 'replicass');
  assert.deepEqual(f.fixes?.[0].edits, [{ start: f.start, end: f.end, newText: 'replicas' }]);
});

test('wrong type: "Expected an integer, got `three`" on the value', () => {
  const text = DEPLOYMENT.replace('replicas: 2', 'replicas: three');
  const [f, ...rest] = lint(text);
  assert.equal(rest.length, 0);
  assert.equal(f.message, 'Expected an integer for `spec.replicas`, got `three`');
  assert.equal(at(text, f), 'three');
});

test('enum from our overlay, with a did-you-mean fix', () => {
  const text = DEPLOYMENT.replace('imagePullPolicy: IfNotPresent', 'imagePullPolicy: IfNotPresnt');
  const [f, ...rest] = lint(text);
  assert.equal(rest.length, 0);
  assert.match(f.message, /^Invalid value `IfNotPresnt` for `spec\.template\.spec\.containers\[0\]\.imagePullPolicy`: expected one of/);
  assert.match(f.message, /did you mean `IfNotPresent`\?$/);
  assert.equal(at(text, f), 'IfNotPresnt');
});

test('missing required field points at the owning key', () => {
  const text = DEPLOYMENT.replace(/  selector:\n    matchLabels:\n      app: web\n/, '');
  const [f, ...rest] = lint(text);
  assert.equal(rest.length, 0, JSON.stringify(rest));
  assert.equal(f.message, 'Missing required field `selector` in Deployment `spec`');
  assert.equal(at(text, f), 'spec');
});

test('quantities accept YAML numbers and reject nonsense', () => {
  assert.deepEqual(lint(DEPLOYMENT.replace('cpu: 100m', 'cpu: 0.5')), []);
  const text = DEPLOYMENT.replace('memory: 128Mi', 'memory: 128MB');
  const [f] = lint(text);
  assert.match(f.message, /^`128MB` is not a valid quantity for `spec\.template\.spec\.containers\[0\]\.resources\.requests\.memory`/);
  assert.equal(at(text, f), '128MB');
});

test('int-or-string accepts both and rejects a mapping', () => {
  const svc = (port: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n      targetPort: ${port}\n`;
  assert.deepEqual(lint(svc('8080')), []);
  assert.deepEqual(lint(svc('http')), []);
  const [f] = lint(svc('{ a: 1 }'));
  assert.match(f.message, /^Expected an integer or a string for `spec\.ports\[0\]\.targetPort`/);
});

test('a number where a string is expected offers to quote it', () => {
  const text = DEPLOYMENT.replace('    app: web\nspec', '    app: web\n    version: 1.10\nspec');
  const [f] = lint(text);
  assert.equal(at(text, f), '1.10');
  assert.equal(f.fixes?.[0].edits[0].newText, '"1.10"');
});

test('YAML syntax errors, duplicate keys and tabs are located, not thrown', () => {
  const dup = 'apiVersion: v1\nkind: ConfigMap\nkind: ConfigMap\n';
  const [d] = lint(dup);
  assert.equal(d.ruleId, 'yaml');
  assert.match(d.message, /Duplicate key/);
  assert.equal(dup.slice(d.start, d.start + 4), 'kind');
  const tabs = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n';
  assert.ok(lint(tabs).some((f) => f.ruleId === 'yaml' && /Tabs/.test(f.message)));
  const broken = 'apiVersion: v1\nkind: ConfigMap\ndata: [a, b\n';
  assert.ok(lint(broken).every((f) => f.ruleId === 'yaml'));
});

test('errors do not leak between documents; offsets are file offsets', () => {
  const bad = DEPLOYMENT.replace('replicas: 2', 'replicas: three');
  const text = `${DEPLOYMENT}---\n${bad}---\n${DEPLOYMENT}`;
  const findings = lint(text);
  assert.equal(findings.length, 1);
  assert.equal(at(text, findings[0]), 'three');
  assert.ok(findings[0].start > DEPLOYMENT.length);
});

test('metadata name and label syntax', () => {
  const text = DEPLOYMENT.replace('name: web\n  labels', 'name: Web_App\n  labels').replace('    app: web\nspec', '    app: "-bad-"\nspec');
  const findings = lint(text);
  assert.deepEqual(findings.map((f) => at(text, f)).sort(), ['"-bad-"', 'Web_App']);
  assert.deepEqual(findings.map((f) => [at(text, f), f.ruleId]).sort(), [['"-bad-"', 'META002'], ['Web_App', 'META004']]);
});

test('Flux substitution placeholders are not reported', () => {
  const text = DEPLOYMENT.replace('replicas: 2', 'replicas: ${REPLICAS}').replace('name: web\n  labels', 'name: web-${CLUSTER}\n  labels');
  assert.deepEqual(lint(text), []);
});

test('empty values count as absent, as the apiserver reads them', () => {
  assert.deepEqual(lint(DEPLOYMENT.replace('  replicas: 2', '  replicas:')), []);
});

test('removed API: error with the replacement and a rewrite fix', () => {
  const text = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: web\n';
  const findings = lint(text);
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f.ruleId, 'API001');
  assert.equal(f.message, '`policy/v1beta1` PodDisruptionBudget was removed in Kubernetes 1.25: use `policy/v1`');
  assert.equal(at(text, f), 'policy/v1beta1');
  assert.equal(f.fixes?.[0].edits[0].newText, 'policy/v1');
  assert.equal(f.fixes?.[0].isPreferred, true);
});

test('unknown kind in a built-in group suggests the right one; unknown CRs get only a hint', () => {
  const text = 'apiVersion: apps/v1\nkind: Deploymnt\nmetadata:\n  name: x\n';
  const [f] = lint(text);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /did you mean `Deployment`\?/);
  const cr = lint('apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: x\nspec:\n  anything: 1\n');
  assert.equal(cr.length, 1);
  assert.equal(cr[0].severity, 'hint');
});

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: { type: integer, minimum: 1 }
                color: { type: string, enum: [red, blue] }
                port: { x-kubernetes-int-or-string: true, anyOf: [{ type: integer }, { type: string }] }
`;

test('a CRD in the same file validates its custom resources strictly', () => {
  const text = `${CRD}---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 0\n  colour: red\n  port: http\n`;
  const findings = lint(text, { source: '/work/crd-and-cr.yaml' });
  const messages = findings.map((f) => `${at(text, f)}: ${f.message}`).sort();
  assert.equal(findings.length, 2, messages.join('\n'));
  assert.match(messages[0], /^0: /);
  assert.match(messages[1], /^colour: Unknown field `colour` in Widget `spec` — did you mean `color`\?/);
});

test('a CRD registered from another file applies to custom resources elsewhere', () => {
  const e = new Engine();
  e.workspace.indexFile('/work/crds/widget.yaml', CRD);
  const findings = e.lint({ text: 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec: {}\n', source: '/work/w.yaml' }).findings;
  assert.equal(findings.length, 1);
  assert.equal(findings[0].message, 'Missing required field `size` in Widget `spec`');
});

test('Helm templates are not YAML yet: no findings', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n{{- toYaml .Values.spec | nindent 2 }}\n';
  assert.deepEqual(lint(text, { source: '/work/chart/templates/deployment.yaml' }), []);
});

test('a kind: List validates each item', () => {
  const text = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n    dataa: {}\n';
  const [f, ...rest] = lint(text);
  assert.equal(rest.length, 0);
  assert.equal(at(text, f), 'dataa');
});

test('the chosen Kubernetes version decides', () => {
  // flowcontrol v1beta3 was removed in 1.32: an error for every bundled minor.
  const text = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: x\nspec:\n  priorityLevelConfiguration:\n    name: y\n';
  for (const v of engine.store.bundled.versions) {
    const [f] = lint(text, { kubernetesVersion: v });
    assert.equal(f.ruleId, 'API001', v);
  }
});

test('other YAML beside manifests is left alone', () => {
  assert.deepEqual(lint('name: CI\non: [push]\njobs:\n  build: { runs-on: ubuntu-latest }\n', { source: '/work/.github/workflows/ci.yml' }), []);
});

test('bad input returns quickly with a clear finding', () => {
  const cases: [string, string, RegExp | null][] = [
    ['empty', '', null],
    ['markers only', '---\n---\n', null],
    ['binary', 'apiVersion: v1\u0000\u0001\u0002', /not text/],
    ['alias bomb', 'apiVersion: v1\nkind: ConfigMap\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n', /resource exhaustion|alias/i],
    ['10 MB', `apiVersion: v1\nkind: ConfigMap\ndata:\n${'  k: v\n'.repeat(10 * 1024 * 1024 / 7)}`, /not validated.*MB/],
  ];
  for (const [name, text, expected] of cases) {
    const t0 = performance.now();
    const findings = lint(text);
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `${name} took ${ms} ms`);
    if (expected === null) assert.deepEqual(findings, [], name);
    else assert.ok(findings.some((f) => expected.test(f.message)), `${name}: ${JSON.stringify(findings)}`);
  }
});

test('Secret values are never echoed in messages or fix titles', () => {
  const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: "hunter2!!"\nstringData:\n  token: 12345\n';
  const findings = lint(text);
  assert.equal(findings.length, 2);
  for (const f of findings) {
    assert.ok(!/hunter2|12345/.test(f.message), f.message);
    assert.ok(!(f.fixes ?? []).some((x) => /hunter2|12345/.test(x.title)), 'no fix title shows the value');
  }
  assert.equal(at(text, findings[0]), '"hunter2!!"');
  assert.match(findings[0].message, /is not valid base64 for `data\.password`/);
  const list = `apiVersion: v1\nkind: List\nitems:\n  - ${text.trimEnd().split('\n').join('\n    ')}\n`;
  assert.ok(lint(list).every((f) => !/hunter2|12345/.test(f.message)));
});

test('findings at an offset: in any document, and for a problem with the whole file', () => {
  const engine = new Engine();
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  nope: 1\n';
  const result = engine.lint({ text, source: 'file:///w/a.yaml' });
  const at = text.indexOf('nope');
  assert.deepEqual(findingsAt(result, at, at).map((f) => text.slice(f.start, f.end)), ['nope']);
  assert.deepEqual(findingsAt(result, 0, 5), []);
  const binary = `apiVersion: v1\nkind: ConfigMap\n${'x'.repeat(40)}\u0000\n`;
  const nul = binary.indexOf('\u0000');
  assert.deepEqual(findingsAt(engine.lint({ text: binary, source: 'file:///w/b.yaml' }), nul, nul).map((f) => f.start), [nul]);
});

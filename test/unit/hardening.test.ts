// Hostile input the engine must get through: each case here was found by fuzzing (issue 11) and once crashed,
// hung or misreported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Engine } from '../../server/src/engine/engine';
import { EMPTY_CONFIG } from '../../server/src/rules/config';
import type { Finding } from '../../server/src/parse/finding';
import { parseManifestDocument, MAX_NESTING } from '../../server/src/parse/manifestDocument';
import { setInternalErrorSink } from '../../server/src/engine/internalErrors';
import { toReported } from '../../server/src/cli/report';
import { runRules } from '../../server/src/rules/runRules';
import type { Rule } from '../../server/src/rules/types';

function lint(text: string, source = '/work/hardening.yaml', engine = new Engine()): Finding[] {
  return engine.lint({ text, source, rules: EMPTY_CONFIG }).findings;
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'sample-gitops-repo');
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  bogus: 1\n';

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

test('a CRD pattern that backtracks in JavaScript is matched in linear time with RE2 semantics', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
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
              properties:
                word: { type: string, pattern: '^(a+)+$' }
                code: { type: string, pattern: '(?i)^ab$' }
`;
  const cr = (word: string, code: string) => `${crd}---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  word: "${word}"\n  code: ${code}\n`;
  const engine = new Engine();
  const { value: findings, ms } = timed(() => lint(cr(`${'a'.repeat(40)}!`, 'AB'), '/work/widgets.yaml', engine));
  assert.ok(ms < 2000, `took ${ms} ms`);
  const schema = findings.filter((f) => f.ruleId === 'schema');
  assert.equal(schema.length, 1, schema.map((f) => f.message).join('\n'));
  assert.match(schema[0].message, /pattern/);
  // RE2's inline flags apply: `(?i)` makes `AB` match; a matching word gives no finding.
  assert.deepEqual(lint(cr('aaaa', 'AB'), '/work/widgets.yaml', engine).filter((f) => f.ruleId === 'schema'), []);
  assert.equal(lint(cr('aaaa', 'AC'), '/work/widgets.yaml', engine).filter((f) => f.ruleId === 'schema').length, 1);
});

test('a broken Kustomization of 2,000 sequence indicators is read in linear time', () => {
  const small = timed(() => lint(`kind: Kustomization\n${'- '.repeat(250)}x`)).ms;
  const { value: findings, ms } = timed(() => lint(`kind: Kustomization\n${'- '.repeat(2000)}x`));
  assert.ok(findings.some((f) => f.ruleId === 'yaml'), JSON.stringify(findings));
  assert.ok(ms < 1500, `took ${ms} ms (250: ${small} ms)`);
});

test('deep nesting gives one clear finding and the other documents of the file are still checked', () => {
  const deep = [
    `${'- '.repeat(2300)}a: |\n  b\n`,
    `kind: ConfigMap\ndata: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
    `kind: ConfigMap\n${Array.from({ length: 1200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n`,
  ];
  for (const doc of deep) {
    const text = `${CONFIG_MAP}---\n${doc}`;
    const findings = lint(text);
    const messages = findings.map((f) => f.message);
    assert.ok(messages.some((m) => m === `Nesting deeper than ${MAX_NESTING} levels is not validated`), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('Unknown field `bogus`')), messages.join('\n'));
    assert.ok(!messages.some((m) => /call stack/.test(m)));
    // Hover and completion read the tree: it is there (empty), never a stack overflow.
    assert.doesNotThrow(() => parseManifestDocument(doc).doc);
  }
});

test('nesting as deep as real manifests go is validated as usual', () => {
  const nested = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: v\nextra:\n${Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`;
  const messages = lint(nested).map((f) => f.message);
  assert.ok(messages.some((m) => m.startsWith('Unknown field `extra`')), messages.join('\n'));
  assert.ok(!messages.some((m) => m.includes('Nesting')));
});

test('a recursive alias is reported at the alias, not a stack overflow', () => {
  const text = `${CONFIG_MAP}---\napiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: x, self: *m}\n`;
  const findings = lint(text);
  const recursive = findings.filter((f) => f.message.startsWith('Recursive alias `*m`'));
  assert.equal(recursive.length, 1, findings.map((f) => f.message).join('\n'));
  assert.equal(text.slice(recursive[0].start, recursive[0].end), '*m');
  assert.ok(findings.some((f) => f.message.startsWith('Unknown field `bogus`')));
});

test('a rule that cannot read an object is not run on it, and a failing rule is logged once, never a finding', () => {
  const logged: string[] = [];
  setInternalErrorSink((m) => logged.push(m));
  try {
    const noApiVersion = 'kind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n        - image: a\n          resources: {limits: {cpu: 1}}\n';
    const findings = lint(noApiVersion);
    assert.deepEqual(findings.map((f) => f.message), ['Missing `apiVersion`: every Kubernetes object needs apiVersion and kind']);
    assert.deepEqual(logged, []);
  } finally {
    setInternalErrorSink((m) => console.error(m));
  }
});

test('lone carriage returns end lines: findings point at their key, in the editor and in the CLI', () => {
  for (const eol of ['\r', '\n', '\r\n']) {
    const text = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: x', '  bogus: 1', ''].join(eol);
    const findings = lint(text, `/work/eol${eol.length}${eol.charCodeAt(0)}.yaml`);
    const bogus = findings.find((f) => f.message.startsWith('Unknown field `bogus`'));
    assert.ok(bogus, JSON.stringify(eol));
    assert.equal(text.slice(bogus.start, bogus.end), 'bogus', JSON.stringify(eol));
    const [reported] = toReported('f.yaml', text, [bogus]);
    assert.deepEqual([reported.line, reported.column, reported.endLine, reported.endColumn], [5, 3, 5, 8], JSON.stringify(eol));
  }
});

test('a syntax error at the very end of the file ends on the last line, not past it', () => {
  const text = `${CONFIG_MAP.replace('  bogus: 1\n', '')}data:\n  k: "x`;
  const [f] = lint(text).filter((x) => x.ruleId === 'yaml');
  assert.ok(f);
  assert.ok(f.end <= text.length, `${f.end} > ${text.length}`);
  const [r] = toReported('f.yaml', text, [f]);
  assert.equal(r.endLine, 6);
  assert.ok(r.endColumn <= 'k: "x'.length + 3, JSON.stringify(r));
});

test("the yaml library's warnings stay out of stderr", () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  const emit = process.emitWarning;
  process.emitWarning = ((w: string | Error) => warnings.push(String(w))) as typeof process.emitWarning;
  try {
    lint('kind: Kustomization\n? [a, b]\n: c\nx: [\n');
    lint('kind: Kustomization\n? [a, b]\n: c\n');
  } finally {
    process.emitWarning = emit;
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings, []);
});

test('a container without a name is named the same way by every rule: by its place', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: first
          image: nginx:1.27
        - image: nginx:1.27
          securityContext: { privileged: true }
`;
  const messages = lint(text).map((f) => f.message).filter((m) => !m.includes('`first`'));
  const about = (id: RegExp) => messages.filter((m) => id.test(m));
  // SEC (security context), RES (resources) and REL (probes) each report the second container.
  for (const pattern of [/runs privileged/, /has no .*request/, /has no liveness probe/]) {
    const found = about(pattern);
    assert.ok(found.length > 0, `${pattern}: ${messages.join('\n')}`);
    for (const m of found) assert.match(m, /^The 2nd container \(no name\) /, m);
  }
  assert.ok(!messages.some((m) => /#\d|`undefined`|`#/.test(m)), messages.join('\n'));
});

test('editing a CRD again and again does not keep every compiled schema alive', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const crd = readFileSync(join(FIXTURES, 'infrastructure', 'crds', 'backupschedule-crd.yaml'), 'utf8');
  const cr = readFileSync(join(FIXTURES, 'apps', 'web', 'backup-schedule.yaml'), 'utf8');
  const engine = new Engine();
  const edit = (i: number) => lint(`${crd.replace(/description: .*/, `description: edit ${i}`)}\n---\n${cr}`, '/work/crd-edits.yaml', engine);
  for (let i = 0; i < 100; i++) edit(i);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 100; i < 500; i++) edit(i);
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  assert.ok(grown < 4, `heap grew ${grown.toFixed(1)} MB over 400 CRD edits`);
});

test('a rule that throws is reported to the log once, with a request to report it, and its object keeps the other findings', () => {
  const logged: string[] = [];
  setInternalErrorSink((m) => logged.push(m));
  try {
    const broken: Rule = {
      meta: { id: 'TEST999', name: 'always-throws', title: 'Throws', rationale: 'r', fix: 'f', severity: 'warning', kinds: 'all', profile: 'baseline' },
      check: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'lastIndexOf')");
      },
    };
    const fine: Rule = { ...broken, meta: { ...broken.meta, id: 'TEST998', name: 'always-finds' }, check: () => [{ path: ['metadata'], message: 'found' }] };
    const md = parseManifestDocument('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    for (let i = 0; i < 3; i++) {
      const findings = runRules(md, md.value as Record<string, unknown>, { minor: '1.35', config: EMPTY_CONFIG, rules: [broken, fine] });
      assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.message}`), ['TEST998 found']);
    }
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0], /^Internal error in rule TEST999 \(ConfigMap\): Cannot read properties of undefined \(reading 'lastIndexOf'\)\. Please report it at https:\/\/\S+\/issues/);
  } finally {
    setInternalErrorSink((m) => console.error(m));
  }
});

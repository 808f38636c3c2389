// Cached lint results must never go stale: after each of a series of edits across a multi-document workspace,
// an engine that has linted every earlier version reports exactly what a fresh engine reports. The edits touch
// what cross-object rules read (labels, selectors, names, ports, replicas, budgets, autoscaler targets) and what
// they leave out (images, resources), in the open file and in a second file of the workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../server/src/engine/engine';
import { mergeConfig } from '../../../server/src/rules/config';
import { generateManifests } from '../../bench/generate';

const config = mergeConfig(undefined, {});

/** Deterministic pseudo-random numbers (mulberry32), so that a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Names that Services, autoscalers and budgets of the generated files refer to, so that edits make and break matches. */
const NAMES = ['app-0001', 'app-0003', 'app-0008', 'app-0011', 'app-0013'];

type Edit = (text: string, pick: (n: number) => number) => string;

/** Replaces the n-th match of `re` (chosen at random) with `replace(match)`. */
function replaceOne(re: RegExp, replace: (m: string, pick: (n: number) => number) => string): Edit {
  return (text, pick) => {
    const matches = [...text.matchAll(new RegExp(re.source, 'gm'))];
    if (matches.length === 0) return text;
    const m = matches[pick(matches.length)];
    return text.slice(0, m.index) + replace(m[0], pick) + text.slice(m.index! + m[0].length);
  };
}

const EDITS: Record<string, Edit> = {
  replicas: replaceOne(/^ {2}replicas: \d+$/, (_, pick) => `  replicas: ${pick(4)}`),
  podLabel: replaceOne(/^ {8}app\.kubernetes\.io\/name: \S+$/, (_, pick) => `        app.kubernetes.io/name: ${NAMES[pick(NAMES.length)]}`),
  serviceSelector: replaceOne(/^ {4}app\.kubernetes\.io\/name: \S+$/, (_, pick) => `    app.kubernetes.io/name: ${NAMES[pick(NAMES.length)]}`),
  name: replaceOne(/^ {2}name: app-\d+$/, (_, pick) => `  name: ${NAMES[pick(NAMES.length)]}`),
  containerPort: replaceOne(/^ {12}- containerPort: \d+$/, (_, pick) => `            - containerPort: ${8000 + pick(40)}\n              name: ${pick(2) ? 'http' : 'metrics'}`),
  targetPort: replaceOne(/^ {6}targetPort: \S+$/, (_, pick) => `      targetPort: ${pick(2) ? 'http' : 8000 + pick(40)}`),
  minAvailable: replaceOne(/^ {2}minAvailable: \S+$/, (_, pick) => `  minAvailable: ${['1', '2', '3', '100%'][pick(4)]}`),
  hpaTarget: replaceOne(/^ {4}name: app-\d+$/, (_, pick) => `    name: ${NAMES[pick(NAMES.length)]}`),
  image: replaceOne(/^ {10}image: \S+$/, (_, pick) => `          image: registry.example.com/app:${pick(2) ? 'latest' : `1.${pick(9)}`}`),
  resources: replaceOne(/^ {10}resources: .*$/, (_, pick) => `          resources: { requests: { cpu: ${pick(500)}m, memory: 128Mi }${pick(2) ? ', limits: { memory: 256Mi }' : ''} }`),
  namespace: replaceOne(/^ {2}namespace: team-\d$/, (_, pick) => `  namespace: team-${pick(2)}`),
  deleteDocument: (text, pick) => {
    const parts = text.split('\n---\n');
    if (parts.length < 3) return text;
    parts.splice(1 + pick(parts.length - 1), 1);
    return parts.join('\n---\n');
  },
};

const comparable = (text: string, findings: { ruleId: string; start: number; end: number; severity: string; message: string }[]) =>
  findings.map((f) => `${f.ruleId} ${f.severity} ${JSON.stringify(text.slice(f.start, f.end))}@${f.start}-${f.end} ${f.message}`);

test('after every edit, cached results equal a fresh engine’s, in the edited file and in the others', () => {
  const next = random(42);
  const pick = (n: number) => Math.floor(next() * n);
  // Two namespaces instead of seven, so that Services, budgets and autoscalers find (and lose) their pods.
  const twoNamespaces = (text: string) => text.replace(/namespace: team-\d/g, (m) => `namespace: team-${Number(m.slice(-1)) % 2}`);
  let open = twoNamespaces(generateManifests(40).text);
  // A second file whose objects the open file's rules read (and the other way round).
  let other = twoNamespaces(generateManifests(60).text.split('\n---\n').slice(40).join('\n---\n'));
  const incremental = new Engine();
  // Fresh engines share the compiled schemas (no CRDs here), not the caches under test.
  const fresh = () => new Engine(incremental.store);
  const names = Object.keys(EDITS);
  const lintBoth = (engine: Engine) => {
    const a = engine.lint({ text: other, source: 'file:///ws/other.yaml', rules: config });
    const b = engine.lint({ text: open, source: 'file:///ws/open.yaml', rules: config });
    // The other file once more: the open file's changes reach it through the index.
    const c = engine.lint({ text: other, source: 'file:///ws/other.yaml', rules: config });
    return { open: comparable(open, b.findings), other: comparable(other, c.findings), otherBefore: a.findings.length };
  };
  lintBoth(incremental);
  const used = new Set<string>();
  for (let step = 0; step < 120; step++) {
    const name = names[pick(names.length)];
    used.add(name);
    if (pick(4) === 0) other = EDITS[name](other, pick);
    else open = EDITS[name](open, pick);
    const got = lintBoth(incremental);
    const want = lintBoth(fresh());
    assert.deepEqual(got.open, want.open, `open file after edit ${step} (${name})`);
    assert.deepEqual(got.other, want.other, `other file after edit ${step} (${name})`);
  }
  assert.equal(used.size, names.length, 'every kind of edit was made');
});

const deployment = (o: { name?: string; namespace?: string; labels?: string; port?: string; replicas?: number; kind?: string }) => `apiVersion: apps/v1
kind: ${o.kind ?? 'Deployment'}
metadata:
  name: ${o.name ?? 'web'}
  namespace: ${o.namespace ?? 'shop'}
spec:
  replicas: ${o.replicas ?? 3}
  selector:
    matchLabels:
      app: ${o.labels ?? 'web'}
  template:
    metadata:
      labels:
        app: ${o.labels ?? 'web'}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
              name: ${o.port ?? 'http'}
`;

/** For each cross-object rule that reads only part of the objects: an edit to exactly that part flips its finding. */
const SCENARIOS: { rule: string; reader: string; before: string; after: string }[] = [
  {
    rule: 'NET002',
    reader: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n',
    before: deployment({ labels: 'api' }),
    after: deployment({ labels: 'web' }),
  },
  {
    rule: 'NET002',
    reader: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n',
    before: deployment({ namespace: 'other' }) + '---\n' + deployment({ name: 'api', labels: 'api' }),
    after: deployment({}) + '---\n' + deployment({ name: 'api', labels: 'api' }),
  },
  {
    rule: 'NET002',
    reader: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n',
    before: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    app: api\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n',
    after: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    app: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n',
  },
  {
    // A label named like a container field (`env`) is still a label.
    rule: 'NET002',
    reader: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n    env: prod\n  ports:\n    - port: 80\n',
    before: deployment({}).replace(/app: web\n/g, 'app: web\n        env: staging\n').replace('      app: web\n        env: staging', '      app: web\n      env: staging'),
    after: deployment({}).replace(/app: web\n/g, 'app: web\n        env: prod\n').replace('      app: web\n        env: prod', '      app: web\n      env: prod'),
  },
  {
    rule: 'NET003',
    reader: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: http\n',
    before: deployment({ port: 'metrics' }),
    after: deployment({ port: 'http' }),
  },
  {
    rule: 'NET008',
    reader: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\n',
    before: deployment({ labels: 'api' }),
    after: deployment({ labels: 'web' }),
  },
  {
    rule: 'HPA002',
    reader: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 4\n',
    before: deployment({ name: 'api' }),
    after: deployment({ name: 'web' }),
  },
  {
    rule: 'REL007',
    reader: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: web\n',
    before: deployment({ kind: 'StatefulSet', replicas: 3 }),
    after: deployment({ kind: 'StatefulSet', replicas: 1 }),
  },
];

test('an edit to what a cross-object rule reads re-checks it, in the same file and from another file', () => {
  for (const s of SCENARIOS) {
    for (const sameFile of [true, false]) {
      const engine = new Engine();
      const fresh = () => new Engine(engine.store);
      const lint = (e: Engine, workloads: string) => {
        if (sameFile) return e.lint({ text: `${s.reader}---\n${workloads}`, source: 'file:///ws/a.yaml', rules: config }).findings;
        e.lint({ text: workloads, source: 'file:///ws/workloads.yaml', rules: config });
        return e.lint({ text: s.reader, source: 'file:///ws/reader.yaml', rules: config }).findings;
      };
      const count = (findings: { ruleId: string }[]) => findings.filter((f) => f.ruleId === s.rule).length;
      const before = count(lint(engine, s.before));
      const after = count(lint(engine, s.after));
      const label = `${s.rule} (${sameFile ? 'same file' : 'another file'})`;
      assert.notEqual(count(lint(fresh(), s.before)), count(lint(fresh(), s.after)), `${label}: the edit changes the finding`);
      assert.equal(before, count(lint(fresh(), s.before)), label);
      assert.equal(after, count(lint(fresh(), s.after)), `${label}, after the edit`);
    }
  }
});

test('removing one of two identical documents counts as a change of what cross-object rules read', () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: https\n';
  const twice = `---\n${deployment({})}---\n${deployment({})}`;
  const once = `---\n${deployment({})}`;
  const engine = new Engine();
  const messages = (e: Engine, workloads: string) => {
    e.lint({ text: workloads, source: 'file:///ws/workloads.yaml', rules: config });
    return e.lint({ text: service, source: 'file:///ws/service.yaml', rules: config }).findings.filter((f) => f.ruleId === 'NET003').map((f) => f.message);
  };
  assert.deepEqual(messages(engine, twice), messages(new Engine(engine.store), twice));
  assert.deepEqual(messages(engine, once), messages(new Engine(engine.store), once));
  assert.notDeepEqual(messages(new Engine(engine.store), twice), messages(new Engine(engine.store), once), 'the message names the pods');
});

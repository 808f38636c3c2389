// The line reader that places findings in block YAML must answer exactly what the syntax tree answers, or not
// at all: checked for every path (and a missing child of each) of every document of the corpus and fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../infra/paths';
import { parseManifestDocument } from '../../server/src/parse/manifestDocument';
import { splitDocuments } from '../../server/src/parse/splitDocuments';
import type { YamlPath } from '../../server/src/parse/yamlPath';
import { locateInBlockYaml } from '../../server/src/parse/blockLocator';
import { locateInTree } from '../../server/src/rules/runRules';
import { generateManifests } from '../bench/generate';

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

/** Every path to a node of the value, and for each mapping and sequence one step that does not exist. */
function pathsOf(value: unknown, prefix: YamlPath = [], out: YamlPath[] = []): YamlPath[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
    out.push([...prefix, value.length], [...prefix, 'name']);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    out.push([...prefix, 'notThere'], [...prefix, 'notThere', 'deeper'], [...prefix, 0]);
  } else {
    out.push([...prefix, 'below']);
  }
  return out;
}

const tricky = `# leading comment
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: "quoted-name"   # comment
  'single': 'it''s'
  labels: {app: web}
  annotations:
    note: |
      a: b
      - c
    other: >-
      folded
    plain: first line
      continued
data:
  80: port
  "443": quoted port
  key with spaces  : value
  url: http://example.com:8080/path
  list:
  - a
  -   b # c
  -
    - nested
  - key: value
    more: 1
  -
    deep: map
  empty:
  after: 1
`;

const flow = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web, tier: "front"}}
spec:
  template:
    spec:
      containers:
        - {name: web, image: nginx, ports: [{containerPort: 80}, {name: http, containerPort: 8080}]}
        - name: side
          args: [a, b, c]
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: {} }
          env: [ ]
          command: [sh, -c, "echo hi"]
          url: {u: http://x:80/y}
          multi: {a: 1,
            b: 2}
`;

/** Valid YAML the reader once answered wrongly: tabs as separators, a byte-order mark, keys that start like markers. */
const edgeCases = [
  'list:\n- \tx\n',
  'a: 1\nlist:\n-\tx\n- y\n',
  'spec:\n  containers:\n  - name:\tweb\n  - name: side\n',
  'a:  \t{b: 1, c: 2}\nd: 1\n',
  'a:\n- k: \t# c\n  o: 1\n',
  '\uFEFFapiVersion: v1\nkind: X\n',
  'metadata:\n  a: 1\n  ...x: 1\n  name: foo\n',
  '---x: 1\nname: foo\n',
];

test('the line reader agrees with the syntax tree wherever it answers', () => {
  const texts = [
    ...yamlFiles(join(repoRoot, '..', 'shared', 'corpus')),
    ...yamlFiles(join(repoRoot, 'test', 'fixtures')),
  ].map((f) => readFileSync(f, 'utf8'));
  texts.push(generateManifests(100).text, flow, tricky, tricky.replace(/\n/g, '\r\n'), ...edgeCases);
  let answered = 0;
  let asked = 0;
  for (const text of texts) {
    for (const chunk of splitDocuments(text)) {
      const md = parseManifestDocument(chunk.text);
      if (md.syntaxFindings.length > 0 || !md.value || typeof md.value !== 'object') continue;
      for (const path of pathsOf(md.value)) {
        asked++;
        const fast = locateInBlockYaml(md, md.text, path);
        if (!fast) continue;
        answered++;
        assert.deepEqual(fast, locateInTree(md, path), `path ${JSON.stringify(path)} in:\n${md.text.slice(0, 400)}`);
      }
    }
  }
  // Manifests are nearly all plain block YAML: the reader must answer most of the time to be worth having.
  assert.ok(asked > 1000, `only ${asked} paths checked`);
  assert.ok(answered / asked > 0.8, `answered ${answered} of ${asked}`);
});

test('the line reader leaves what it cannot read to the tree', () => {
  const md = parseManifestDocument(tricky);
  const app = locateInBlockYaml(md, md.text, ['metadata', 'labels', 'app']);
  assert.equal(md.text.slice(...app!), 'app', 'inside a one-line flow mapping');
  assert.equal(locateInBlockYaml(md, md.text, ['data', '80']), undefined, 'a key read as a number');
  assert.equal(locateInBlockYaml(md, md.text, ['metadata', 'annotations', 'note', 'x']), undefined, 'below a block scalar');
  const name = locateInBlockYaml(md, md.text, ['metadata', 'name']);
  assert.equal(md.text.slice(...name!), 'name');
  const item = locateInBlockYaml(md, md.text, ['data', 'list', 3]);
  assert.equal(md.text.slice(...item!), 'key: value');
  const f = parseManifestDocument(flow);
  const limits = locateInBlockYaml(f, f.text, ['spec', 'template', 'spec', 'containers', 1, 'resources', 'limits', 'cpu']);
  assert.equal(f.text.slice(...limits!), 'limits', 'inside a one-line flow mapping');
  assert.equal(locateInBlockYaml(f, f.text, ['spec', 'template', 'spec', 'containers', 1, 'multi', 'b']), undefined, 'a flow mapping over two lines');
});

// The bundled language server over stdio: diagnostics, hover, completion, code actions and symbols.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLanguageServer, fileUri, applyEdits, type LspSession } from './lspClient';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicass: 2
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
          imagePullPolicy: Always
`;

const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
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
                size: { type: integer, description: How big the widget is. }
`;

let workspace: string;
let lsp: LspSession;

/** Schema findings only: these tests are about validation; the rules have their own tests. */
const schemaOnly = <T extends { code?: unknown }>(d: T[]): T[] => d.filter((x) => x.code === 'schema');

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'gm-lsp-'));
  mkdirSync(join(workspace, 'crds'));
  writeFileSync(join(workspace, 'crds', 'widget.yaml'), WIDGET_CRD);
  lsp = await startLanguageServer({ workspace, settings: { validate: { debounceMs: 10 } } });
});

after(async () => {
  await lsp.stop();
});

test('diagnostics on open, with exact range, source and code', async () => {
  const uri = fileUri(join(workspace, 'deploy.yaml'));
  lsp.open(uri, DEPLOYMENT);
  const diags = schemaOnly(await lsp.diagnostics(uri));
  assert.equal(diags.length, 1);
  assert.equal(diags[0].message, 'Unknown field `replicass` in Deployment `spec` — did you mean `replicas`?');
  assert.deepEqual(diags[0].range, { start: { line: 5, character: 2 }, end: { line: 5, character: 11 } });
  assert.equal(diags[0].source, 'gitops-manifests');
  assert.equal(diags[0].code, 'schema');
});

test('diagnostics follow edits (debounced, for the latest version)', async () => {
  const uri = fileUri(join(workspace, 'edit.yaml'));
  lsp.open(uri, DEPLOYMENT);
  await lsp.diagnostics(uri, (d) => schemaOnly(d).length === 1);
  lsp.change(uri, 2, DEPLOYMENT.replace('replicass', 'replicas'));
  assert.deepEqual(schemaOnly(await lsp.diagnostics(uri, undefined, 2)), []);
  lsp.change(uri, 3, DEPLOYMENT.replace('replicass: 2', 'replicas: three'));
  const diags = schemaOnly(await lsp.diagnostics(uri, undefined, 3));
  assert.equal(diags[0].message, 'Expected an integer for `spec.replicas`, got `three`');
});

test('quick fix renames the unknown field, and the re-linted file is clean', async () => {
  const uri = fileUri(join(workspace, 'fix.yaml'));
  lsp.open(uri, DEPLOYMENT);
  const diags = schemaOnly(await lsp.diagnostics(uri));
  const actions = (await lsp.codeActions(uri, diags[0].range, diags)).filter((a) => a.diagnostics?.[0]?.code === 'schema');
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, 'Change to `replicas`');
  assert.equal(actions[0].kind, 'quickfix');
  const fixed = applyEdits(DEPLOYMENT, actions[0].edit!.changes![uri]);
  assert.ok(fixed.includes('  replicas: 2\n'));
  lsp.change(uri, 2, fixed);
  assert.deepEqual(schemaOnly(await lsp.diagnostics(uri, undefined, 2)), []);
});

test('hover shows the field description, type, and the API reference link', async () => {
  const uri = fileUri(join(workspace, 'hover.yaml'));
  lsp.open(uri, DEPLOYMENT);
  await lsp.diagnostics(uri);
  const h = await lsp.hover(uri, { line: 17, character: 14 }); // imagePullPolicy
  assert.ok(h);
  const value = (h.contents as { value: string }).value;
  assert.match(value, /^\*\*imagePullPolicy\*\* `string`/);
  assert.match(value, /Allowed values: `Always`, `IfNotPresent`, `Never`/);
  assert.match(value, /Image pull policy/);
  assert.match(value, /\]\(https:\/\/kubernetes\.io\/docs\/reference\/generated\/kubernetes-api\/v1\.\d+\/#deployment-v1-apps\)/);
  const selector = await lsp.hover(uri, { line: 6, character: 4 });
  assert.match((selector!.contents as { value: string }).value, /^\*\*selector\*\* `LabelSelector` · required/);
});

test('completion: schema keys with required ones first, enum values, kinds', async () => {
  const uri = fileUri(join(workspace, 'complete.yaml'));
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  \n';
  lsp.open(uri, text);
  await lsp.diagnostics(uri);
  const keys = await lsp.completion(uri, { line: 5, character: 2 });
  const labels = keys!.items.map((i) => i.label);
  assert.ok(labels.includes('replicas') && labels.includes('strategy'));
  const sorted = [...keys!.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
  assert.deepEqual(sorted.slice(0, 2).sort(), ['selector', 'template']);

  const uri2 = fileUri(join(workspace, 'complete2.yaml'));
  lsp.open(uri2, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: a\n      imagePullPolicy: \n');
  await lsp.diagnostics(uri2);
  const values = await lsp.completion(uri2, { line: 7, character: 23 });
  assert.deepEqual(values!.items.map((i) => i.label), ['Always', 'IfNotPresent', 'Never']);

  const uri3 = fileUri(join(workspace, 'complete3.yaml'));
  lsp.open(uri3, 'apiVersion: apps/v1\nkind: \n');
  await lsp.diagnostics(uri3);
  const kinds = await lsp.completion(uri3, { line: 1, character: 6 });
  const kindLabels = kinds!.items.map((i) => i.label);
  assert.ok(kindLabels.includes('Deployment') && kindLabels.includes('StatefulSet'));
  assert.ok(!kindLabels.includes('Pod'), 'only kinds served by apps/v1');
});

test('document symbols: one per document, Kind/name', async () => {
  const uri = fileUri(join(workspace, 'symbols.yaml'));
  lsp.open(uri, `${DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-svc\nspec:\n  ports: [{ port: 80 }]\n`);
  const symbols = await lsp.symbols(uri);
  assert.deepEqual(symbols.map((s) => s.name), ['Deployment/web', 'Service/web-svc']);
  assert.equal(symbols[1].range.start.line, 19);
});

test('a CRD elsewhere in the workspace validates custom resources, with hover from its schema', async () => {
  const uri = fileUri(join(workspace, 'widget.yaml'));
  const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n';
  lsp.open(uri, text);
  const diags = await lsp.diagnostics(uri, (d) => d.length > 0 && d[0].severity === 1);
  assert.equal(diags[0].message, 'Expected an integer for `spec.size`, got `big`');
  const h = await lsp.hover(uri, { line: 5, character: 3 });
  assert.match((h!.contents as { value: string }).value, /How big the widget is/);
});

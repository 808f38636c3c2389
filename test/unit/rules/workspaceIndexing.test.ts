// Workspace indexing: a 5,000-file workspace is read, its objects and CRDs indexed, and one file re-indexes alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Engine } from '../../../server/src/engine/engine';
import { DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';
import { mergeConfig } from '../../../server/src/rules/config';
import type { ServerContext } from '../../../server/src/lsp/serverContext';
import { indexFile, indexWorkspaceCrds } from '../../../server/src/lsp/workspaceIndex';

const FILES = 5000;

function manifest(i: number): string {
  if (i % 10 === 0) return `# service ${i}\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ns-${i % 7}\nspec:\n  selector:\n    app: app-${i}\n  ports:\n    - port: 80\n`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ns-${i % 7}
spec:
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      containers:
        - name: web
          image: registry.example.com/app:1.${i}
          ports:
            - containerPort: 8080
`;
}

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { size: { type: integer } } }
`;

function fakeContext(engine: Engine, open: string[] = []): ServerContext {
  const openUris = new Set(open.map((p) => pathToFileURL(p).href));
  return {
    engine,
    settings: DEFAULT_SETTINGS,
    documents: { get: (uri: string) => (openUris.has(uri) ? {} : undefined) },
  } as unknown as ServerContext;
}

test(`indexes a workspace of ${FILES} files (objects and CRDs), reporting progress`, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'gm-index-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (let d = 0; d < 50; d++) {
    const dir = join(root, `team-${d}`, 'manifests');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES / 50; f++) {
      const i = d * (FILES / 50) + f;
      writeFileSync(join(dir, `m-${i}.yaml`), i === 1 ? crd : manifest(i));
    }
  }
  // Not YAML, or in a skipped folder: never read.
  writeFileSync(join(root, 'README.md'), '# workspace\n');
  mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'x', 'skip.yaml'), manifest(999_999));

  const engine = new Engine();
  const progress: number[] = [];
  const started = performance.now();
  const files = await indexWorkspaceCrds(fakeContext(engine), [root], (n) => progress.push(n));
  const seconds = (performance.now() - started) / 1000;
  console.log(`indexed ${files} files (${engine.workspace.objects.size} objects) in ${seconds.toFixed(2)} s`);

  assert.equal(files, FILES);
  assert.equal(engine.workspace.objects.size, FILES);
  assert.equal(engine.workspace.objects.ofKind('Service').length, FILES / 10);
  assert.equal(engine.workspace.objects.ofKind('Deployment').length, FILES - FILES / 10 - 1);
  assert.ok(engine.workspace.objects.find('Deployment', 'app-4321', 'ns-2'), 'a deep file is indexed');
  assert.equal(engine.workspace.objects.find('Deployment', 'app-999999'), undefined, 'node_modules is skipped');
  assert.ok(engine.workspace.crds.all().some((c) => c.kind === 'Widget'), 'the CRD is registered');
  assert.deepEqual(progress.slice(0, 3), [200, 400, 600]);
  assert.equal(progress[progress.length - 1], FILES);

  // Incremental: a watcher event re-reads one file; an unchanged file changes nothing.
  const changed = join(root, 'team-3', 'manifests', 'm-305.yaml');
  const version = engine.workspace.objects.version;
  assert.equal(await indexFile(fakeContext(engine), changed), false);
  assert.equal(engine.workspace.objects.version, version);
  writeFileSync(changed, manifest(305).replace('name: app-305', 'name: renamed-305'));
  assert.equal(await indexFile(fakeContext(engine), changed), true);
  assert.ok(engine.workspace.objects.find('Deployment', 'renamed-305'));
  assert.equal(engine.workspace.objects.find('Deployment', 'app-305'), undefined);
  rmSync(changed);
  assert.equal(await indexFile(fakeContext(engine), changed), true, 'a deleted file is forgotten');
  assert.equal(engine.workspace.objects.find('Deployment', 'renamed-305'), undefined);
  assert.equal(engine.workspace.objects.size, FILES - 1);
});

test('an open document is not read from disk: its buffer is the truth', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'gm-index-open-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const file = join(root, 'a.yaml');
  writeFileSync(file, manifest(3));
  const engine = new Engine();
  assert.equal(await indexWorkspaceCrds(fakeContext(engine, [file]), [root]), 1);
  assert.equal(engine.workspace.objects.size, 0);
});

test('re-indexing one file updates the cross-object findings of open documents (NET002, NET007)', () => {
  const engine = new Engine();
  const svc = 'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: ns-1 }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n';
  const rules = mergeConfig(undefined, {});
  const ids = (text: string, id: string) => engine.lint({ text, source: '/ws/open.yaml', rules }).findings.filter((f) => f.ruleId === id).length;
  engine.workspace.indexFile('/ws/d.yaml', manifest(1));
  assert.equal(ids(svc, 'NET002'), 1);
  engine.workspace.indexFile('/ws/d.yaml', manifest(1).replaceAll('app-1', 'web'));
  assert.equal(ids(svc, 'NET002'), 0);
  const deploy = manifest(8);
  assert.equal(ids(deploy, 'NET007'), 1);
  engine.workspace.indexFile('/ws/np.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: ns-1 }\nspec:\n  podSelector: {}\n');
  assert.equal(ids(deploy, 'NET007'), 0);
  engine.workspace.forgetSource('/ws/np.yaml');
  assert.equal(ids(deploy, 'NET007'), 1);
});

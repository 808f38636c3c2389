// The Drift view's pure modules: tree data and counts, row labels (Git → live, manager, time ago), the status bar
// text and view message, the one-time notices, context memory keys, diff document names and Copy Diff's text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriftField, DriftObject } from '../../../server/src/drift/types';
import { adoptPickItems, adoptTitle } from '../../../client/src/drift/adoptLiveState';
import { diffPath, diffQuery, parseDiffQuery, unifiedDiff } from '../../../client/src/drift/driftDiff';
import { contextValue, documentRow, fieldRow, fileRow } from '../../../client/src/drift/driftLabels';
import { contextPickItems, contextStateKey, noticeFor, statusBarText, viewMessage } from '../../../client/src/drift/driftStatusText';
import { DriftResults, children, fileNode, type DocumentNode, type FieldNode } from '../../../client/src/drift/driftTree';

const FOLDER = 'file:///work/repo';
const URI = `${FOLDER}/apps/web/deployment.yaml`;
const now = Date.parse('2026-01-01T12:00:00Z');

const deployment: DriftObject = {
  file: URI,
  line: 0,
  documentIndex: 0,
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'web',
  name: 'web',
  state: 'drifted',
  approximate: false,
  fieldManager: 'kustomize-controller',
  fields: [
    { path: 'spec.replicas', segments: ['spec', 'replicas'], git: 2, live: 5, manager: 'kubectl-edit', time: '2026-01-01T10:00:00Z', class: 'human', line: 7 },
    { path: 'metadata.annotations.team', segments: ['metadata', 'annotations', 'team'], git: undefined, live: 'a', manager: 'mutator', class: 'webhook', line: 2 },
    { path: 'spec.template.spec.containers[name=web].resources', segments: [], git: { cpu: '1' }, live: { cpu: '2' }, manager: 'vpa', class: 'controller' },
  ],
};
const service: DriftObject = { ...deployment, documentIndex: 1, line: 40, kind: 'Service', state: 'in-sync', fields: [] };
const missing: DriftObject = { ...deployment, file: `${FOLDER}/apps/web/ingress.yaml`, kind: 'Ingress', state: 'missing', fields: [] };
const controllerOnly: DriftObject = { ...deployment, documentIndex: 2, kind: 'StatefulSet', fields: [deployment.fields[2]], controllerOnly: true };

const show = { showControllerOwned: true };
const hide = { showControllerOwned: false };

describe('DriftResults and the tree', () => {
  it('file → documents (in file order) → fields; drifted files first', () => {
    const results = new DriftResults();
    results.set(URI, [service, deployment]);
    results.set(`${FOLDER}/apps/web/a-in-sync.yaml`, [{ ...service, file: 'x' }]);
    results.set(missing.file, [missing]);
    const files = children(undefined, results, show);
    // Drifted before in sync, then by path.
    assert.deepEqual(files.map((f) => f.type === 'file' && f.uri), [URI, missing.file, `${FOLDER}/apps/web/a-in-sync.yaml`]);
    const docs = children(files[0], results, show) as DocumentNode[];
    assert.deepEqual(docs.map((d) => d.object.kind), ['Deployment', 'Service']);
    assert.equal(children(docs[0], results, show).length, 3);
    const hiddenDocs = children(children(undefined, results, hide)[0], results, hide);
    assert.equal(children(hiddenDocs[0], results, hide).length, 2, 'the controller-owned field is hidden');
  });

  it('counts drifted and missing documents; controller-only drift counts only when shown', () => {
    const results = new DriftResults();
    results.set(URI, [deployment, service, controllerOnly]);
    results.set(missing.file, [missing]);
    assert.equal(results.driftedCount(show), 3);
    assert.equal(results.driftedCount(hide), 2);
  });

  it('set reports whether anything changed; empty results remove the file', () => {
    const results = new DriftResults();
    assert.equal(results.set(URI, [deployment]), true);
    assert.equal(results.set(URI, [structuredClone(deployment)]), false);
    assert.equal(results.set(URI, []), true);
    assert.equal(results.size, 0);
  });
});

describe('row labels', () => {
  const [doc] = fileNode(URI, [deployment], show).documents;

  it('a file row is its name, with its folder relative to the workspace folder', () => {
    assert.deepEqual(fileRow(URI, [FOLDER]), { label: 'deployment.yaml', description: 'apps/web', tooltip: 'apps/web/deployment.yaml' });
    assert.equal(fileRow(`${FOLDER}/top.yaml`, [FOLDER]).description, undefined);
    assert.equal(fileRow('untitled:Untitled-1', [FOLDER]).label, 'Untitled-1');
  });

  it('a document row: Kind/name, field count, state icon, approximate shown', () => {
    const row = documentRow(doc);
    assert.equal(row.label, 'Deployment/web');
    assert.equal(row.description, '3 fields');
    assert.deepEqual(row.icon, { id: 'diff', color: 'list.warningForeground' });
    assert.match(row.tooltip, /apps\/v1 Deployment web in namespace web/);
    assert.match(row.tooltip, /Predicted as the next apply by kustomize-controller/);
    const approx = documentRow(fileNode(URI, [{ ...deployment, approximate: true, reason: 'the dry run was refused' }], show).documents[0]);
    assert.equal(approx.description, '3 fields · approximate');
    assert.match(approx.tooltip, /the dry run was refused/);
    assert.equal(documentRow(fileNode(URI, [service], show).documents[0]).description, 'in sync');
    assert.equal(documentRow(fileNode(URI, [missing], show).documents[0]).description, 'not in the cluster');
    assert.equal(documentRow(fileNode(URI, [controllerOnly], hide).documents[0]).description, 'in sync (controller-owned fields hidden)');
    assert.equal(documentRow(fileNode(URI, [controllerOnly], show).documents[0]).description, '1 field · owned by controllers');
  });

  it('a field row: path, Git value → live value, manager and time ago', () => {
    const [replicas, annotation] = doc.fields;
    assert.deepEqual(
      { label: fieldRow(replicas, now).label, description: fieldRow(replicas, now).description },
      { label: 'spec.replicas', description: '2 → 5 · kubectl-edit 2 h ago' },
    );
    assert.equal(fieldRow(annotation, now).description, '(absent) → a · mutator');
    assert.match(fieldRow(replicas, now).tooltip, /Why: changed in the cluster by a person/);
    assert.match(fieldRow(replicas, now).tooltip, /written by kubectl-edit, 2 h ago \(2026-01-01T10:00:00Z\)/);
  });

  it('context values drive the item menus; Secret fields are not adoptable', () => {
    assert.equal(contextValue(doc), 'drift.document.drifted');
    assert.equal(contextValue(doc.fields[0]), 'drift.field.adoptable');
    const secretField: FieldNode = { ...doc.fields[0], object: { ...deployment, kind: 'Secret' } };
    assert.equal(contextValue(secretField), 'drift.field');
  });
});

describe('status bar, view message, notices', () => {
  it('⎈ <context> · N drifted, in sync, connecting, unreachable (warning), drift off; hidden when off or without a kubeconfig', () => {
    assert.equal(statusBarText({ state: 'connected', context: 'admin', drifted: 3 }, 3).text, '⎈ admin · 3 drifted');
    assert.equal(statusBarText({ state: 'connected', context: 'admin', drifted: 0 }, 0).text, '⎈ admin · in sync');
    assert.equal(statusBarText({ state: 'connecting', context: 'admin', drifted: 0 }, 0).text, '⎈ admin · connecting…');
    const down = statusBarText({ state: 'unreachable', context: 'prod', drifted: 0, message: 'connection refused' }, 0);
    assert.deepEqual([down.text, down.warning], ['⎈ prod · unreachable', true]);
    assert.match(down.tooltip, /connection refused/);
    assert.equal(statusBarText({ state: 'no-kubeconfig', drifted: 0 }, 0).visible, false, 'no item for people who only lint');
    assert.equal(statusBarText({ state: 'untrusted', drifted: 0 }, 0).text, '⎈ drift off');
    assert.equal(statusBarText({ state: 'off', drifted: 0 }, 0).visible, false);
    assert.equal(statusBarText(undefined, 0).visible, false);
  });

  it('the view says why drift is off, in Restricted Mode too', () => {
    assert.match(viewMessage({ state: 'untrusted', drifted: 0 }, false) ?? '', /Restricted Mode/);
    assert.equal(viewMessage({ state: 'untrusted', drifted: 0, message: 'server words' }, false), 'server words');
    assert.equal(viewMessage({ state: 'connected', drifted: 0 }, true), undefined);
    assert.match(viewMessage({ state: 'connected', drifted: 0 }, false) ?? '', /Open a manifest/);
  });

  it('notices: unreachable offers Select Context and Open Settings; a missing configured kubeconfig Open Settings; others none', () => {
    const n = noticeFor({ state: 'unreachable', context: 'prod', drifted: 0, message: 'connection refused' }, '');
    assert.deepEqual(n, { key: 'unreachable:prod', message: 'GitOps drift: connection refused', actions: ['Select Context', 'Open Settings'] });
    assert.deepEqual(noticeFor({ state: 'no-kubeconfig', drifted: 0, message: 'x' }, '/k')?.actions, ['Open Settings']);
    assert.equal(noticeFor({ state: 'no-kubeconfig', drifted: 0 }, ''), undefined);
    assert.equal(noticeFor({ state: 'untrusted', drifted: 0 }, '/k'), undefined);
  });

  it('context picker items mark the current one; the memory key is per workspace folder', () => {
    assert.deepEqual(contextPickItems({ contexts: ['admin', 'viewer'], current: 'viewer' }), [{ label: 'admin' }, { label: 'viewer', description: 'current' }]);
    assert.notEqual(contextStateKey('file:///a'), contextStateKey('file:///b'));
  });
});

describe('diff documents and Copy Diff', () => {
  it('virtual document names end in .yaml; the query round-trips', () => {
    assert.equal(diffPath('Deployment', 'web/x', 'live'), '/Deployment-web_x.live.yaml');
    const target = { uri: 'file:///a b/c.yaml', documentIndex: 2, side: 'predicted' as const };
    assert.deepEqual(parseDiffQuery(diffQuery(target)), target);
    assert.equal(parseDiffQuery('uri=x&doc=-1&side=live'), undefined);
  });

  it('unified diff with context lines and hunk headers; empty when equal', () => {
    const a = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const b = 'a\nb\nc\nD\ne\nf\ng\nh\n';
    assert.equal(unifiedDiff(a, b, 'live', 'next'), '--- live\n+++ next\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n');
    assert.equal(unifiedDiff(a, a, 'live', 'next'), '');
    const added = unifiedDiff('x\n', 'x\ny\n', 'l', 'n');
    assert.equal(added, '--- l\n+++ n\n@@ -1,1 +1,2 @@\n x\n+y\n');
  });

  it('two changes far apart make two hunks', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const changed = [...lines];
    changed[1] = 'X';
    changed[18] = 'Y';
    const diff = unifiedDiff(`${lines.join('\n')}\n`, `${changed.join('\n')}\n`, 'a', 'b');
    assert.equal(diff.match(/^@@/gm)?.length, 2);
    assert.match(diff, /@@ -1,5 \+1,5 @@/);
    assert.match(diff, /@@ -16,5 \+16,5 @@/);
  });
});

describe('Adopt Live State and Open Pull Request', () => {
  const field = (path: string, cls: DriftField['class'], git: unknown, live: unknown): DriftField => ({ path, segments: path.split('.'), class: cls, git, live });
  const deployment = {
    file: 'file:///repo/web.yaml', line: 0, documentIndex: 0, apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop',
    state: 'drifted' as const, approximate: false,
    fields: [field('spec.replicas', 'human', 2, 5), field('spec.template.spec.containers[name=web].image', 'git', 'web:2', 'web:1'), field('spec.paused', 'controller', undefined, true)],
  };

  it('offers every field, pre-picking what changed in the cluster and leaving Git’s own edits unpicked', () => {
    const items = adoptPickItems(deployment, Date.now());
    assert.deepEqual(items.map((i) => [i.label, i.picked]), [
      ['spec.replicas', true],
      ['spec.template.spec.containers[name=web].image', false],
      ['spec.paused', true],
    ]);
    assert.match(items[0].description, /^2 → 5/);
  });

  it('offers nothing of a Secret', () => {
    assert.deepEqual(adoptPickItems({ ...deployment, kind: 'Secret', apiVersion: 'v1' }, Date.now()), []);
  });

  it('titles the pull request by the field or the object', () => {
    assert.equal(adoptTitle(deployment, [deployment.fields[0]]), 'Adopt live spec.replicas of Deployment web');
    assert.equal(adoptTitle(deployment, deployment.fields), 'Adopt live state of Deployment web');
  });
});

// The language server's drift wiring without a cluster: when a session starts (settings, trust, kubeconfig), what it
// is fed, what reaches the client, the adopt edit, CodeLens titles, and HPA targets from the workspace index.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DriftObject, DriftStatus, PathSegment } from '../../../server/src/drift/types';
import { driftCodeLenses, fieldLensTitle } from '../../../server/src/lsp/codeLens';
import { DriftService, hpaTargetsIn, type DriftDocumentInput, type DriftSessionApi, type DriftSessionOptions } from '../../../server/src/lsp/drift';
import { adoptLiveValueEdits } from '../../../server/src/lsp/driftAdopt';
import { DRIFT_SHOW_DIFF_COMMAND, type DriftResultsParams } from '../../../server/src/lsp/driftProtocol';
import { changedBy, timeAgo, valueText } from '../../../server/src/lsp/driftText';
import { DEFAULT_SETTINGS, readSettings } from '../../../server/src/lsp/settings';
import { CommandId } from '../../../client/src/commandIds';

const URI = 'file:///repo/apps/web/deployment.yaml';
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the web app
spec:
  replicas: 2 # two are enough
  template:
    spec:
      containers:
        - name: sidecar
          image: envoy:1.30
        - name: web
          image: nginx:1.27 # pinned
`;

const drifted: DriftObject = {
  file: URI,
  line: 0,
  documentIndex: 0,
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'web',
  namespace: 'default',
  state: 'drifted',
  approximate: false,
  fields: [
    { path: 'spec.replicas', segments: ['spec', 'replicas'], git: 2, live: 5, manager: 'kubectl-edit', time: '2026-01-01T10:00:00Z', class: 'human', line: 5 },
  ],
  fieldManager: 'kustomize-controller',
};

/** A hand-written session: records what it is given and emits what the test says. */
class FakeSession implements DriftSessionApi {
  readonly docs = new Map<string, DriftDocumentInput>();
  disposed = false;
  contextUsed?: string;
  live = new Map<string, unknown>();
  private resultListeners: ((uri: string, objects: DriftObject[]) => void)[] = [];
  private statusListeners: ((s: DriftStatus) => void)[] = [];
  constructor(readonly opts: DriftSessionOptions) {}
  onResults(l: (uri: string, objects: DriftObject[]) => void) {
    this.resultListeners.push(l);
    return { dispose: () => (this.resultListeners = this.resultListeners.filter((x) => x !== l)) };
  }
  onStatus(l: (s: DriftStatus) => void) {
    this.statusListeners.push(l);
    return { dispose: () => (this.statusListeners = this.statusListeners.filter((x) => x !== l)) };
  }
  emit(uri: string, objects: DriftObject[]) {
    for (const l of this.resultListeners) l(uri, objects);
  }
  emitStatus(s: DriftStatus) {
    for (const l of this.statusListeners) l(s);
  }
  setDocument(doc: DriftDocumentInput) {
    this.docs.set(doc.uri, doc);
  }
  removeDocument(uri: string) {
    this.docs.delete(uri);
  }
  async refresh() {}
  contexts() {
    return { kubeconfig: '/k', contexts: ['admin', 'viewer'], current: this.contextUsed ?? 'admin' };
  }
  useContext(name: string) {
    this.contextUsed = name;
  }
  diffDocuments() {
    return { live: 'spec:\n  replicas: 5\n', predicted: 'spec:\n  replicas: 2\n' };
  }
  liveValue(_uri: string, _i: number, segments: PathSegment[]) {
    const key = JSON.stringify(segments);
    return this.live.has(key) ? { value: this.live.get(key) } : undefined;
  }
  previewed: { file: string; text: string }[] = [];
  async syncPreview(files: { file: string; text: string }[]) {
    this.previewed.push(...files);
    return files.map((f) => `${f.file}: ${f.text.length} characters`);
  }
  dispose() {
    this.disposed = true;
  }
}

function harness(files: string[] = ['/home/dev/.kube/config'], env: NodeJS.ProcessEnv = {}) {
  const sessions: FakeSession[] = [];
  const results: DriftResultsParams[] = [];
  const statuses: DriftStatus[] = [];
  const service = new DriftService({
    createSession: (opts) => {
      const s = new FakeSession(opts);
      sessions.push(s);
      return s;
    },
    notifyResults: (p) => results.push(p),
    notifyStatus: (s) => statuses.push(s),
    log: () => undefined,
    exists: (p) => files.includes(p),
    env,
    home: '/home/dev',
  });
  return { service, sessions, results, statuses };
}

const settings = (drift: Record<string, unknown> = {}) => readSettings({ drift }).drift;

describe('DriftService: when a session runs', () => {
  it('contacts nothing in an untrusted workspace, and says why', () => {
    const h = harness();
    h.service.configure(settings(), false);
    assert.equal(h.sessions.length, 0);
    assert.equal(h.statuses.at(-1)?.state, 'untrusted');
    assert.match(h.statuses.at(-1)?.message ?? '', /Restricted Mode/);
  });

  it('starts once trust is granted, fed with the buffers opened before', () => {
    const h = harness();
    h.service.configure(settings(), false);
    h.service.setDocument({ uri: URI, text: DEPLOYMENT, version: 3 });
    h.service.setTrusted(true);
    assert.equal(h.sessions.length, 1);
    assert.equal(h.sessions[0].opts.allowExec, true);
    assert.equal(h.sessions[0].opts.kubeconfigPath, undefined);
    assert.deepEqual(h.sessions[0].docs.get(URI), { uri: URI, text: DEPLOYMENT, version: 3, filePath: '/repo/apps/web/deployment.yaml' });
  });

  it('without a kubeconfig file, reports no-kubeconfig with the places it looked', () => {
    const h = harness([], { KUBECONFIG: '/a/config:/b/config' });
    h.service.configure(settings(), true);
    assert.equal(h.sessions.length, 0);
    assert.equal(h.statuses.at(-1)?.state, 'no-kubeconfig');
    assert.match(h.statuses.at(-1)?.message ?? '', /\/a\/config, \/b\/config/);
  });

  it('an explicit gitops.drift.kubeconfig is passed on (~ expanded, relative to the workspace folder); a missing one is named', () => {
    const h = harness(['/home/dev/clusters/dev.yaml']);
    h.service.configure(settings({ kubeconfig: '~/clusters/dev.yaml', fieldManager: 'argocd-controller' }), true);
    assert.equal(h.sessions[0].opts.kubeconfigPath, '/home/dev/clusters/dev.yaml');
    assert.equal(h.sessions[0].opts.fieldManager, 'argocd-controller');
    h.service.initialize({ workspaceTrusted: true }, '/repo');
    assert.deepEqual(h.service.kubeconfigFiles(), ['/home/dev/clusters/dev.yaml']);
    h.service.configure(settings({ kubeconfig: '.kube/dev.yaml' }), true);
    assert.deepEqual(h.service.kubeconfigFiles(), ['/repo/.kube/dev.yaml'], 'relative to the workspace folder');
    h.service.configure(settings({ kubeconfig: '/nowhere' }), true);
    assert.equal(h.sessions[0].disposed, true);
    assert.match(h.statuses.at(-1)?.message ?? '', /gitops\.drift\.kubeconfig is \/nowhere, which does not exist/);
  });

  it('is off with gitops.drift.enable false; unchanged settings keep the session', () => {
    const h = harness();
    h.service.configure(settings(), true);
    h.service.configure(settings({ showControllerOwned: false }), true);
    assert.equal(h.sessions.length, 1, 'a view-only setting does not reconnect');
    h.service.configure(settings({ enable: false }), true);
    assert.equal(h.sessions[0].disposed, true);
    assert.equal(h.statuses.at(-1)?.state, 'off');
  });

  it('the chosen context reaches the next session and the running one', () => {
    const h = harness();
    h.service.initialize({ workspaceTrusted: true, context: 'viewer' });
    h.service.configure(settings());
    assert.equal(h.sessions[0].opts.context, 'viewer');
    h.service.useContext('admin');
    assert.equal(h.sessions[0].contextUsed, 'admin');
    assert.deepEqual(h.service.contexts().contexts, ['admin', 'viewer']);
  });
});

describe('DriftService: results', () => {
  it('forwards results of open documents and clears them on close and on stop', () => {
    const h = harness();
    h.service.configure(settings(), true);
    h.service.setDocument({ uri: URI, text: DEPLOYMENT, version: 1 });
    h.sessions[0].emit(URI, [drifted]);
    h.sessions[0].emit('file:///closed.yaml', [drifted]);
    assert.deepEqual(h.results, [{ uri: URI, objects: [drifted] }]);
    assert.deepEqual(h.service.results(URI), [drifted]);
    h.service.removeDocument(URI);
    assert.deepEqual(h.results.at(-1), { uri: URI, objects: [] });
    assert.equal(h.sessions[0].docs.has(URI), false);
    h.service.setDocument({ uri: URI, text: DEPLOYMENT, version: 2 });
    h.sessions[0].emit(URI, [drifted]);
    h.service.configure(settings({ enable: false }), true);
    assert.deepEqual(h.results.at(-1), { uri: URI, objects: [] });
  });

  it('leaves .gitops-manifests.yaml out', () => {
    const h = harness();
    h.service.configure(settings(), true);
    h.service.setDocument({ uri: 'file:///repo/.gitops-manifests.yaml', text: 'profile: restricted\n', version: 1 });
    assert.equal(h.sessions[0].docs.size, 0);
  });

  it('adopt: the buffer edit for the live value, keeping the comment; Secrets refused', () => {
    const h = harness();
    h.service.configure(settings(), true);
    h.service.setDocument({ uri: URI, text: DEPLOYMENT, version: 1 });
    h.sessions[0].emit(URI, [drifted]);
    h.sessions[0].live.set(JSON.stringify(['spec', 'replicas']), 5);
    const doc = TextDocument.create(URI, 'yaml', 1, DEPLOYMENT);
    const result = h.service.adopt({ uri: URI, documentIndex: 0, segments: ['spec', 'replicas'] }, doc);
    assert.deepEqual(result, { edits: [{ range: { start: { line: 5, character: 12 }, end: { line: 5, character: 13 } }, newText: '5' }] });
    assert.match(h.service.adopt({ uri: URI, documentIndex: 0, segments: ['spec', 'paused'] }, doc).error ?? '', /not known yet/);
    h.sessions[0].emit(URI, [{ ...drifted, kind: 'Secret' }]);
    assert.match(h.service.adopt({ uri: URI, documentIndex: 0, segments: ['data', 'x'] }, doc).error ?? '', /Secret values/);
  });
});

describe('DriftService: preview', () => {
  it('asks the session for what a sync of the contents would change; without a session says why', async () => {
    const h = harness([]);
    h.service.configure(settings(), true);
    assert.deepEqual(await h.service.preview({ files: [{ uri: URI, text: 'abc' }] }), { error: 'Drift is not connected to a cluster.' });
    const connected = harness();
    connected.service.configure(settings(), true);
    assert.deepEqual(await connected.service.preview({ files: [{ uri: URI, filePath: '/repo/d.yaml', text: 'abc' }] }), { lines: [`${URI}: 3 characters`] });
    assert.deepEqual(connected.sessions[0].previewed, [{ file: URI, filePath: '/repo/d.yaml', text: 'abc' }]);
  });
});

describe('adoptLiveValueEdits', () => {
  const apply = (text: string, edits: { start: number; end: number; newText: string }[]) =>
    [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

  it('replaces a list-map element field found by its keys, comment kept', () => {
    const segments: PathSegment[] = ['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }, 'image'];
    const after = apply(DEPLOYMENT, adoptLiveValueEdits(DEPLOYMENT, 0, segments, 'nginx:1.28'));
    assert.equal(after, DEPLOYMENT.replace('image: nginx:1.27 # pinned', 'image: nginx:1.28 # pinned'));
  });

  it('works in the second document of a file and adds a missing key', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n${DEPLOYMENT}`;
    const after = apply(text, adoptLiveValueEdits(text, 1, ['spec', 'paused'], true));
    assert.match(after, /replicas: 2 # two are enough\n {2}template:/);
    assert.match(after, /\n {2}paused: true\n/);
    assert.ok(after.startsWith('apiVersion: v1\nkind: ConfigMap'));
  });

  it('removes a field the live object lacks; refuses what it cannot place', () => {
    const after = apply(DEPLOYMENT, adoptLiveValueEdits(DEPLOYMENT, 0, ['spec', 'replicas'], undefined));
    assert.doesNotMatch(after, /replicas/);
    assert.match(after, /name: web # the web app/);
    assert.throws(() => adoptLiveValueEdits(DEPLOYMENT, 0, ['spec', 'template', 'spec', 'containers', { keys: { name: 'db' } }, 'image'], 'x'), /no list item \[name=db\]/);
    assert.throws(() => adoptLiveValueEdits(DEPLOYMENT, 0, ['spec', 'minReadySeconds'], undefined), /already absent/);
    assert.throws(() => adoptLiveValueEdits(DEPLOYMENT, 3, ['spec'], 1), /no longer has a YAML document number 4/);
  });
});

describe('drift text and CodeLens', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('timeAgo and valueText read as a person writes them', () => {
    assert.equal(timeAgo('2026-01-01T11:59:30Z', now), 'just now');
    assert.equal(timeAgo('2026-01-01T11:55:00Z', now), '5 min ago');
    assert.equal(timeAgo('2026-01-01T10:00:00Z', now), '2 h ago');
    assert.equal(timeAgo('2025-12-29T12:00:00Z', now), '3 d ago');
    assert.equal(timeAgo('2025-01-01T12:00:00Z', now), 'on 2025-01-01');
    assert.equal(timeAgo('not a time', now), undefined);
    assert.equal(valueText(5), '5');
    assert.equal(valueText(undefined), '(absent)');
    assert.equal(valueText(''), '""');
    assert.equal(valueText({ cpu: '500m' }), '{"cpu":"500m"}');
    assert.equal(valueText('x'.repeat(50)).length, 40);
    assert.equal(changedBy(undefined, undefined, now), undefined);
  });

  it('a lens per drifted field and one on the document, each opening the diff', () => {
    const lenses = driftCodeLenses(URI, [drifted], { showControllerOwned: true, now });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [
        [0, '⎈ drifted: 1 field · show diff'],
        [5, 'live: 5 · kubectl-edit 2 h ago'],
      ],
    );
    assert.equal(lenses[1].command?.command, DRIFT_SHOW_DIFF_COMMAND);
    assert.deepEqual(lenses[1].command?.arguments, [{ uri: URI, documentIndex: 0 }]);
    assert.equal(DRIFT_SHOW_DIFF_COMMAND, CommandId.driftShowDiff);
  });

  it('controller-owned fields hidden per setting; a missing object says so', () => {
    const owned: DriftObject = { ...drifted, fields: [{ ...drifted.fields[0], class: 'controller', manager: 'kube-controller-manager' }], controllerOnly: true };
    assert.deepEqual(driftCodeLenses(URI, [owned], { showControllerOwned: false, now }), []);
    const missing: DriftObject = { ...drifted, state: 'missing', fields: [], line: 4 };
    assert.deepEqual(driftCodeLenses(URI, [missing], { showControllerOwned: true, now }).map((l) => [l.range.start.line, l.command?.title]), [
      [4, '⎈ not in the cluster: the next sync creates it'],
    ]);
  });

  it('several fields on one line are named by their last step', () => {
    const field = { ...drifted.fields[0], path: 'spec.template.spec.containers[name=web].image', live: 'nginx:1.28', manager: undefined, time: undefined };
    assert.equal(fieldLensTitle(field, true, now), 'image live: nginx:1.28');
  });
});

describe('hpaTargetsIn', () => {
  it('is true for the kind and name an HPA of the workspace scales, in its namespace', () => {
    const index = {
      ofKind: (kind: string) =>
        kind === 'HorizontalPodAutoscaler' ? [{ namespace: 'web', object: { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } } } }] : [],
    };
    const isTarget = hpaTargetsIn(index);
    assert.equal(isTarget('Deployment', 'web', 'web'), true);
    assert.equal(isTarget('Deployment', 'other', 'web'), false);
    assert.equal(isTarget('StatefulSet', 'web', 'web'), false);
  });
});

describe('settings', () => {
  it('gitops.drift.* defaults and bounds', () => {
    assert.deepEqual(DEFAULT_SETTINGS.drift, { enable: true, kubeconfig: '', fieldManager: '', showControllerOwned: true, debounceMs: 500 });
    assert.equal(settings({ debounceMs: 99_999 }).debounceMs, 10_000);
    assert.equal(settings({ debounceMs: -1 }).debounceMs, 500);
    assert.equal(settings({ kubeconfig: '  /k  ' }).kubeconfig, '/k');
  });
});

// Live drift through the bundled language server over stdio, against a real kube-apiserver: a Deployment applied as
// kustomize-controller whose replicas a person changed with `kubectl edit`. Opening the manifest brings the drift
// notification with that field, its CodeLens, the live-vs-predicted diff and the Adopt Live Value edit; an untrusted
// workspace contacts nothing until trust is granted; an HPA's target has controller-owned replicas; contexts are
// listed and switched; a later live change arrives by itself.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver/node';
import type { DriftObject, DriftStatus } from '../../server/src/drift/types';
import { DriftMethod, type DriftAdoptResult, type DriftContextsResult, type DriftDiffResult, type DriftPreviewResult, type DriftResultsParams } from '../../server/src/lsp/driftProtocol';
import { startCluster, type Cluster } from '../infra/cluster';
import { kubeWriter } from '../infra/kubeWrites';
import { DRIFT_DEPLOYMENT, REPLICAS_LINE, hasReplicasDrift, stageKubectlEdit } from './driftStage';
import { applyEdits, fileUri, startLanguageServer, type LspSession } from './lspClient';

const [major, minor] = process.versions.node.split('.').map(Number);
const skip = major > 22 || (major === 22 && minor >= 19) ? false : `@kubernetes/client-node 2.x needs Node >= 22.19, this is ${process.version}`;

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: default
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
`;

let cluster: Cluster;
let workspace: string;
let lsp: LspSession;
let uri: string;

describe('drift over LSP', { skip }, () => {
  before(async () => {
    cluster = await startCluster();
    await stageKubectlEdit(cluster.kubeconfig);
    workspace = mkdtempSync(join(tmpdir(), 'gm-lsp-drift-'));
    writeFileSync(join(workspace, 'deployment.yaml'), DRIFT_DEPLOYMENT);
    uri = fileUri(join(workspace, 'deployment.yaml'));
    lsp = await startLanguageServer({
      workspace,
      settings: { drift: { kubeconfig: cluster.kubeconfig, debounceMs: 0 } },
      initializationOptions: { drift: { workspaceTrusted: true } },
    });
  });

  after(async () => {
    await lsp?.stop();
    await cluster?.stop();
  });

  let web: DriftObject;

  test('opening the manifest pushes its drift: the field, the live value, who changed it and when', { timeout: 30_000 }, async () => {
    const started = Date.now();
    lsp.open(uri, DRIFT_DEPLOYMENT);
    const results = await lsp.notification<DriftResultsParams>(DriftMethod.results, (p) => p.uri === uri && hasReplicasDrift(p), 20_000);
    console.log(`drift results ${Date.now() - started} ms after didOpen`);
    web = results.objects.find((o) => o.kind === 'Deployment')!;
    assert.equal(web.state, 'drifted');
    assert.equal(web.name, 'web');
    assert.equal(web.documentIndex, 0);
    const replicas = web.fields.find((f) => f.path === 'spec.replicas')!;
    assert.equal(replicas.git, 2);
    assert.equal(replicas.live, 5);
    assert.equal(replicas.manager, 'kubectl-edit');
    assert.equal(replicas.class, 'human');
    assert.equal(replicas.line, REPLICAS_LINE);
    assert.ok(replicas.time && Math.abs(Date.now() - Date.parse(replicas.time)) < 5 * 60_000, `time ${replicas.time}`);
    const status = await lsp.notification<DriftStatus>(DriftMethod.status, (s) => s.state === 'connected');
    assert.equal(status.context, 'admin');
  });

  test('CodeLens on the drifted line: "live: 5 · kubectl-edit just now", opening the diff', async () => {
    const lenses = (await lsp.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    const onLine = lenses.filter((l) => l.range.start.line === REPLICAS_LINE);
    assert.equal(onLine.length, 1, JSON.stringify(lenses));
    assert.match(onLine[0].command?.title ?? '', /^live: 5 · kubectl-edit (just now|\d+ min ago)$/);
    assert.equal(onLine[0].command?.command, 'gitops.drift.showDiff');
    assert.ok(lenses.some((l) => l.range.start.line === 0 && /drifted: \d+ fields?( \(approximate\))? · show diff/.test(l.command?.title ?? '')), JSON.stringify(lenses));
  });

  test('the diff request returns live and predicted YAML of the document', async () => {
    const diff = await lsp.connection.sendRequest<DriftDiffResult | null>(DriftMethod.diff, { uri, documentIndex: 0 });
    assert.ok(diff);
    assert.match(diff.live, /replicas: 5/);
    assert.match(diff.predicted, /replicas: 2/);
    assert.doesNotMatch(diff.live, /managedFields/);
  });

  test('Adopt Live Value: one edit replacing just that value, the comment kept', async () => {
    const result = await lsp.connection.sendRequest<DriftAdoptResult>(DriftMethod.adopt, { uri, documentIndex: 0, segments: ['spec', 'replicas'] });
    assert.ok(result.edits, result.error);
    assert.equal(result.edits.length, 1);
    assert.deepEqual(result.edits[0].range.start.line, REPLICAS_LINE);
    assert.equal(applyEdits(DRIFT_DEPLOYMENT, result.edits), DRIFT_DEPLOYMENT.replace('replicas: 2 # two', 'replicas: 5 # two'));
  });

  test('the preview request says what merging new contents would change in the cluster', { timeout: 30_000 }, async () => {
    const text = DRIFT_DEPLOYMENT.replace('replicas: 2 # two', 'replicas: 4 # four');
    const preview = await lsp.connection.sendRequest<DriftPreviewResult>(DriftMethod.preview, { files: [{ uri, text }] });
    assert.deepEqual(preview, { lines: ['Deployment default/web: spec.replicas 5 → 4'] });
  });

  test('replicas of a Deployment an HPA of the workspace scales are the controller\'s, not a person\'s drift', { timeout: 30_000 }, async () => {
    const api = DRIFT_DEPLOYMENT.replaceAll('web', 'api');
    const writer = kubeWriter(cluster.kubeconfig);
    await writer.apply(api, 'kustomize-controller');
    await writer.mergePatch('apps/v1', 'Deployment', 'default', 'api', { spec: { replicas: 4 } }, 'kubectl-edit');
    const hpaUri = fileUri(join(workspace, 'hpa.yaml'));
    lsp.open(hpaUri, HPA);
    await lsp.diagnostics(hpaUri);
    const apiUri = fileUri(join(workspace, 'api.yaml'));
    lsp.open(apiUri, api);
    const results = await lsp.notification<DriftResultsParams>(DriftMethod.results, (p) => p.uri === apiUri && p.objects.some((o) => o.fields.length > 0), 20_000);
    const replicas = results.objects[0].fields.find((f) => f.path === 'spec.replicas');
    assert.equal(replicas?.live, 4);
    assert.equal(replicas?.class, 'controller');
  });

  test('contexts are listed; switching to the read-only context keeps drift working', { timeout: 30_000 }, async () => {
    const listed = await lsp.connection.sendRequest<DriftContextsResult>(DriftMethod.contexts);
    assert.deepEqual([...listed.contexts].sort(), ['admin', 'viewer']);
    assert.equal(listed.current, 'admin');
    await lsp.connection.sendRequest(DriftMethod.useContext, { context: 'viewer' });
    const status = await lsp.notification<DriftStatus>(DriftMethod.status, (s) => s.state === 'connected' && s.context === 'viewer', 20_000);
    assert.equal(status.context, 'viewer');
  });

  test('a live change arrives by itself, without a refresh (as the read-only context, after the switch)', { timeout: 30_000 }, async () => {
    const changedAt = Date.now();
    await kubeWriter(cluster.kubeconfig).mergePatch('apps/v1', 'Deployment', 'default', 'web', { spec: { replicas: 6 } }, 'kubectl-edit');
    await lsp.notification<DriftResultsParams>(
      DriftMethod.results,
      (p) => p.uri === uri && p.objects.some((o) => o.fields.some((f) => f.path === 'spec.replicas' && f.live === 6)),
      20_000,
    );
    console.log(`live change in the results ${Date.now() - changedAt} ms after the write`);
  });
});

describe('drift in an untrusted workspace', { skip }, () => {
  let untrusted: LspSession;
  let cluster2: Cluster;

  after(async () => {
    await untrusted?.stop();
    await cluster2?.stop();
  });

  test('contacts no cluster until the client says the workspace is trusted', { timeout: 60_000 }, async () => {
    cluster2 = await startCluster();
    await stageKubectlEdit(cluster2.kubeconfig);
    const dir = mkdtempSync(join(tmpdir(), 'gm-lsp-drift-untrusted-'));
    const file = fileUri(join(dir, 'deployment.yaml'));
    untrusted = await startLanguageServer({
      workspace: dir,
      settings: { drift: { kubeconfig: cluster2.kubeconfig, debounceMs: 0 } },
      initializationOptions: { drift: { workspaceTrusted: false } },
    });
    const status = await untrusted.notification<DriftStatus>(DriftMethod.status);
    assert.equal(status.state, 'untrusted');
    assert.match(status.message ?? '', /Restricted Mode/);
    untrusted.open(file, DRIFT_DEPLOYMENT);
    // Lint still works meanwhile; no drift result comes.
    await untrusted.diagnostics(file);
    await assert.rejects(untrusted.notification(DriftMethod.results, () => true, 1500));
    void untrusted.connection.sendNotification(DriftMethod.trust, { trusted: true });
    await untrusted.notification<DriftResultsParams>(DriftMethod.results, (p) => p.uri === file && hasReplicasDrift(p), 20_000);
  });
});

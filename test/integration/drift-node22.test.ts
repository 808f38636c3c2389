// The extension's Node floor: VS Code 1.105 (engines.vscode ^1.105.0) runs its extension host, and so our language
// server, on Node 22.19.0 (Electron 37.6). This runs the bundled dist/server.js on exactly that Node, installed from the
// npm `node` package, against the real apiserver, and checks that drift (@kubernetes/client-node 2.x) works there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DriftMethod, type DriftResultsParams } from '../../server/src/lsp/driftProtocol';
import type { DriftStatus } from '../../server/src/drift/types';
import { repoRoot } from '../infra/paths';
import { startCluster, type Cluster } from '../infra/cluster';
import { ensureNode } from '../e2e/tools';
import { fileUri, startLanguageServer, type LspSession } from '../lsp/lspClient';
import { DRIFT_DEPLOYMENT, hasReplicasDrift, stageKubectlEdit } from '../lsp/driftStage';

/** The Node of VS Code 1.105's extension host. */
const VSCODE_1_105_NODE = '22.19.0';

let node: string;
let cluster: Cluster;
let lsp: LspSession | undefined;

before(async () => {
  node = await ensureNode(VSCODE_1_105_NODE);
  cluster = await startCluster();
  await stageKubectlEdit(cluster.kubeconfig);
});

after(async () => {
  await lsp?.stop();
  await cluster?.stop();
});

test('engines.vscode is the first release whose Node runs @kubernetes/client-node 2.x', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.equal(manifest.engines.vscode, '^1.105.0');
  assert.equal(manifest.devDependencies['@types/vscode'], '1.105.0');
  const clientNode = JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@kubernetes', 'client-node', 'package.json'), 'utf8'));
  assert.match(clientNode.version, /^2\./);
});

test(`the bundled language server computes drift on Node ${VSCODE_1_105_NODE}`, { timeout: 60_000 }, async () => {
  assert.equal(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(), `v${VSCODE_1_105_NODE}`);
  const workspace = mkdtempSync(join(tmpdir(), 'gm-node22-'));
  writeFileSync(join(workspace, 'deployment.yaml'), DRIFT_DEPLOYMENT);
  const uri = fileUri(join(workspace, 'deployment.yaml'));
  lsp = await startLanguageServer({
    node,
    workspace,
    settings: { drift: { kubeconfig: cluster.kubeconfig, debounceMs: 0 } },
    initializationOptions: { drift: { workspaceTrusted: true } },
  });
  lsp.open(uri, DRIFT_DEPLOYMENT);
  const results = await lsp.notification<DriftResultsParams>(DriftMethod.results, (p) => p.uri === uri && hasReplicasDrift(p), 30_000);
  const field = results.objects[0].fields.find((f) => f.path === 'spec.replicas');
  assert.equal(field?.manager, 'kubectl-edit');
  const status = await lsp.notification<DriftStatus>(DriftMethod.status, (s) => s.state === 'connected');
  assert.equal(status.context, 'admin');
  // Linting works on that Node too.
  await lsp.diagnostics(uri);
});

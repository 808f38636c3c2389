// Secret values never leave the cluster object: a Secret whose value a person changed and to which they added a key,
// compared through the bundled language server against a real kube-apiserver. The live values appear in nothing the
// extension gets or shows (results, the Drift view's rows and tooltips, CodeLens, the diff documents, the adopt and
// preview answers), in nothing the server logs or writes to stderr, and in no file under its temp and home folders.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver/node';
import { documentRow, fieldRow, fieldTooltip } from '../../client/src/drift/driftLabels';
import { DriftResults, children, type DocumentNode, type FieldNode } from '../../client/src/drift/driftTree';
import type { DriftObject } from '../../server/src/drift/types';
import { DriftMethod, type DriftAdoptResult, type DriftDiffResult, type DriftPreviewResult, type DriftResultsParams } from '../../server/src/lsp/driftProtocol';
import { startCluster, type Cluster } from '../infra/cluster';
import { kubeWriter } from '../infra/kubeWrites';
import { fileUri, startLanguageServer, type LspSession } from './lspClient';

const [major, minor] = process.versions.node.split('.').map(Number);
const skip = major > 22 || (major === 22 && minor >= 19) ? false : `@kubernetes/client-node 2.x needs Node >= 22.19, this is ${process.version}`;

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: default
type: Opaque
stringData:
  user: app
  password: from-git-1
`;
// What a person wrote live: a changed password and a key Git never had.
const LIVE_PASSWORD = 'live-password-7734';
const LIVE_TOKEN = 'live-token-5521';
const forbidden = [LIVE_PASSWORD, LIVE_TOKEN].flatMap((v) => [v, Buffer.from(v).toString('base64')]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

let cluster: Cluster;
let scratch: string;
let lsp: LspSession;
let uri: string;

describe('Secrets in drift, through the language server', { skip }, () => {
  before(async () => {
    cluster = await startCluster();
    const writer = kubeWriter(cluster.kubeconfig);
    await writer.apply(SECRET, 'kustomize-controller');
    await writer.mergePatch('v1', 'Secret', 'default', 'creds', {
      data: { password: Buffer.from(LIVE_PASSWORD).toString('base64'), token: Buffer.from(LIVE_TOKEN).toString('base64') },
    }, 'kubectl-edit');
    scratch = mkdtempSync(join(tmpdir(), 'gm-lsp-secrets-'));
    const workspace = join(scratch, 'workspace');
    const temp = join(scratch, 'tmp');
    const home = join(scratch, 'home');
    for (const dir of [workspace, temp, home]) mkdirSync(dir);
    uri = fileUri(join(workspace, 'secret.yaml'));
    writeFileSync(join(workspace, 'secret.yaml'), SECRET);
    lsp = await startLanguageServer({
      workspace,
      settings: { drift: { kubeconfig: cluster.kubeconfig, debounceMs: 0 } },
      initializationOptions: { drift: { workspaceTrusted: true } },
      env: { ...process.env, TMPDIR: temp, HOME: home },
      captureStderr: true,
    });
  });

  after(async () => {
    await lsp?.stop();
    await cluster?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  let secret: DriftObject;

  test('the changed and the added key are drift, named only as changed and added', { timeout: 30_000 }, async () => {
    lsp.open(uri, SECRET);
    const results = await lsp.notification<DriftResultsParams>(
      DriftMethod.results,
      (p) => p.uri === uri && p.objects.some((o) => o.state === 'drifted' && !o.approximate && o.fields.length >= 2),
      20_000,
    );
    secret = results.objects[0];
    const byPath = Object.fromEntries(secret.fields.map((f) => [f.path, f]));
    assert.deepEqual(Object.keys(byPath).sort(), ['data.password', 'data.token']);
    assert.equal(byPath['data.password'].manager, 'kubectl-edit');
    assert.equal(byPath['data.token'].class, 'human');
    for (const f of secret.fields) for (const side of [f.git, f.live]) assert.ok(side === undefined || side === null || /^\((changed|added|removed)\)$/.test(String(side)), `${f.path}: ${String(side)}`);
  });

  test('nothing the editor gets, shows, logs or writes holds a live value', { timeout: 30_000 }, async () => {
    const lenses = (await lsp.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    const diff = await lsp.connection.sendRequest<DriftDiffResult | null>(DriftMethod.diff, { uri, documentIndex: 0 });
    assert.ok(diff, 'a diff');
    const adopt = await lsp.connection.sendRequest<DriftAdoptResult>(DriftMethod.adopt, { uri, documentIndex: 0, segments: ['data', 'token'] });
    assert.match(adopt.error ?? '', /Secret values are never copied/);
    const preview = await lsp.connection.sendRequest<DriftPreviewResult>(DriftMethod.preview, { files: [{ uri, text: SECRET }] });
    assert.ok(preview.lines?.some((l) => /data\.password changed/.test(l)), JSON.stringify(preview));

    // The Drift view's rows and tooltips, made by the extension's own modules from the same results.
    const view = new DriftResults();
    view.set(uri, [secret]);
    const shown: string[] = [];
    const opts = { showControllerOwned: true };
    for (const file of children(undefined, view, opts)) {
      for (const node of children(file, view, opts)) {
        shown.push(JSON.stringify(documentRow(node as DocumentNode)));
        for (const field of children(node, view, opts)) {
          shown.push(JSON.stringify(fieldRow(field as FieldNode, Date.now())), fieldTooltip((field as FieldNode).field, Date.now()));
        }
      }
    }
    assert.ok(shown.length >= 3, 'rows for the file, the Secret and its fields');

    const everything = [
      JSON.stringify(lsp.received),
      JSON.stringify(lenses),
      JSON.stringify(diff),
      JSON.stringify(adopt),
      JSON.stringify(preview),
      shown.join('\n'),
      lsp.stderr.join(''),
      ...filesUnder(scratch).filter((p) => !p.endsWith('secret.yaml')).map((p) => readFileSync(p, 'latin1')),
    ].join('\n');
    for (const value of forbidden) assert.ok(!everything.includes(value), `a live Secret value (${value.slice(0, 4)}…) leaked`);
  });
});

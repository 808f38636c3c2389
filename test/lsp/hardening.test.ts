// The language server given what fuzzing found (issue 11): bad settings, reused versions, deep nesting, garbage
// request parameters. The server keeps answering, with results for the text it holds.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { startLanguageServer, fileUri, type LspSession } from './lspClient';
import { repoRoot } from '../infra/paths';

const BROKEN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: { app.kubernetes.io/name: x }\n  bogus: 1\n';
const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  labels: { app.kubernetes.io/name: y }\n';

let workspace: string;
let lsp: LspSession;
const log: string[] = [];

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'gm-lsp-hardening-'));
  mkdirSync(join(workspace, 'generated'));
  writeFileSync(join(workspace, '.gitops-manifests.yaml'), 'exclude: ["generated/**"]\n');
  lsp = await startLanguageServer({
    workspace,
    settings: { kubernetesVersion: '9.99', validate: { debounceMs: 10 } },
  });
  lsp.connection.onNotification('window/logMessage', (p: { message: string }) => {
    log.push(p.message);
  });
});

after(async () => {
  await lsp.stop();
});

const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const unknownField = (d: Diagnostic[]) => d.some((x) => messageOf(x).startsWith('Unknown field `bogus`'));

test('a glob over 65,536 characters in gitops.files.exclude is skipped with one warning; the server keeps validating', async () => {
  const server = await startLanguageServer({ workspace, settings: { validate: { debounceMs: 10 }, files: { exclude: ['a'.repeat(70_000), '**/ignored.yaml'] } } });
  const warnings: string[] = [];
  server.connection.onNotification('window/logMessage', (p: { message: string }) => {
    warnings.push(p.message);
  });
  try {
    const uri = fileUri(join(workspace, 'a.yaml'));
    server.open(uri, BROKEN);
    await server.diagnostics(uri, unknownField);
    server.open(fileUri(join(workspace, 'b.yaml')), BROKEN);
    await server.diagnostics(fileUri(join(workspace, 'b.yaml')), unknownField);
    const ignored = fileUri(join(workspace, 'ignored.yaml'));
    server.open(ignored, BROKEN);
    assert.deepEqual(await server.diagnostics(ignored), []);
    assert.equal(server.process.exitCode, null);
    assert.equal(warnings.filter((m) => /gitops\.files\.exclude: exclude glob `a+…` \(70000 characters\) skipped/.test(m)).length, 1, warnings.join('\n'));
  } finally {
    await server.stop();
  }
});

test('the exclude list of .gitops-manifests.yaml is honoured by the server as by the CLI', async () => {
  const excluded = fileUri(join(workspace, 'generated', 'out.yaml'));
  lsp.open(excluded, BROKEN);
  assert.deepEqual(await lsp.diagnostics(excluded), []);
  const kept = fileUri(join(workspace, 'kept.yaml'));
  lsp.open(kept, BROKEN);
  await lsp.diagnostics(kept, unknownField);
});

test('a Kubernetes version without bundled schemas is named in the log with the version used instead', () => {
  assert.ok(log.some((m) => /gitops\.kubernetesVersion: Kubernetes version `9\.99` has no bundled schemas .*: validating against 1\.\d+/.test(m)), log.join('\n'));
});

test('another text under a version already seen (or 5 → 3 → 5) gets fresh diagnostics and outline', async () => {
  const uri = fileUri(join(workspace, 'versions.yaml'));
  const two = `${CLEAN}---\n${CLEAN.replace(/y/g, 'z')}`;
  lsp.open(uri, BROKEN);
  await lsp.diagnostics(uri, unknownField, 1);
  lsp.change(uri, 5, two);
  await lsp.diagnostics(uri, (d) => d.length === 0, 5);
  assert.deepEqual((await lsp.symbols(uri)).map((s) => s.name), ['ConfigMap/y', 'ConfigMap/z']);
  // 5 → 3 → 5: version 3 is replaced before it is linted; the second version 5 is a shorter text.
  lsp.change(uri, 3, BROKEN);
  lsp.change(uri, 5, CLEAN);
  const symbols = await lsp.symbols(uri);
  assert.deepEqual(symbols.map((s) => s.name), ['ConfigMap/y']);
  assert.ok(symbols[0].range.end.line <= CLEAN.split('\n').length - 1, JSON.stringify(symbols[0].range));
  // The same version again with another text.
  lsp.change(uri, 5, BROKEN);
  await lsp.diagnostics(uri, unknownField, 5);
  assert.deepEqual((await lsp.symbols(uri)).map((s) => s.name), ['ConfigMap/x']);
});

test('deep nesting and a recursive alias: a clear finding, and hover, completion, symbols and code actions still answer', async () => {
  const texts = {
    block: `${CLEAN}---\n${'- '.repeat(2300)}a: |\n  b\n`,
    flow: `${CLEAN}---\nkind: ConfigMap\ndata: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
    alias: `${BROKEN}---\napiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: x, self: *m}\n`,
  };
  for (const [name, text] of Object.entries(texts)) {
    const uri = fileUri(join(workspace, `deep-${name}.yaml`));
    lsp.open(uri, text);
    const diagnostics = await lsp.diagnostics(uri, (d) => d.length > 0);
    const messages = diagnostics.map(messageOf);
    assert.ok(messages.some((m) => /^Nesting deeper than \d+ levels is not validated$|^Recursive alias `\*m`/.test(m)), `${name}: ${messages.join('\n')}`);
    assert.ok(!messages.some((m) => /call stack/.test(m)), name);
    const lines = text.split('\n');
    const last = { line: lines.length - 2, character: 3 };
    for (const position of [{ line: 0, character: 2 }, { line: 6, character: 4 }, last]) {
      await lsp.hover(uri, position);
      await lsp.completion(uri, position);
      await lsp.codeActions(uri, { start: position, end: position }, diagnostics);
    }
    assert.ok((await lsp.symbols(uri)).length >= 1, name);
  }
  assert.equal(lsp.process.exitCode, null);
});

test('malformed request parameters answer "nothing here", not an internal error message', async () => {
  const uri = fileUri(join(workspace, 'a.yaml'));
  const requests: [string, unknown][] = [
    ['textDocument/hover', {}],
    ['textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 'x' } }],
    ['textDocument/completion', { textDocument: { uri: 42 } }],
    ['textDocument/completion', { textDocument: { uri }, position: null }],
    ['textDocument/documentSymbol', { textDocument: null }],
    ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0 } } }],
    ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, context: { only: 7 } }],
  ];
  for (const [method, params] of requests) {
    const answer = await lsp.connection.sendRequest(method, params);
    assert.ok(answer === null || (Array.isArray(answer) && answer.length === 0), `${method} ${JSON.stringify(params)} → ${JSON.stringify(answer)}`);
  }
});

test('while a 3.9 MB file is read, requests on another file are answered within half a second', async () => {
  const deployment = readFileSync(join(repoRoot, 'test', 'fixtures', 'hardened', 'deployment.yaml'), 'utf8');
  const parts: string[] = [];
  for (let i = 0, size = 0; size < 3.9 * 1024 * 1024; i++) {
    const part = deployment.replace(/name: (\S+)/, `name: $1-${i}`);
    parts.push(part);
    size += part.length + 5;
  }
  const small = fileUri(join(workspace, 'small.yaml'));
  lsp.open(small, BROKEN);
  await lsp.diagnostics(small, unknownField);
  const big = fileUri(join(workspace, 'big.yaml'));
  lsp.open(big, parts.join('\n---\n'));
  await new Promise((r) => setTimeout(r, 100));
  const slowest = { ms: 0 };
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await lsp.hover(small, { line: 5, character: 3 });
    slowest.ms = Math.max(slowest.ms, performance.now() - started);
  }
  await lsp.diagnostics(big, (d) => d.length > 0);
  assert.ok(slowest.ms < 500, `a hover took ${Math.round(slowest.ms)} ms`);
});

// Diagnostics sent from JSON encoded once per document read back exactly as the same message sent as a whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver/node';
import { encodeDiagnostics, encodeMessage, sendAsEncoded } from '../../server/src/lsp/transport';

const diagnostic = (line: number, message: string): Diagnostic => ({
  range: { start: { line, character: 2 }, end: { line, character: 9 } },
  severity: 2,
  source: 'gitops-manifests',
  code: 'SEC001',
  message,
});

test('publishDiagnostics from per-document parts is the same JSON-RPC message', () => {
  const first = [diagnostic(1, 'a "quoted" word'), diagnostic(2, 'ünïcödé — and \\ backslash')];
  const second = [diagnostic(40, 'second document')];
  const all = sendAsEncoded([...first, ...second], [encodeDiagnostics(first), encodeDiagnostics([]), encodeDiagnostics(second)]);
  const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/a b.yaml', version: 7, diagnostics: all } };
  assert.deepEqual(JSON.parse(encodeMessage(msg).toString('utf8')), JSON.parse(JSON.stringify(msg)));
  const empty = sendAsEncoded([], []);
  const none = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/b.yaml', diagnostics: empty } };
  assert.deepEqual(JSON.parse(encodeMessage(none).toString('utf8')), none);
});

test('other messages, and diagnostics not recorded as encoded, are plain JSON', () => {
  const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///w/a.yaml', diagnostics: [diagnostic(1, 'x')] } };
  assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
  const request = { jsonrpc: '2.0', id: 1, result: { contents: 'hover' } };
  assert.equal(encodeMessage(request).toString('utf8'), JSON.stringify(request));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionPlace } from '../../server/src/lsp/completionContext';

/** `|` marks the cursor. */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  return completionPlace(textWithCursor.replace('|', ''), offset);
}

test('a key under nested mappings', () => {
  const p = at('apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      ser|');
  assert.equal(p.type, 'key');
  assert.deepEqual(p.path, ['spec', 'template', 'spec']);
  assert.equal(p.prefix, 'ser');
});

test('a key inside a sequence item, dashes indented', () => {
  const p = at('spec:\n  containers:\n    - name: web\n      ima|');
  assert.deepEqual(p.path, ['spec', 'containers', 0]);
});

test('a key inside a sequence item, dashes at the owner indentation', () => {
  const p = at('spec:\n  containers:\n  - name: web\n    ima|');
  assert.deepEqual(p.path, ['spec', 'containers', 0]);
});

test('a key starting a new sequence item', () => {
  const p = at('spec:\n  containers:\n  - |');
  assert.equal(p.type, 'key');
  assert.deepEqual(p.path, ['spec', 'containers', 0]);
});

test('a value after a key', () => {
  const p = at('spec:\n  containers:\n  - name: web\n    imagePullPolicy: If|');
  assert.equal(p.type, 'value');
  assert.deepEqual(p.path, ['spec', 'containers', 0, 'imagePullPolicy']);
  assert.equal(p.prefix, 'If');
});

test('root keys and values', () => {
  assert.deepEqual(at('kind: |'), { type: 'value', path: ['kind'], key: 'kind', prefix: '', replaceStart: 6 });
  const root = at('apiVersion: v1\nkind: Pod\n|');
  assert.equal(root.type, 'key');
  assert.deepEqual(root.path, []);
});

test('siblings and comments above do not confuse the path', () => {
  const p = at('metadata:\n  name: x\n  # a comment\n  labels:\n    app: x\n  annot|');
  assert.deepEqual(p.path, ['metadata']);
});

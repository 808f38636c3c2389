import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { EditError, opsToEdits } from '../../../server/src/rules/yamlEdits';
import type { EditOp } from '../../../server/src/rules/types';

function edit(text: string, ...ops: EditOp[]): string {
  const edits = opsToEdits(text, parseDocument(text), ops);
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

const set = (path: (string | number)[], value: unknown): EditOp => ({ op: 'set', path, value });
const del = (path: (string | number)[]): EditOp => ({ op: 'delete', path });

test('set replaces a scalar in place and keeps its comment', () => {
  assert.equal(edit('a:\n  b: 1 # keep\n', set(['a', 'b'], 2)), 'a:\n  b: 2 # keep\n');
  assert.equal(edit('a: "x"\n', set(['a'], 'true')), 'a: "true"\n');
});

test('set inserts missing keys at the end of a block mapping, at its indentation', () => {
  const text = 'spec:\n    # pod\n    containers: []\n    hostNetwork: true # no\nother: 1\n';
  assert.equal(
    edit(text, set(['spec', 'securityContext', 'runAsNonRoot'], true)),
    'spec:\n    # pod\n    containers: []\n    hostNetwork: true # no\n    securityContext:\n        runAsNonRoot: true\nother: 1\n',
  );
});

test('set inserts into a mapping inside a list item', () => {
  const text = 'containers:\n  - name: web # main\n    image: nginx\n  - name: side\n';
  assert.equal(
    edit(text, set(['containers', 0, 'securityContext', 'readOnlyRootFilesystem'], true)),
    'containers:\n  - name: web # main\n    image: nginx\n    securityContext:\n      readOnlyRootFilesystem: true\n  - name: side\n',
  );
  assert.equal(
    edit(text, set(['containers', 1, 'securityContext', 'allowPrivilegeEscalation'], false)),
    'containers:\n  - name: web # main\n    image: nginx\n  - name: side\n    securityContext:\n      allowPrivilegeEscalation: false\n',
  );
});

test('set after a nested block value goes after its last line', () => {
  const text = 'a:\n  list:\n  - x\n  - y # y\n  # about b\nb: 1\n';
  assert.equal(edit(text, set(['a', 'k'], 'v')), 'a:\n  list:\n  - x\n  - y # y\n  k: v\n  # about b\nb: 1\n');
});

test('set writes a `{}` or empty value as a block under its key, keeping a trailing comment', () => {
  assert.equal(edit('sc: {} # pod\nx: 1\n', set(['sc', 'runAsNonRoot'], true)), 'sc: # pod\n  runAsNonRoot: true\nx: 1\n');
  assert.equal(edit('sc:\nx: 1\n', set(['sc', 'a', 'b'], 1)), 'sc:\n  a:\n    b: 1\nx: 1\n');
  assert.equal(edit('sc: ~\n', set(['sc', 'a'], 1)), 'sc:\n  a: 1\n');
  assert.equal(edit('sc:   # c\n', set(['sc'], true)), 'sc: true # c\n');
});

test('set inserts into a flow mapping and a flow list', () => {
  assert.equal(edit('sc: {a: 1} # c\n', set(['sc', 'b', 'c'], 'RuntimeDefault')), 'sc: {a: 1, b: {c: RuntimeDefault}} # c\n');
  assert.equal(edit('drop: [NET_RAW] # c\n', set(['drop', 1], 'ALL')), 'drop: [NET_RAW, ALL] # c\n');
  assert.equal(edit('drop: []\n', set(['drop', 0], 'ALL')), 'drop: [ALL]\n');
  assert.equal(edit('x: {sc: {}}\n', set(['x', 'sc', 'a'], true)), 'x: {sc: {a: true}}\n');
});

test('set appends an item to a block list, in the list\'s own indentation', () => {
  assert.equal(edit('drop:\n- NET_RAW # c\nx: 1\n', set(['drop', 1], 'ALL')), 'drop:\n- NET_RAW # c\n- ALL\nx: 1\n');
  assert.equal(edit('a:\n  drop:\n    - NET_RAW\n', set(['a', 'drop', 1], 'ALL')), 'a:\n  drop:\n    - NET_RAW\n    - ALL\n');
  assert.equal(edit('l:\n  - name: a\n', set(['l', 1], { name: 'b', value: 'c' })), 'l:\n  - name: a\n  - name: b\n    value: c\n');
});

test('new lists follow the document\'s list indentation', () => {
  assert.equal(edit('a:\n  b: 1\nl:\n- x\n', set(['a', 'drop'], ['ALL'])), 'a:\n  b: 1\n  drop:\n  - ALL\nl:\n- x\n');
  assert.equal(edit('a:\n  b: 1\nl:\n  - x\n', set(['a', 'drop'], ['ALL'])), 'a:\n  b: 1\n  drop:\n    - ALL\nl:\n  - x\n');
});

test('delete removes a key line, a first key after a dash, and a list item', () => {
  assert.equal(edit('a:\n  b: 1 # gone\n  # stays\n  c: 2\n', del(['a', 'b'])), 'a:\n  # stays\n  c: 2\n');
  assert.equal(
    edit('ports:\n  - hostPort: 80 # x\n    containerPort: 80\n', del(['ports', 0, 'hostPort'])),
    'ports:\n  - containerPort: 80\n',
  );
  assert.equal(edit('add:\n  - SYS_ADMIN # bad\n  - CHOWN\n', del(['add', 0])), 'add:\n  - CHOWN\n');
  assert.equal(edit('a:\n  b:\n    c: 1\n  d: 2\n', del(['a', 'b'])), 'a:\n  d: 2\n');
});

test('deleting the only entry leaves an empty collection', () => {
  assert.equal(edit('sc:\n  procMount: Unmasked\nx: 1\n', del(['sc', 'procMount'])), 'sc: {}\nx: 1\n');
  assert.equal(edit('add:\n- SYS_ADMIN\n', del(['add', 0])), 'add: []\n');
  assert.equal(edit('ports:\n  - hostPort: 80\n', del(['ports', 0, 'hostPort'])), 'ports:\n  - {}\n');
});

test('delete in flow collections removes one comma', () => {
  assert.equal(edit('a: {b: 1, c: 2}\n', del(['a', 'b'])), 'a: {c: 2}\n');
  assert.equal(edit('a: {b: 1, c: 2}\n', del(['a', 'c'])), 'a: {b: 1}\n');
  assert.equal(edit('add: [SYS_ADMIN, CHOWN]\n', del(['add', 1])), 'add: [SYS_ADMIN]\n');
});

test('several ops on the same mapping become one edit', () => {
  const text = 'sc:\n  a: 1 # c\n';
  const edits = opsToEdits(text, parseDocument(text), [set(['sc', 'b'], true), set(['sc', 'c'], false)]);
  assert.equal(edits.length, 1);
  assert.equal(edit(text, set(['sc', 'b'], true), set(['sc', 'c'], false)), 'sc:\n  a: 1 # c\n  b: true\n  c: false\n');
  assert.equal(edit(text, del(['sc', 'a']), set(['sc', 'b'], 1)), 'sc:\n  b: 1\n');
});

test('appendDocument adds a document after the last one', () => {
  assert.equal(edit('a: 1', { op: 'appendDocument', text: 'b: 2' }), 'a: 1\n---\nb: 2\n');
});

test('CRLF files keep CRLF', () => {
  assert.equal(edit('a:\r\n  b: 1\r\n', set(['a', 'c'], 2)), 'a:\r\n  b: 1\r\n  c: 2\r\n');
});

test('edits that cannot be made cleanly throw instead of producing wrong YAML', () => {
  assert.throws(() => edit('a: 1\n', set(['a', 'b'], 1)), EditError);
  assert.throws(() => edit('a: 1\n', del(['b'])), EditError);
  assert.throws(() => edit('l: [1]\n', set(['l', 5], 2)), EditError);
});

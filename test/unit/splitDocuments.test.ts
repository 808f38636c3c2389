import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitDocuments } from '../../server/src/parse/splitDocuments';

test('splits on document markers and keeps offsets exact', () => {
  const text = 'a: 1\n---\nb: 2\n--- # comment\nc: 3\n';
  const chunks = splitDocuments(text);
  assert.deepEqual(chunks.map((c) => c.text), ['a: 1\n', '---\nb: 2\n', '--- # comment\nc: 3\n']);
  for (const c of chunks) assert.equal(text.slice(c.start, c.start + c.text.length), c.text);
});

test('leading comments belong to the first document', () => {
  const chunks = splitDocuments('# header\n---\na: 1\n');
  assert.equal(chunks.length, 1);
  assert.equal(chunks[0].start, 0);
});

test('a document end marker closes the chunk', () => {
  const chunks = splitDocuments('a: 1\n...\nb: 2\n');
  assert.deepEqual(chunks.map((c) => c.text), ['a: 1\n...\n', 'b: 2\n']);
});

test('dashes that are not markers do not split', () => {
  const text = 'a: |\n  ---\n  text\nb: ---x\n----\n';
  assert.equal(splitDocuments(text).length, 1);
});

test('empty text is one empty chunk', () => {
  assert.deepEqual(splitDocuments(''), [{ start: 0, text: '' }]);
});

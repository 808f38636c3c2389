// Structural fix operations → minimal text edits that keep comments, quoting and indentation.
import { isMap, isNode, isPair, isSeq, stringify, type Document, type Node, type Pair } from 'yaml';
import type { TextEdit } from '../engine/finding';
import { resolvePath } from '../parse/yamlPath';
import type { EditOp } from './types';

export class EditError extends Error {}

/** Applies the ops in order to compute edits against the original text (ops must not overlap). */
export function opsToEdits(text: string, doc: Document, ops: EditOp[]): TextEdit[] {
  return ops.map((op) => {
    switch (op.op) {
      case 'appendDocument':
        return appendDocument(text, op.text);
      case 'delete':
        return deletePath(text, doc, op.path);
      case 'set':
        return setPath(text, doc, op.path, op.value);
    }
  });
}

function appendDocument(text: string, docText: string): TextEdit {
  const sep = text.endsWith('\n') ? '' : '\n';
  return { start: text.length, end: text.length, newText: `${sep}---\n${docText.endsWith('\n') ? docText : `${docText}\n`}` };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndIncl(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

function deletePath(text: string, doc: Document, path: (string | number)[]): TextEdit {
  const { target, matched } = resolvePath(doc, path);
  if (matched !== path.length) throw new EditError(`nothing at ${path.join('.')}`);
  const parentPath = path.slice(0, -1);
  const parent = resolvePath(doc, parentPath).target.node;
  const node: Node | Pair | undefined = target.pair ?? target.node;
  const range = rangeOf(node);
  if (!range) throw new EditError('no range');
  if ((isMap(parent) || isSeq(parent)) && parent.flow) {
    // `{ a: 1, b: 2 }`: remove the entry and one neighbouring comma.
    let end = range[1];
    const after = /^\s*,\s*/.exec(text.slice(end));
    if (after) end += after[0].length;
    return { start: range[0], end, newText: '' };
  }
  const start = lineStart(text, range[0]);
  if (text.slice(start, range[0]).trim() !== '' && !/^\s*-\s*$/.test(text.slice(start, range[0]))) {
    throw new EditError('entry does not start its line');
  }
  return { start, end: lineEndIncl(text, Math.max(range[0], range[1] - 1)), newText: '' };
}

function rangeOf(node: unknown): [number, number] | undefined {
  if (isPair(node)) {
    const k = isNode(node.key) ? node.key.range : undefined;
    const v = isNode(node.value) ? node.value.range : undefined;
    if (!k) return undefined;
    return [k[0], v ? v[1] : k[1]];
  }
  if (isNode(node) && node.range) return [node.range[0], node.range[1]];
  return undefined;
}

function setPath(text: string, doc: Document, path: (string | number)[], value: unknown): TextEdit {
  const { target, matched } = resolvePath(doc, path);
  if (matched === path.length && target.node && isScalarLike(value)) {
    const r = target.node.range;
    if (!r) throw new EditError('no range');
    return { start: r[0], end: r[1], newText: inlineYaml(value) };
  }
  // Insert the missing part under the deepest existing mapping, as a block at its children's indentation.
  const owner = resolvePath(doc, path.slice(0, matched)).target;
  const map = owner.node;
  if (!isMap(map) || map.flow) throw new EditError('can only insert into a block mapping');
  const rest = path.slice(matched);
  if (rest.some((p) => typeof p === 'number')) throw new EditError('cannot create list items');
  const tree = rest.reduceRight<unknown>((acc, key) => ({ [key]: acc }), value);
  const first = map.items[0];
  const keyOffset = isNode(first?.key) && first.key.range ? first.key.range[0] : undefined;
  if (keyOffset === undefined) throw new EditError('empty mapping');
  const indent = keyOffset - lineStart(text, keyOffset);
  const last = map.items[map.items.length - 1];
  const lastRange = rangeOf(last);
  if (!lastRange) throw new EditError('no range');
  const insertAt = lineEndIncl(text, Math.max(lastRange[0], lastRange[1] - 1));
  const block = stringify(tree, { indent: 2, lineWidth: 0 })
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => ' '.repeat(indent) + l)
    .join('\n');
  const needsNewline = insertAt > 0 && text[insertAt - 1] !== '\n';
  return { start: insertAt, end: insertAt, newText: `${needsNewline ? '\n' : ''}${block}\n` };
}

function isScalarLike(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function inlineYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

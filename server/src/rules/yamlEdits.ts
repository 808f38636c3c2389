// Structural fix operations → minimal text edits that keep comments, quoting and indentation.
// Edits other than plain ones are checked by re-parsing (the result must hold exactly the intended data, else
// EditError and no fix); plain ones skip it, as fixes are computed for every finding on every keystroke.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isNode, isPair, isScalar, isSeq, parseDocument, stringify, visit, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../parse/finding';
import { resolvePath, type YamlPath } from '../parse/yamlPath';
import type { EditOp } from './types';

export class EditError extends Error {}

type Obj = Record<string, unknown>;
type Collection = YAMLMap | YAMLSeq;
interface Style { unit: number; indentSeq: boolean; eol: string }
/** `plain`: an edit shape that cannot change anything but its target, so it needs no re-parse. */
type Edit = TextEdit & { plain?: boolean };

/**
 * Edits for the ops, against the original text. `set` on a missing path creates the missing mappings; `set` at
 * index `list.length` appends a list item; `delete` removes a key or a list item.
 */
export function opsToEdits(text: string, doc: Document, ops: EditOp[]): TextEdit[] {
  const structural = ops.filter((op) => op.op !== 'appendDocument');
  const appended = ops.flatMap((op) => (op.op === 'appendDocument' ? [typeof op.text === 'function' ? op.text() : op.text] : []));
  let edits: TextEdit[] = [];
  if (structural.length === 1) {
    edits = [checkedEdit(text, doc, structural[0])];
  } else if (structural.length > 1) {
    // Later ops see the earlier ones' result; the union becomes one edit over the changed region.
    let current = text;
    let currentDoc = doc;
    for (const op of structural) {
      current = applyEdit(current, checkedEdit(current, currentDoc, op));
      currentDoc = parseDocument(current, { uniqueKeys: true, logLevel: 'error' });
    }
    edits = [diffEdit(text, current)];
  }
  for (const docText of appended) {
    const sep = text.endsWith('\n') ? '' : '\n';
    const newText = `${sep}---\n${docText.endsWith('\n') ? docText : `${docText}\n`}`;
    const last = edits[edits.length - 1];
    if (last && last.end === text.length) last.newText += newText;
    else edits.push({ start: text.length, end: text.length, newText });
  }
  return edits;
}

function checkedEdit(text: string, doc: Document, op: Exclude<EditOp, { op: 'appendDocument' }>): TextEdit {
  const { plain, ...edit }: Edit = op.op === 'set' ? setPath(text, doc, op.path, op.value) : deletePath(text, doc, op.path);
  if (plain) return edit;
  const after = parseDocument(applyEdit(text, edit), { uniqueKeys: true, logLevel: 'error' });
  if (after.errors.length > 0) throw new EditError(`the edit would break the YAML: ${after.errors[0].message}`);
  const expected = structuredClone(doc.toJS()) as unknown;
  if (op.op === 'set') setJs(expected, op.path, op.value);
  else deleteJs(expected, op.path);
  if (!isDeepStrictEqual(after.toJS(), expected)) throw new EditError(`the edit would not produce the intended data at ${op.path.join('.')}`);
  return edit;
}

const applyEdit = (text: string, e: Edit): string => text.slice(0, e.start) + e.newText + text.slice(e.end);

function diffEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, end: before.length - tail, newText: after.slice(start, after.length - tail) };
}

// ---- set ----

function setPath(text: string, doc: Document, path: YamlPath, value: unknown): Edit {
  const style = detectStyle(text, doc);
  const { matched } = resolvePath(doc, path);
  if (matched === path.length) return replaceValue(text, doc, path, value, style);
  const owner = resolvePath(doc, path.slice(0, matched)).target.node;
  const rest = path.slice(matched);
  if (isScalar(owner) && owner.value === null) return replaceValue(text, doc, path.slice(0, matched), build(rest, value), style);
  if (isMap(owner)) {
    if (typeof rest[0] === 'number') throw new EditError('a list index under a mapping');
    const entry = { [rest[0]]: build(rest.slice(1), value) };
    if (owner.items.length === 0) return replaceValue(text, doc, path.slice(0, matched), entry, style);
    if (owner.flow) return insertIntoFlow(owner, flowText(entry).slice(1, -1));
    return insertIntoBlockMap(text, owner, entry, style);
  }
  if (isSeq(owner)) {
    if (rest[0] !== owner.items.length) throw new EditError('only appending to a list is supported');
    const item = build(rest.slice(1), value);
    if (owner.items.length === 0) return replaceValue(text, doc, path.slice(0, matched), [item], style);
    if (owner.flow) return insertIntoFlow(owner, flowText(item));
    return appendToBlockSeq(text, owner, item, style);
  }
  throw new EditError(`cannot insert under ${path.slice(0, matched).join('.') || 'the document'}`);
}

/** The value made of the missing steps: `['a', 'b']`, v → `{a: {b: v}}`; a numeric step makes a one-item list. */
function build(rest: YamlPath, value: unknown): unknown {
  return rest.reduceRight<unknown>((acc, step) => (typeof step === 'number' ? [acc] : { [step]: acc }), value);
}

/** Replaces the value node at `path` (which exists), as a block under its key when it is a non-empty collection. */
function replaceValue(text: string, doc: Document, path: YamlPath, value: unknown, style: Style): Edit {
  const { target } = resolvePath(doc, path);
  const node = target.node;
  const parent = resolvePath(doc, path.slice(0, -1)).target.node;
  const inFlow = (isMap(parent) || isSeq(parent)) && parent.flow;
  const nonEmpty = typeof value === 'object' && value !== null && Object.keys(value).length > 0;
  // `{}` opens into a block; a written flow mapping and any flow list (`[]` too) stay flow.
  const staysFlow = (isSeq(node) && node.flow) || (isMap(node) && node.flow && node.items.length > 0);
  const block = nonEmpty && !inFlow && !staysFlow;
  if (!block) {
    const r = node?.range;
    if (!r) throw new EditError(`nothing to replace at ${path.join('.')}`);
    const blockColl = isCollection(node) && !node.flow;
    const end = blockColl ? contentEnd(text, r[0], r[1]) : r[1];
    if (target.pair && isNode(target.pair.key) && target.pair.key.range && (blockColl || r[0] === r[1])) {
      // `key:` with an empty or block value: write the new value right after the colon.
      const colon = text.indexOf(':', target.pair.key.range[1]);
      return { start: colon + 1, end, newText: ` ${flowText(value)}${text[end] === '#' ? ' ' : ''}` };
    }
    const scalarSwap = isScalar(node) && ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'].includes(String(node.type)) && !isCollection(value);
    return { start: r[0], end, newText: flowText(value), plain: scalarSwap && typeof value !== 'object' };
  }
  if (!target.pair || !isNode(target.pair.key) || !target.pair.key.range) {
    if (!isSeq(parent) || !node?.range) throw new EditError('no key to write a block under');
    // A list item: `- {}` becomes `- a: 1` with the following keys aligned after the dash.
    const col = node.range[0] - lineStart(text, node.range[0]);
    const lines = renderBlock(value, style).map((l, i) => (i === 0 ? l : ' '.repeat(col) + l));
    const end = isCollection(node) && !node.flow ? contentEnd(text, node.range[0], node.range[1]) : node.range[1];
    return { start: node.range[0], end, newText: lines.join(style.eol) };
  }
  const keyStart = target.pair.key.range[0];
  const colon = text.indexOf(':', target.pair.key.range[1]);
  const keyCol = keyStart - lineStart(text, keyStart);
  const childCol = keyCol + (Array.isArray(value) && !style.indentSeq ? 0 : style.unit);
  const lines = renderBlock(value, style).map((l) => ' '.repeat(childCol) + l);
  const r = node?.range ?? [colon + 1, colon + 1];
  // Keep a comment that follows the old value on the key's line.
  const valueEnd = isCollection(node) && !node.flow ? contentEnd(text, r[0], r[1]) : r[1];
  const lineEnd = lineEndExcl(text, valueEnd);
  const trailing = text.slice(valueEnd, lineEnd).trim();
  const comment = trailing.startsWith('#') ? ` ${trailing}` : '';
  return { start: colon + 1, end: lineEnd, newText: `${comment}${style.eol}${lines.join(style.eol)}` };
}

function insertIntoBlockMap(text: string, map: YAMLMap, entry: Obj, style: Style): Edit {
  const first = map.items[0];
  const keyStart = isNode(first.key) && first.key.range ? first.key.range[0] : undefined;
  if (keyStart === undefined) throw new EditError('a mapping without key positions');
  const col = keyStart - lineStart(text, keyStart);
  return insertLinesAfter(text, map.items[map.items.length - 1], renderBlock(entry, style).map((l) => ' '.repeat(col) + l), style);
}

function appendToBlockSeq(text: string, seq: YAMLSeq, item: unknown, style: Style): Edit {
  const first = seq.items[0];
  if (!isNode(first) || !first.range) throw new EditError('a list without item positions');
  const dash = text.lastIndexOf('-', first.range[0] - 1);
  const col = dash - lineStart(text, dash);
  const lines = renderBlock([item], style).map((l) => ' '.repeat(col) + l);
  return insertLinesAfter(text, seq.items[seq.items.length - 1], lines, style);
}

function insertLinesAfter(text: string, last: unknown, lines: string[], style: Style): Edit {
  const r = rangeOf(last);
  if (!r) throw new EditError('no position for the last entry');
  const at = lineEndIncl(text, Math.max(r[0], r[1] - 1));
  const lead = at > 0 && text[at - 1] !== '\n' ? style.eol : '';
  return { start: at, end: at, newText: `${lead}${lines.join(style.eol)}${style.eol}`, plain: true };
}

/** `{a: 1}` + `b: 2` → `{a: 1, b: 2}`; `[x]` + `y` → `[x, y]`. */
function insertIntoFlow(coll: Collection, entryText: string): Edit {
  const r = rangeOf(coll.items[coll.items.length - 1]);
  if (!r) throw new EditError('no position for the last entry');
  return { start: r[1], end: r[1], newText: `, ${entryText}` };
}

// ---- delete ----

function deletePath(text: string, doc: Document, path: YamlPath): Edit {
  const { target, matched } = resolvePath(doc, path);
  if (matched !== path.length || path.length === 0) throw new EditError(`nothing at ${path.join('.')}`);
  const parent = resolvePath(doc, path.slice(0, -1)).target.node;
  if (!isCollection(parent)) throw new EditError('no parent collection');
  const entry: unknown = isMap(parent) ? target.pair : target.node;
  const range = rangeOf(entry);
  if (!range) throw new EditError('no range');
  if (parent.flow) {
    // `{ a: 1, b: 2 }`: remove the entry and one neighbouring comma.
    const after = /^\s*,\s*/.exec(text.slice(range[1]));
    if (after) return { start: range[0], end: range[1] + after[0].length, newText: '' };
    const before = /,\s*$/.exec(text.slice(0, range[0]));
    return { start: before ? range[0] - before[0].length : range[0], end: range[1], newText: '' };
  }
  if (parent.items.length === 1) {
    // Removing the only entry leaves an empty collection, written `{}` / `[]` rather than null.
    return replaceValue(text, doc, path.slice(0, -1), isMap(parent) ? {} : [], detectStyle(text, doc));
  }
  const start = lineStart(text, range[0]);
  const prefix = text.slice(start, range[0]);
  const end = lineEndIncl(text, Math.max(range[0], range[1] - 1));
  if (/^\s*$/.test(prefix) || (isSeq(parent) && /^\s*-\s*$/.test(prefix))) return { start, end, newText: '', plain: true };
  if (isMap(parent) && parent.items[0] === entry && /^[\s-]*$/.test(prefix)) {
    // `- a: 1` followed by `  b: 2`: pull the next key up after the dash.
    const next = rangeOf(parent.items[1]);
    if (next) return { start: range[0], end: next[0], newText: '' };
  }
  throw new EditError('the entry does not start its line');
}

// ---- text helpers ----

const isCollection = (node: unknown): node is Collection => isMap(node) || isSeq(node);

function rangeOf(node: unknown): [number, number] | undefined {
  if (isPair(node)) {
    const k = isNode(node.key) ? node.key.range : undefined;
    const v = isNode(node.value) ? node.value.range : undefined;
    if (!k) return undefined;
    return [k[0], v && v[1] > k[1] ? v[1] : k[1]];
  }
  if (isNode(node) && node.range) return [node.range[0], node.range[1]];
  return undefined;
}

/** End of a block collection's own text: before its trailing newline and comments. */
const contentEnd = (text: string, start: number, end: number): number => start + text.slice(start, end).replace(/\s+$/, '').length;

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;

const lineEndIncl = (text: string, offset: number): number => (text.indexOf('\n', offset) + 1 || text.length);

function lineEndExcl(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  const end = i < 0 ? text.length : i;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** Block YAML lines without the outer indentation, in the document's style. */
function renderBlock(value: unknown, style: Style): string[] {
  return stringify(value, { indent: style.unit, indentSeq: style.indentSeq, lineWidth: 0 })
    .split('\n')
    .filter((l) => l.length > 0);
}

function flowText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${flowText(k)}: ${flowText(v)}`).join(', ')}}`;
  }
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** The document's indentation step and whether lists under a key are indented, from its first examples. */
function detectStyle(text: string, doc: Document): Style {
  let unit: number | undefined;
  let indentSeq: boolean | undefined;
  visit(doc, {
    Pair(_k, pair) {
      const key = isNode(pair.key) ? pair.key.range : undefined;
      const value = pair.value as Node | null;
      if (!key || !isCollection(value) || value.flow || !value.range || value.items.length === 0) return undefined;
      const keyCol = key[0] - lineStart(text, key[0]);
      const firstStart = rangeOf(value.items[0])?.[0];
      if (firstStart === undefined) return undefined;
      if (isMap(value) && unit === undefined && lineStart(text, firstStart) !== lineStart(text, key[0])) {
        unit = firstStart - lineStart(text, firstStart) - keyCol;
      }
      if (isSeq(value) && indentSeq === undefined) indentSeq = text.lastIndexOf('-', firstStart - 1) - lineStart(text, firstStart) > keyCol;
      return unit !== undefined && indentSeq !== undefined ? visit.BREAK : undefined;
    },
  });
  return { unit: unit && unit > 0 ? unit : 2, indentSeq: indentSeq ?? true, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

// ---- the intended data, for checking ----

function setJs(root: unknown, path: YamlPath, value: unknown): void {
  let cur = root as Obj | unknown[];
  path.forEach((step, i) => {
    const last = i === path.length - 1;
    const container = cur as Record<string | number, unknown>;
    if (last) container[step] = value;
    else {
      const next = container[step];
      if (typeof next !== 'object' || next === null) container[step] = typeof path[i + 1] === 'number' ? [] : {};
      cur = container[step] as Obj;
    }
  });
}

function deleteJs(root: unknown, path: YamlPath): void {
  let parent = root as Obj | unknown[];
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step] as Obj;
  const step = path[path.length - 1];
  if (Array.isArray(parent) && typeof step === 'number') parent.splice(step, 1);
  else delete (parent as Obj)[String(step)];
}

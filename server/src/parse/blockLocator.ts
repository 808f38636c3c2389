// Finds where a path lies in block-style YAML by reading lines and indentation, without building a syntax tree.
// Nearly every manifest document with a finding is plain block YAML; building the `yaml` tree for each of them
// only to turn a few paths into ranges cost more than all the rules together. Anything this reader is not sure
// about (flow collections over several lines or with quotes — one-line ones are read by flowLine.ts —, tags,
// anchors, complex keys, tabs, a byte-order mark, multi-line quoted scalars, keys that are not plain strings) makes
// it answer `undefined`, and the caller asks the syntax tree instead. It answers
// exactly what `locate` (rules/runRules.ts) answers from the tree; a test holds the two together over the corpus.
import type { YamlPath } from './yamlPath';
import { couldNameNonStringKey, FlowReader, flowEntry, isSpace, readsAsNonString, Unsure, unsure, type FlowNode } from './flowLine';

interface Line {
  /** Offset of the first character. */
  start: number;
  /** Offset of the first non-space character (or `end` when blank). */
  content: number;
  /** Offset of the line end, before `\r\n` / `\n`. */
  end: number;
  /** Column of `content`. */
  indent: number;
  /** A line holding only spaces and/or a comment. */
  skip: boolean;
}

/** A node found on some line: a block mapping or sequence whose entries sit at `column`, or a scalar. */
type Found =
  | { kind: 'map'; column: number; line: number; first: number }
  | { kind: 'seq'; column: number; line: number }
  | { kind: 'scalar'; range: [number, number]; multiline: boolean }
  | FlowNode
  | { kind: 'empty' };

interface Entry {
  keyRange: [number, number];
  /** Read only when the path goes on: a value the reader cannot tell does not matter for the key's range. */
  value: () => Found;
}


interface KeyInfo {
  name: string;
  range: [number, number];
  colon: number;
  /** A plain key the core schema reads as a number, boolean or null. */
  notString: boolean;
}

/** Per document: its lines, and the keys read so far by offset (null: no key there; 'unsure'). */
const linesCache = new WeakMap<object, { lines: Line[]; keys: Map<number, KeyInfo | null | 'unsure'> } | null>();

/** Range `locate` gives for `path`, or undefined when only the syntax tree can tell. */
export function locateInBlockYaml(owner: object, text: string, path: YamlPath): [number, number] | undefined {
  let cached = linesCache.get(owner);
  if (cached === undefined) {
    const lines = splitLines(text);
    cached = lines && { lines, keys: new Map() };
    linesCache.set(owner, cached);
  }
  if (!cached) return undefined;
  try {
    return new Reader(text, cached.lines, cached.keys).locate(path);
  } catch (err) {
    if (err instanceof Unsure) return undefined;
    throw err;
  }
}

/** The lines of a document, or null when its shape is outside what the reader handles. */
function splitLines(text: string): Line[] | null {
  // Tabs (YAML allows them as separators after `-` and `:`) and a byte-order mark are left to the tree.
  if (text.includes('\t') || text.charCodeAt(0) === 0xfeff) return null;
  const lines: Line[] = [];
  const hasCarriageReturn = text.includes('\r');
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let content = start;
    while (content < end && text.charCodeAt(content) === 32) content++;
    // A lone carriage return is not worth the risk.
    if (hasCarriageReturn) {
      const cr = text.indexOf('\r', start);
      if (cr >= 0 && cr < end) return null;
    }
    const blank = content === end;
    lines.push({ start, content, end, indent: content - start, skip: blank || text.charCodeAt(content) === 35 });
    if (nl === text.length) break;
    start = nl + 1;
  }
  return lines;
}

class Reader {
  constructor(
    private readonly text: string,
    private readonly lines: Line[],
    private readonly keys: Map<number, KeyInfo | null | 'unsure'>,
  ) {}

  locate(path: YamlPath): [number, number] {
    const root = this.root();
    if (root.kind !== 'map') unsure();
    let node: Found = root;
    let lastKey: [number, number] | undefined;
    for (let s = 0; s < path.length; s++) {
      const step = path[s];
      if (node.kind === 'flowMap') {
        const entry = flowEntry(node, String(step));
        if (!entry) break;
        lastKey = entry.keyRange;
        if (s === path.length - 1) break;
        node = entry.value;
      } else if (node.kind === 'flowSeq' && typeof step === 'number') {
        const item = node.items[step];
        if (!item) break;
        lastKey = undefined;
        node = item;
      } else if (node.kind === 'map') {
        const entry = this.entry(node, String(step));
        if (!entry) break;
        lastKey = entry.keyRange;
        // The walk ends on this key (the last step, or a value it cannot enter): its range is the answer.
        if (s === path.length - 1) break;
        node = entry.value();
      } else if (node.kind === 'seq' && typeof step === 'number') {
        const item = this.item(node, step);
        if (!item) break;
        lastKey = undefined;
        node = item;
      } else {
        break;
      }
    }
    // As `locate`: the key when the walk ended on a mapping entry.
    if (lastKey) return lastKey;
    if (node.kind === 'map') return this.firstEntryRange(node);
    if (node.kind === 'scalar' && !node.multiline) return node.range;
    if (node.kind === 'flowMap') {
      const first = node.entries[0];
      if (!first) return node.range;
      return first.value.kind === 'scalar' || first.value.kind === 'flowMap' || first.value.kind === 'flowSeq' ? [first.keyRange[0], first.value.range[1]] : unsure();
    }
    if (node.kind === 'flowSeq') return node.range;
    return unsure();
  }

  /** The top-level mapping, after any `---` line, comments and blank lines. */
  private root(): Found {
    let i = 0;
    for (; i < this.lines.length; i++) {
      const l = this.lines[i];
      if (l.skip) continue;
      const rest = this.text.slice(l.content, l.end);
      if (/^---(\s|$)/.test(rest) && l.indent === 0) {
        // `--- ` followed by content on the same line is left to the tree.
        if (!/^---\s*(#.*)?$/.test(rest)) unsure();
        continue;
      }
      if (rest.startsWith('%') || rest.startsWith('...')) unsure();
      break;
    }
    if (i >= this.lines.length) unsure();
    const l = this.lines[i];
    return this.blockAt(i, l.content);
  }

  /** What starts at `offset` on line `i`: a mapping (a key there), a sequence (a dash there) or unsure. */
  private blockAt(i: number, offset: number): Found {
    const l = this.lines[i];
    const column = offset - l.start;
    if (this.isDash(offset, l.end)) return { kind: 'seq', column, line: i };
    if (this.key(offset, l.end, true)) return { kind: 'map', column, line: i, first: offset };
    return unsure();
  }

  private isDash(offset: number, end: number): boolean {
    return this.text.charCodeAt(offset) === 45 && (offset + 1 === end || this.text.charCodeAt(offset + 1) === 32);
  }

  /** The entry of `key` in a block mapping, or undefined when the mapping has no such key. */
  private entry(map: Extract<Found, { kind: 'map' }>, key: string): Entry | undefined {
    let found: Entry | undefined;
    // A key the core schema reads as a number, boolean or null matches by its value's string ('0x10' is '16'):
    // only a searched key that could be such a string needs the tree.
    const plainName = !couldNameNonStringKey(key);
    this.eachEntryLine(map, (offset, i) => {
      const k = this.key(offset, this.lines[i].end, plainName) ?? unsure();
      if (k.name !== key) return true;
      found = { keyRange: k.range, value: () => this.valueAfter(i, k.colon, map.column) };
      return false;
    });
    return found;
  }

  /** Calls `visit` with the offset of each entry of a mapping (the first may follow a `- `) until it returns false. */
  private eachEntryLine(map: Extract<Found, { kind: 'map' }>, visit: (offset: number, line: number) => boolean): void {
    if (!visit(map.first, map.line)) return;
    for (let i = map.line + 1; i < this.lines.length; i++) {
      const l = this.lines[i];
      if (l.skip || l.indent > map.column) continue;
      if (l.indent < map.column) return;
      if (this.isDash(l.content, l.end)) {
        // A sequence at the key's own column is the value of the key above; a mapping never continues after it
        // unless with a key line at this column, which the loop reaches next.
        continue;
      }
      if (l.indent === 0 && /^(---|\.\.\.)(\s|$)/.test(this.text.slice(l.content, l.end))) return;
      if (!visit(l.content, i)) return;
    }
  }

  /** Item `n` of a block sequence. */
  private item(seq: Extract<Found, { kind: 'seq' }>, n: number): Found | undefined {
    let count = 0;
    for (let i = seq.line; i < this.lines.length; i++) {
      const l = this.lines[i];
      if (l.skip || l.indent > seq.column) continue;
      if (l.indent < seq.column || !this.isDash(l.content, l.end)) return undefined;
      if (count++ < n) continue;
      let offset = l.content + 1;
      while (offset < l.end && this.text.charCodeAt(offset) === 32) offset++;
      if (offset === l.end || this.text.charCodeAt(offset) === 35) {
        // `-` alone: the item is on the lines below (or is null).
        const next = this.nextContent(i);
        if (next === undefined || this.lines[next].indent <= seq.column) return unsure();
        return this.blockAt(next, this.lines[next].content);
      }
      if (this.isDash(offset, l.end)) return unsure();
      if (this.key(offset, l.end, true)) return { kind: 'map', column: offset - l.start, line: i, first: offset };
      return this.inlineScalar(i, offset, seq.column);
    }
    return undefined;
  }

  /** The value after a key's colon on line `i`; `column` is the mapping's. */
  private valueAfter(i: number, colon: number, column: number): Found {
    const l = this.lines[i];
    let offset = colon + 1;
    while (offset < l.end && this.text.charCodeAt(offset) === 32) offset++;
    if (offset < l.end && this.text.charCodeAt(offset) !== 35) return this.inlineScalar(i, offset, column);
    const next = this.nextContent(i);
    if (next === undefined) return { kind: 'empty' };
    const n = this.lines[next];
    if (n.indent > column) return this.blockAt(next, n.content);
    if (n.indent === column && this.isDash(n.content, n.end)) return { kind: 'seq', column, line: next };
    return { kind: 'empty' };
  }

  /** A scalar starting at `offset` on line `i` (flow collections, tags, anchors and block scalars: unsure). */
  private inlineScalar(i: number, offset: number, column: number): Found {
    const l = this.lines[i];
    const c = this.text[offset];
    if (c === '{' || c === '[') {
      const flow = new FlowReader(this.text, offset, l.end).collection();
      if (!/^\s*(#.*)?$/.test(this.text.slice(flow.range[1], l.end))) unsure();
      // A flow collection that goes on below is the tree's business.
      const next = this.nextContent(i);
      if (next !== undefined && this.lines[next].indent > column) unsure();
      return flow;
    }
    if ('!&*|>%@`?'.includes(c)) return unsure();
    let end: number;
    if (c === '"' || c === "'") {
      end = this.closingQuote(offset, l.end) ?? unsure();
      const after = this.text.slice(end, l.end);
      if (!/^\s*(#.*)?$/.test(after)) unsure();
    } else {
      const comment = this.text.slice(offset, l.end).search(/\s#/);
      end = comment < 0 ? l.end : offset + comment;
      while (end > offset && isSpace(this.text.charCodeAt(end - 1))) end--;
    }
    // A plain scalar continues on more-indented lines below it.
    const next = this.nextContent(i);
    const multiline = next !== undefined && this.lines[next].indent > column && c !== '"' && c !== "'";
    return { kind: 'scalar', range: [offset, end], multiline };
  }

  private closingQuote(open: number, end: number): number | undefined {
    const q = this.text[open];
    for (let p = open + 1; p < end; p++) {
      const ch = this.text[p];
      if (q === '"' && ch === '\\') return undefined;
      if (ch === q) {
        if (q === "'" && this.text[p + 1] === "'") {
          p++;
          continue;
        }
        return p + 1;
      }
    }
    return undefined;
  }

  /** A plain or quoted string key at `offset`, up to its `:`; undefined when the line holds no key. */
  private key(offset: number, end: number, lenient = false): KeyInfo | undefined {
    let k = this.keys.get(offset);
    if (k === undefined) {
      try {
        k = this.readKey(offset, end) ?? null;
      } catch (err) {
        if (!(err instanceof Unsure)) throw err;
        k = 'unsure';
      }
      this.keys.set(offset, k);
    }
    if (k === 'unsure' || (k?.notString && !lenient)) return unsure();
    return k ?? undefined;
  }

  private readKey(offset: number, end: number): KeyInfo | undefined {
    const c = this.text[offset];
    if (c === '"' || c === "'") {
      const close = this.closingQuote(offset, end);
      if (close === undefined) return unsure();
      let colon = close;
      while (colon < end && this.text.charCodeAt(colon) === 32) colon++;
      if (this.text[colon] !== ':' || !(colon + 1 === end || this.text.charCodeAt(colon + 1) === 32)) return undefined;
      const inner = this.text.slice(offset + 1, close - 1);
      return { name: c === "'" ? inner.replace(/''/g, "'") : inner, range: [offset, close], colon, notString: false };
    }
    if ('{[!&*|>%@`?#-'.includes(c)) return this.isDash(offset, end) ? undefined : c === '-' ? this.plainKey(offset, end) : unsure();
    return this.plainKey(offset, end);
  }

  /** A key that is not a plain string gets a name no searched key can have (see `key`'s `lenient`). */
  private plainKey(offset: number, end: number): KeyInfo | undefined {
    const line = this.text.slice(offset, end);
    const m = /:( |$)/.exec(line);
    if (!m) return undefined;
    if (/\s#/.test(line.slice(0, m.index))) return undefined;
    let keyEnd = offset + m.index;
    while (keyEnd > offset && isSpace(this.text.charCodeAt(keyEnd - 1))) keyEnd--;
    const name = this.text.slice(offset, keyEnd);
    // Keys the core schema reads as numbers, booleans or null compare by their value: the tree knows.
    const notString = readsAsNonString(name);
    return { name: notString ? '\0' : name, range: [offset, keyEnd], colon: offset + m.index, notString };
  }

  /** The range `locate` gives a mapping that is reached without a key: its first entry's line. */
  private firstEntryRange(map: Extract<Found, { kind: 'map' }>): [number, number] {
    const l = this.lines[map.line];
    const k = this.key(map.first, l.end, true) ?? unsure();
    const value = this.valueAfter(map.line, k.colon, map.column);
    if (value.kind === 'scalar' && !value.multiline) return [k.range[0], value.range[1]];
    if (value.kind === 'flowMap' || value.kind === 'flowSeq') return [k.range[0], value.range[1]];
    if (value.kind === 'map' || value.kind === 'seq') return k.range;
    return unsure();
  }

  private nextContent(i: number): number | undefined {
    for (let j = i + 1; j < this.lines.length; j++) if (!this.lines[j].skip) return j;
    return undefined;
  }
}

// One-line flow collections (`resources: { limits: { memory: 1Gi } }`) for the block locator (blockLocator.ts):
// plain scalars in nested `{ }` and `[ ]` on a single line. Anything else makes it give up (`Unsure`), and the
// locator asks the `yaml` syntax tree instead.

/** Thrown where the readers cannot be sure; the caller then asks the syntax tree. */
export class Unsure extends Error {}

export const unsure = (): never => {
  throw new Unsure();
};

export const isSpace = (c: number) => c === 32 || c === 9;

/** A plain key the YAML core schema reads as a number, boolean or null (the tree compares it by that value). */
export const readsAsNonString = (name: string): boolean =>
  name === '' || /^[-+.\d~]/.test(name) || /^(true|false|null|True|False|TRUE|FALSE|Null|NULL)$/.test(name);

/** A searched key that could be the string form of a number, boolean or null key (`'16'` for `0x10`). */
export const couldNameNonStringKey = (key: string): boolean => /^([-+.\d]|Infinity$|NaN$|true$|false$|$)/.test(key);

export type FlowNode = FlowMap | FlowSeq | { kind: 'scalar'; range: [number, number]; multiline: false };

export interface FlowMap {
  kind: 'flowMap';
  range: [number, number];
  entries: { name: string; notString: boolean; keyRange: [number, number]; value: FlowNode }[];
}

export interface FlowSeq {
  kind: 'flowSeq';
  range: [number, number];
  items: FlowNode[];
}

/** The entry of `key`; unsure when a key the core schema reads as a number or boolean could be it. */
export function flowEntry(map: FlowMap, key: string): FlowMap['entries'][number] | undefined {
  const risky = couldNameNonStringKey(key);
  for (const e of map.entries) {
    if (e.notString && risky) unsure();
    if (!e.notString && e.name === key) return e;
  }
  return undefined;
}

/** One-line flow collections of plain scalars; anything else (quotes, comments, nesting across lines): unsure. */
export class FlowReader {
  constructor(
    private readonly text: string,
    private pos: number,
    private readonly end: number,
  ) {}

  collection(): FlowMap | FlowSeq {
    const c = this.text[this.pos];
    return c === '{' ? this.map() : c === '[' ? this.seq() : unsure();
  }

  private node(): FlowNode {
    this.spaces();
    const c = this.text[this.pos];
    if (c === '{' || c === '[') return this.collection();
    const range = this.scalar();
    return { kind: 'scalar', range, multiline: false };
  }

  private map(): FlowMap {
    const start = this.pos++;
    const entries: FlowMap['entries'] = [];
    for (;;) {
      this.spaces();
      if (this.text[this.pos] === '}') break;
      const keyRange = this.scalar();
      this.spaces();
      if (this.text[this.pos] !== ':') unsure();
      this.pos++;
      const value = this.node();
      const name = this.text.slice(keyRange[0], keyRange[1]);
      entries.push({ name, notString: readsAsNonString(name), keyRange, value });
      this.spaces();
      const sep = this.text[this.pos];
      if (sep === '}') break;
      if (sep !== ',') unsure();
      this.pos++;
    }
    this.pos++;
    return { kind: 'flowMap', range: [start, this.pos], entries };
  }

  private seq(): FlowSeq {
    const start = this.pos++;
    const items: FlowNode[] = [];
    for (;;) {
      this.spaces();
      if (this.text[this.pos] === ']') break;
      items.push(this.node());
      this.spaces();
      const sep = this.text[this.pos];
      if (sep === ']') break;
      // `[a: 1]` makes single-pair mappings: the tree's business.
      if (sep !== ',') unsure();
      this.pos++;
    }
    this.pos++;
    return { kind: 'flowSeq', range: [start, this.pos], items };
  }

  /** A plain scalar: up to a flow indicator or `: `; quoted, tagged, anchored or empty ones are unsure. */
  private scalar(): [number, number] {
    this.spaces();
    const start = this.pos;
    if ('"\'!&*|>%@`?#-,{}[]:'.includes(this.text[start] ?? ',')) unsure();
    while (this.pos < this.end) {
      const ch = this.text[this.pos];
      if (ch === ',' || ch === '{' || ch === '}' || ch === '[' || ch === ']') break;
      if (ch === ':' && ' ,}]'.includes(this.text[this.pos + 1] ?? ' ')) break;
      if (ch === '#' && isSpace(this.text.charCodeAt(this.pos - 1))) unsure();
      this.pos++;
    }
    if (this.pos >= this.end) unsure();
    let end = this.pos;
    while (end > start && isSpace(this.text.charCodeAt(end - 1))) end--;
    if (end === start) unsure();
    return [start, end];
  }

  private spaces(): void {
    while (this.pos < this.end && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }
}

// Structural comparison of two normalised objects along their schema: list maps compare as maps by their keys (order
// ignored), sets as sets, atomic lists whole (element by element when both have the same length).
import { elementKeys, keyText, listSemantics, type FieldSchema, type ListSemantics } from './listKeys';
import { jsonEqual } from './managedFields';
import type { PathSegment } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Difference {
  segments: PathSegment[];
  /** The value the next sync gives (undefined: absent). */
  git: unknown;
  /** The live value (undefined: absent). */
  live: unknown;
}

export function compare(git: unknown, live: unknown, schema: FieldSchema): Difference[] {
  const out: Difference[] = [];
  walk(git, live, schema, [], out);
  return out;
}

// `path` is one stack shared by the whole walk; a difference takes a copy.
function walk(a: unknown, b: unknown, schema: FieldSchema, path: PathSegment[], out: Difference[]): void {
  if (a === b) return;
  if (isObj(a) && isObj(b)) {
    for (const key in a) {
      path.push(key);
      walk(a[key], b[key], schema.child(key), path, out);
      path.pop();
    }
    for (const key in b) {
      if (key in a) continue;
      path.push(key);
      walk(undefined, b[key], schema.child(key), path, out);
      path.pop();
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    compareLists(a, b, schema, path, out);
    return;
  }
  if (!jsonEqual(a, b)) out.push({ segments: path.slice(), git: a, live: b });
}

function compareLists(a: unknown[], b: unknown[], schema: FieldSchema, path: PathSegment[], out: Difference[]): void {
  const semantics = listSemantics(schema, a, b);
  if (semantics.type === 'map') {
    const left = indexByKeys(a, semantics);
    const right = indexByKeys(b, semantics);
    if (left && right) {
      const items = schema.items();
      for (const [k, { keys, item }] of left) {
        path.push({ keys });
        walk(item, right.get(k)?.item, items, path, out);
        path.pop();
      }
      for (const [k, { keys, item }] of right) {
        if (left.has(k)) continue;
        path.push({ keys });
        walk(undefined, item, items, path, out);
        path.pop();
      }
      return;
    }
  } else if (semantics.type === 'set') {
    if (!sameSet(a, b)) out.push({ segments: path.slice(), git: a, live: b });
    return;
  }
  if (a.length === b.length) {
    const items = schema.items();
    for (let i = 0; i < a.length; i++) {
      path.push(i);
      walk(a[i], b[i], items, path, out);
      path.pop();
    }
    return;
  }
  if (!jsonEqual(a, b)) out.push({ segments: path.slice(), git: a, live: b });
}

type KeyedItems = Map<string, { keys: Record<string, string | number | boolean>; item: unknown }>;

/** Elements by their key values; undefined when an element lacks its keys or two share them (then: atomic). */
export function indexByKeys(list: readonly unknown[], semantics: Extract<ListSemantics, { type: 'map' }>): KeyedItems | undefined {
  const map: KeyedItems = new Map();
  for (const item of list) {
    const keys = elementKeys(item, semantics);
    if (!keys) return undefined;
    const k = keyText(keys);
    if (map.has(k)) return undefined;
    map.set(k, { keys, item });
  }
  return map;
}

function sameSet(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const count = new Map<string, number>();
  for (const v of a) count.set(stableText(v), (count.get(stableText(v)) ?? 0) + 1);
  for (const v of b) {
    const k = stableText(v);
    const n = count.get(k);
    if (!n) return false;
    count.set(k, n - 1);
  }
  return true;
}

/** JSON with map keys sorted, so equal values have equal texts. */
export function stableText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableText).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableText(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** The value at a path (list-map elements found by their keys, defaults filled in); undefined when absent. */
export function valueAt(root: unknown, segments: readonly PathSegment[], schema: FieldSchema): unknown {
  let value = root;
  let s = schema;
  for (const seg of segments) {
    if (typeof seg === 'string') {
      if (!isObj(value)) return undefined;
      value = value[seg];
      s = s.child(seg);
    } else if (typeof seg === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = value[seg];
      s = s.items();
    } else {
      if (!Array.isArray(value)) return undefined;
      const semantics = listSemantics(s, value);
      const wanted = keyText(seg.keys);
      value = semantics.type === 'map' ? value.find((item) => {
        const keys = elementKeys(item, semantics);
        return keys !== undefined && keyText(keys) === wanted;
      }) : undefined;
      s = s.items();
    }
    if (value === undefined) return undefined;
  }
  return value;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** The display path: `spec.template.spec.containers[name=web].image`, `metadata.labels["app.kubernetes.io/name"]`. */
export function displayPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'string') out += PLAIN_KEY.test(seg) ? (out ? `.${seg}` : seg) : `[${JSON.stringify(seg)}]`;
    else if (typeof seg === 'number') out += `[${seg}]`;
    else out += `[${Object.entries(seg.keys).map(([k, v]) => `${k}=${v}`).join(',')}]`;
  }
  return out;
}

// Between YAML paths (keys and indexes) and node ranges: findings carry a path, editors need a range.
import { isMap, isSeq, isPair, isScalar, isNode, type Document, type Node, type Pair } from 'yaml';

export type YamlPath = (string | number)[];

export interface PathTarget {
  /** The value node at the path (undefined when the key exists with no value). */
  node?: Node;
  /** The pair holding it when the last step is a mapping key. */
  pair?: Pair;
}

/** Walks the document along the path; returns the deepest existing target and how many steps matched. */
export function resolvePath(doc: Document, path: YamlPath): { target: PathTarget; matched: number } {
  let target: PathTarget = { node: isNode(doc.contents) ? doc.contents : undefined };
  let matched = 0;
  for (const step of path) {
    const node = target.node;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyString(p.key) === String(step));
      if (!pair) break;
      target = { node: isNode(pair.value) ? pair.value : undefined, pair: pair as Pair };
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (!isNode(item)) break;
      target = { node: item };
    } else {
      break;
    }
    matched++;
  }
  return { target, matched };
}

export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

/** Keys already written (with a value) in the mapping at `path`; empty when there is none. */
export function keysAt(doc: Document | undefined, path: YamlPath): Set<string> {
  const keys = new Set<string>();
  if (!doc) return keys;
  const { target, matched } = resolvePath(doc, path);
  if (matched === path.length && isMap(target.node)) {
    for (const p of target.node.items) if (isScalar(p.key) && p.value !== null) keys.add(String(p.key.value));
  }
  return keys;
}

/** Range of a node's value (without trailing comments/newlines). */
export function nodeRange(node: Node | undefined): [number, number] | undefined {
  if (!node?.range) return undefined;
  return [node.range[0], node.range[1]];
}

/** Range of a pair's key. */
export function keyRange(pair: Pair | undefined): [number, number] | undefined {
  if (!pair || !isNode(pair.key)) return undefined;
  return nodeRange(pair.key as Node);
}

/** The path of the innermost node containing the offset, and whether the offset is on a key. */
export function pathAtOffset(doc: Document, offset: number): { path: YamlPath; onKey: boolean; pair?: Pair } {
  const path: YamlPath = [];
  let node: unknown = doc.contents;
  let onKey = false;
  let lastPair: Pair | undefined;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => contains(p, offset));
      if (!pair) break;
      const key = keyString(pair.key);
      if (key === undefined) break;
      path.push(key);
      lastPair = pair as Pair;
      if (isNode(pair.key) && pair.key.range && offset >= pair.key.range[0] && offset <= pair.key.range[1]) {
        onKey = true;
        break;
      }
      node = pair.value;
    } else if (isSeq(node)) {
      const idx = node.items.findIndex((it) => isNode(it) && it.range && offset >= it.range[0] && offset <= it.range[1]);
      if (idx < 0) break;
      path.push(idx);
      lastPair = undefined;
      node = node.items[idx];
    } else {
      break;
    }
  }
  return { path, onKey, pair: lastPair };
}

function contains(pair: unknown, offset: number): boolean {
  if (!isPair(pair)) return false;
  const start = isNode(pair.key) && pair.key.range ? pair.key.range[0] : undefined;
  const valueEnd = isNode(pair.value) && pair.value.range ? pair.value.range[1] : undefined;
  const keyEnd = isNode(pair.key) && pair.key.range ? pair.key.range[1] : undefined;
  const end = valueEnd ?? keyEnd;
  return start !== undefined && end !== undefined && offset >= start && offset <= Math.max(end, keyEnd ?? end);
}

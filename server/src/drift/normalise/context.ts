// What every normaliser is given: the object's kind and its field schema.
import type { FieldSchema } from '../listKeys';

export type Obj = Record<string, unknown>;

export interface NormaliseContext {
  apiVersion: string;
  kind: string;
  schema: FieldSchema;
}

/** A pure, idempotent step: returns a new object (or the same one when nothing changes), never mutates its input. */
export type Normaliser = (obj: Obj, ctx: NormaliseContext) => Obj;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of `obj` with `metadata[field]` edited by `edit` (which may return undefined to drop it). */
export function withMetadata(obj: Obj, edit: (metadata: Obj) => Obj): Obj {
  if (!isObj(obj.metadata)) return obj;
  const next = edit(obj.metadata);
  return next === obj.metadata ? obj : { ...obj, metadata: next };
}

/** A copy of a map without the given keys (the same map when it has none of them). */
export function without(map: Obj, keys: ReadonlySet<string> | readonly string[]): Obj {
  const drop = keys instanceof Set ? keys : new Set(keys as readonly string[]);
  let found = false;
  for (const k in map) {
    if (drop.has(k)) {
      found = true;
      break;
    }
  }
  if (!found) return map;
  // Built afresh rather than copied and deleted from: objects with deleted keys are slow to read.
  const out: Obj = {};
  for (const k in map) if (!drop.has(k)) out[k] = map[k];
  return out;
}

/**
 * A per-value step of a tree normaliser: sees every value after its children were normalised and returns the value to
 * keep, or REMOVE to drop it from its map (list elements are never dropped; `inList` tells).
 */
export type ValueRule = (value: unknown, schema: FieldSchema, inList: boolean) => unknown;

/** A normaliser applying one value rule over the whole tree. */
export function treeNormaliser(rule: ValueRule): Normaliser {
  return (obj, ctx) => {
    const out = transform(obj, ctx.schema, rule);
    return out === REMOVE ? {} : (out as Obj);
  };
}

/** Several value rules in one walk, in order at each value (each value is visited once, bottom-up). */
export function combineRules(rules: readonly ValueRule[]): ValueRule {
  return (value, schema, inList) => {
    let v = value;
    for (const rule of rules) {
      v = rule(v, schema, inList);
      if (v === REMOVE) return REMOVE;
    }
    return v;
  };
}

/** The value removed by a tree transform. */
export const REMOVE = Symbol('remove');

/**
 * Rewrites a tree bottom-up along its schema: `visit` sees every value after its children were rewritten and returns
 * the value to keep, or REMOVE to drop it from its map (list elements are never dropped, `inList` tells).
 * Unchanged subtrees are returned as they were.
 */
export function transform(
  value: unknown,
  schema: FieldSchema,
  visit: (value: unknown, schema: FieldSchema, inList: boolean) => unknown,
  inList = false,
): unknown {
  let current = value;
  if (Array.isArray(value)) {
    const items = schema.items();
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = transform(value[i], items, visit, true);
      const kept = next === REMOVE ? value[i] : next;
      if (kept !== value[i]) (out ??= value.slice())[i] = kept;
    }
    current = out ?? value;
  } else if (isObj(value)) {
    let out: Obj | undefined;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const next = transform(value[key], schema.child(key), visit, false);
      if (out) {
        if (next !== REMOVE) out[key] = next;
      } else if (next !== value[key]) {
        // First change: copy the keys before it, then go on building (no deletes: they make objects slow).
        out = {};
        for (let j = 0; j < i; j++) out[keys[j]] = value[keys[j]];
        if (next !== REMOVE) out[key] = next;
      }
    }
    current = out ?? value;
  }
  return visit(current, schema, inList);
}

// When a server-side apply of the document as manager M would change nothing, proven from the live object alone:
// (a) the field set the document declares (as the apiserver builds it from an applied configuration: every leaf, every
// list-map element `k:{…}` and set value `v:…`, atomic lists and maps as one leaf, name/namespace stripped) equals the
// set M's `Apply` entry owns, and (b) every declared value equals live's there (quantities by value, int-or-string
// numbers as numbers), in the same order for keyed lists and sets. Then the apply keeps every field and value as it is
// and drops nothing, so the dry run's answer IS the live object and need not be asked. Anything not proven → a dry run.
// Pure: data in, a verdict out; the reasons name paths, never values (Secrets).
import { LAST_APPLIED } from './fieldManagers';
import { elementKeys, keyText, listSemantics, type FieldSchema } from './listKeys';
import { jsonEqual, ownedPaths, parseManagedFields, type FieldStep } from './managedFields';
import { canonicalQuantityRule } from './normalise/quantities';
import { numericIntOrStringRule } from './normalise/intOrString';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface NoOpInput {
  /** The document as it would be applied (its effective namespace filled in). */
  declared: Obj;
  /** The live object as GET returned it (with managedFields), read at the document's apiVersion. */
  live: Obj;
  /** The manager the apply would be made as. */
  manager: string;
  /** The kind's field schema (listKeys.schemaOf). */
  schema: FieldSchema;
}

export type NoOpVerdict = { noOp: true } | { noOp: false; reason: string };

// Stripped by the apiserver from an applied configuration before it builds the field set.
const STRIPPED_TOP = new Set(['apiVersion', 'kind']);
const STRIPPED_METADATA = new Set(['name', 'namespace']);
// Server-owned metadata a document may carry (stripped too, but its presence means a copy of a live object: unproven).
const SERVER_METADATA = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds']);

const no = (reason: string): NoOpVerdict => ({ noOp: false, reason });

/** Whether applying `declared` as `manager` onto `live` provably changes nothing (so its dry run would return live). */
export function appliesAsNoOp(input: NoOpInput): NoOpVerdict {
  const { declared, live, manager, schema } = input;
  if (!schema.known) return no('no schema for the kind');
  const liveMeta = isObj(live.metadata) ? live.metadata : {};
  if (isObj(liveMeta.annotations) && LAST_APPLIED in liveMeta.annotations) return no('client-side applied');
  if (declared.apiVersion !== live.apiVersion || declared.kind !== live.kind) return no('read at another version');
  if ('status' in declared) return no('declares status');
  if (declared.kind === 'Secret' && declared.apiVersion === 'v1' && 'stringData' in declared) return no('declares stringData');

  const walked = declaredFields(declared, live, schema);
  if ('reason' in walked) return no(walked.reason);

  const entries = parseManagedFields(live).filter((e) => e.manager === manager && e.operation === 'Apply' && !e.subresource);
  if (entries.length > 1) return no('several Apply entries');
  const entry = entries[0];
  if (!entry) {
    // A manager owning nothing that declares nothing changes nothing; anything declared would become its own.
    return walked.members.size === 0 ? { noOp: true } : no(`${manager} has no Apply entry`);
  }
  if (entry.apiVersion !== undefined && entry.apiVersion !== declared.apiVersion) return no(`${manager} applied ${entry.apiVersion}`);
  const owned = new Set(ownedPaths(entry.fields).map(stepsText));
  for (const m of walked.members) if (!owned.has(m)) return no(`${manager} does not own ${m}`);
  if (owned.size !== walked.members.size) return no(`${manager} owns fields the document no longer declares`);
  return { noOp: true };
}

type Walk = { members: Set<string> } | { reason: string };

/**
 * The members of the field set an apply of `declared` would own (as FieldsV1 texts), checking on the way that each
 * declared value is live's. Fails on the first thing it cannot prove.
 */
function declaredFields(declared: Obj, live: Obj, schema: FieldSchema): Walk {
  const members = new Set<string>();
  let failure: string | undefined;
  const fail = (path: FieldStep[], why: string) => {
    failure ??= `${why} at ${stepsText(path) || '(root)'}`;
    return false;
  };

  const leaf = (d: unknown, l: unknown, s: FieldSchema, path: FieldStep[]): boolean => {
    if (!sameValue(d, l, s)) return fail(path, 'a value differs');
    members.add(stepsText(path));
    return true;
  };

  const walk = (d: unknown, l: unknown, s: FieldSchema, path: FieldStep[]): boolean => {
    if (!s.known) return fail(path, 'no schema');
    if (s.preserveUnknown) return fail(path, 'preserves unknown fields');
    if (d === null || d === undefined) return fail(path, 'null');
    if (l === undefined || l === null) return fail(path, 'absent live');
    if (isObj(d)) {
      if (!isObj(l)) return fail(path, 'a value differs');
      if (Object.keys(d).length === 0) return fail(path, 'an empty map');
      if (s.atomicMap) return leaf(d, l, s, path);
      for (const [k, v] of Object.entries(d)) if (!walk(v, l[k], s.child(k), [...path, { field: k }])) return false;
      return true;
    }
    if (Array.isArray(d)) {
      if (!Array.isArray(l)) return fail(path, 'a value differs');
      if (d.length === 0) return fail(path, 'an empty list');
      const semantics = listSemantics(s, d, l);
      if (semantics.type === 'atomic') return leaf(d, l, s, path);
      if (semantics.type === 'set') {
        const positions: number[] = [];
        for (const v of d) {
          if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return fail(path, 'a set of non-scalars');
          const text = stepsText([...path, { value: v }]);
          if (members.has(text)) return fail(path, 'a repeated set value');
          const at = l.findIndex((x) => x === v);
          if (at < 0) return fail(path, 'a set value live lacks');
          positions.push(at);
          members.add(text);
        }
        return ascending(positions) || fail(path, 'another order');
      }
      const liveIndex = new Map<string, number>();
      for (let i = 0; i < l.length; i++) {
        const keys = elementKeys(l[i], semantics);
        if (!keys) return fail(path, 'a live element without keys');
        const text = keyText(keys);
        if (liveIndex.has(text)) return fail(path, 'repeated live keys');
        liveIndex.set(text, i);
      }
      const positions: number[] = [];
      const items = s.items();
      for (const item of d) {
        const keys = elementKeys(item, semantics);
        if (!keys || !isObj(item)) return fail(path, 'an element without keys');
        const at = liveIndex.get(keyText(keys));
        if (at === undefined) return fail(path, 'an element live lacks');
        const elementPath: FieldStep[] = [...path, { keys }];
        const text = stepsText(elementPath);
        if (members.has(text)) return fail(path, 'repeated keys');
        members.add(text);
        positions.push(at);
        for (const [k, v] of Object.entries(item)) if (!walk(v, (l[at] as Obj)[k], items.child(k), [...elementPath, { field: k }])) return false;
      }
      return ascending(positions) || fail(path, 'another order');
    }
    return leaf(d, l, s, path);
  };

  for (const [key, value] of Object.entries(declared)) {
    if (STRIPPED_TOP.has(key)) continue;
    if (key === 'metadata') {
      if (!isObj(value)) return { reason: 'metadata is no map' };
      const liveMeta = isObj(live.metadata) ? live.metadata : {};
      for (const [mk, mv] of Object.entries(value)) {
        if (STRIPPED_METADATA.has(mk)) {
          if (!jsonEqual(mv, liveMeta[mk])) return { reason: `metadata.${mk} differs` };
          continue;
        }
        if (SERVER_METADATA.has(mk)) return { reason: `declares metadata.${mk}` };
        if (!walk(mv, liveMeta[mk], schema.child('metadata').child(mk), [{ field: 'metadata' }, { field: mk }])) return { reason: failure! };
      }
      continue;
    }
    if (!walk(value, live[key], schema.child(key), [{ field: key }])) return { reason: failure! };
  }
  return { members };
}

/** A declared leaf value against live's: the same JSON, or the same quantity or int-or-string number. */
function sameValue(declared: unknown, live: unknown, schema: FieldSchema): boolean {
  if (jsonEqual(declared, live)) return true;
  if (typeof declared === 'object' || typeof live === 'object') return false;
  if (schema.quantity) {
    const a = canonicalQuantityRule(declared, schema, false);
    const b = canonicalQuantityRule(live, schema, false);
    // Both must parse as quantities: an unparsable text is kept as it is and would fail the apply.
    return a !== declared && typeof a === 'string' && a === b;
  }
  if (schema.intOrString) return numericIntOrStringRule(declared, schema, false) === numericIntOrStringRule(live, schema, false);
  return false;
}

function ascending(positions: number[]): boolean {
  for (let i = 1; i < positions.length; i++) if (positions[i] <= positions[i - 1]) return false;
  return true;
}

/** One member as FieldsV1 writes it (`.f:spec.k:{"name":"web"}.f:image`, keys sorted), to compare sets by. */
function stepsText(steps: readonly FieldStep[]): string {
  let out = '';
  for (const step of steps) {
    if ('field' in step) out += `.f:${step.field}`;
    else if ('keys' in step) out += `.k:${JSON.stringify(Object.fromEntries(Object.entries(step.keys).sort(([a], [b]) => (a < b ? -1 : 1))))}`;
    else if ('value' in step) out += `.v:${JSON.stringify(step.value)}`;
    else out += `.i:${step.index}`;
  }
  return out;
}

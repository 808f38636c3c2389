// The drift of one document: the live object against what the next sync would make of it (the server-side apply dry
// run as the applier, or the same prediction computed here from live, the document and managedFields), normalised,
// compared field by field, and each difference attributed to its owner. Pure: no cluster access, no files but the
// bundled schemas.
import { classify } from './classify';
import { compare, displayPath, indexByKeys, valueAt, type Difference } from './compare';
import { applierOf, LAST_APPLIED, managerKind, type Applier } from './fieldManagers';
import { listSemantics, schemaOf, type CrdSchemaLookup, type FieldSchema } from './listKeys';
import { hasChildren, jsonEqual, nodeAt, ownedPaths, ownershipOf, parseManagedFields, type FieldStep, type ManagedFieldsEntry } from './managedFields';
import { normalise, type NormaliseContext } from './normalise';
import { isApplierTrackingLabel } from './normalise/controllerMetadata';
import { isServerDefault, serverDefaultFor } from './normalise/serverDefaults';
import { isSecret } from './secrets';
import type { BundledSchemas } from '../schema/bundledSchemas';
import type { DriftField, PathSegment } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface DiffInput {
  apiVersion: string;
  kind: string;
  /** The document as written in the buffer (plain data). */
  declared: Record<string, unknown>;
  /** Server-side-apply dry-run result (as the applier); undefined when the dry run was forbidden or failed. */
  predicted?: Record<string, unknown>;
  /** The live object as GET returned it (with managedFields). */
  live: Record<string, unknown>;
  /** Field manager the prediction was made as (applierOf(live) or the setting). */
  applier?: string;
  /** Kubernetes minor for bundled schemas, e.g. '1.37'. */
  minor: string;
  /** True when an HPA in the workspace targets this object (its replicas are controller-owned). */
  hpaTargeted?: boolean;
  /** CRD schemas for custom resources (the workspace's CRD registry). */
  crds?: CrdSchemaLookup;
  /** Bundled schemas to read list types and defaults from (a shared instance by default). */
  bundled?: BundledSchemas;
}

export interface DiffOutput {
  /** `line` left unset: the caller maps segments to buffer lines. */
  fields: DriftField[];
  /** True when `predicted` was undefined (the prediction was computed here). */
  approximate: boolean;
  controllerOnly: boolean;
  /** Normalised objects for the diff editor; Secret values replaced by hashes — never clear text. */
  predictedNormalised: Record<string, unknown>;
  liveNormalised: Record<string, unknown>;
}

export function diffObjects(input: DiffInput): DiffOutput {
  const { apiVersion, kind, declared, live } = input;
  const schema = schemaOf(apiVersion, kind, input.minor, { bundled: input.bundled, crds: input.crds });
  const ctx: NormaliseContext = { apiVersion, kind, schema };
  const entries = parseManagedFields(live);
  const applier = resolveApplier(input.applier, live, entries);
  const secret = isSecret(apiVersion, kind);

  const liveNormalised = normalise(live, ctx);
  const declaredNormalised = normalise(declared, ctx);
  // Declared as written or as the apiserver reads it (a Secret's stringData is its data).
  const declaredAt = (segments: readonly PathSegment[]) => valueAt(declared, segments, schema) ?? valueAt(declaredNormalised, segments, schema);
  // A prediction that is the live object itself (an apply that provably changes nothing) differs from it in
  // nothing: only what people added remains to be found.
  const predictedNormalised =
    input.predicted === live
      ? liveNormalised
      : input.predicted
        ? normalise(input.predicted, ctx)
        : predictFromLive(liveNormalised, declaredNormalised, declaredAt, live, entries, applier, ctx);

  const differences = predictedNormalised === liveNormalised ? [] : compare(predictedNormalised, liveNormalised, schema);
  const cctx = { entries, applier: applier?.manager, hpaTargeted: input.hpaTargeted, secret };
  const fields = (secret ? differences.flatMap(perSecretKey) : differences)
    .map((d) => classify(d, cctx))
    .filter((f) => !(isApplierTrackingLabel(applier?.manager, f.segments) && f.manager === applier?.manager && declaredAt(f.segments) === undefined));
  const additions = keepsOthersFields(declared, live) ? [] : humanAdditions(kind, entries, applier?.manager, liveNormalised, declaredAt, schema, fields);
  for (const { entry, ...added } of additions) {
    for (const d of secret ? perSecretKey(added) : [added]) {
      // The person's tool the addition was found through, whoever else owns parts of it.
      const field = classify(d, cctx);
      field.class = 'human';
      field.manager = entry.manager;
      if (entry.time) field.time = entry.time;
      else delete field.time;
      fields.push(field);
    }
  }

  return {
    fields,
    approximate: input.predicted === undefined,
    controllerOnly: fields.length > 0 && fields.every((f) => f.class === 'controller'),
    predictedNormalised,
    liveNormalised,
  };
}

function resolveApplier(requested: string | undefined, live: Obj, entries: ManagedFieldsEntry[]): Applier | undefined {
  const found = applierOf(live, entries);
  if (!requested) return found;
  return { manager: requested, clientSide: found?.manager === requested ? found.clientSide : undefined };
}

// ---------------------------------------------------------------------------------------------------------------
// The prediction without a dry run: live, with every declared field laid over it, without the fields the applier
// owns that the document no longer declares (unless another manager owns them too, as server-side apply keeps them).

type DeclaredAt = (segments: readonly PathSegment[]) => unknown;

function predictFromLive(
  liveNormalised: Obj,
  declaredNormalised: Obj,
  declaredAt: DeclaredAt,
  liveRaw: Obj,
  entries: ManagedFieldsEntry[],
  applier: Applier | undefined,
  ctx: NormaliseContext,
): Obj {
  let merged = overlay(liveNormalised, declaredNormalised, ctx.schema, ctx.kind, []) as Obj;
  if (applier) {
    const owned = applier.clientSide
      ? lastAppliedPaths(liveRaw, ctx.schema)
      : entries.filter((e) => e.manager === applier.manager && e.operation === 'Apply' && !e.subresource).flatMap((e) => ownedPaths(e.fields));
    const others = entries.filter((e) => e.manager !== applier.manager);
    for (const steps of owned) {
      if (isDeclared(declaredAt, steps)) continue;
      const { segments } = splitSteps(steps);
      if (segments.length === 0 || segments[0] === 'status') continue;
      if (others.some((e) => ownershipOf(e, segments) !== undefined)) continue;
      // A field the apiserver defaults comes back with its default once dropped.
      const parent = valueAt(merged, segments.slice(0, -1), ctx.schema);
      const fallback = splitSteps(steps).value ? undefined : serverDefaultFor(ctx.kind, segments, parent);
      merged = fallback ? (setAt(merged, segments, fallback.value, ctx.schema) as Obj) : (removeAt(merged, steps, ctx.schema) as Obj);
    }
  }
  return normalise(merged, ctx);
}

/**
 * Lays `top` over `base`: maps key by key, list maps element by element, sets as unions, anything else replaced —
 * except that an atomic list's elements keep what the apiserver defaulted in the live ones (it defaults them again).
 */
function overlay(base: unknown, top: unknown, schema: FieldSchema, kind: string, path: PathSegment[]): unknown {
  if (top === undefined) return base;
  if (isObj(base) && isObj(top)) {
    if (schema.atomicMap) return withServerDefaults(top, base, kind, path);
    const out: Obj = { ...base };
    for (const key of Object.keys(top)) out[key] = overlay(base[key], top[key], schema.child(key), kind, [...path, key]);
    return out;
  }
  if (Array.isArray(base) && Array.isArray(top)) {
    const semantics = listSemantics(schema, base, top);
    if (semantics.type === 'map') {
      const b = indexByKeys(base, semantics);
      const t = indexByKeys(top, semantics);
      if (b && t) {
        const items = schema.items();
        const out = base.slice();
        const positions = new Map<string, number>();
        [...b.keys()].forEach((k, i) => positions.set(k, i));
        for (const [k, { keys, item }] of t) {
          const at = positions.get(k);
          if (at === undefined) out.push(item);
          else out[at] = overlay(base[at], item, items, kind, [...path, { keys }]);
        }
        return out;
      }
    } else if (semantics.type === 'set') {
      return [...base, ...top.filter((v) => !base.some((x) => jsonEqual(x, v)))];
    }
    if (base.length === top.length) return top.map((item, i) => withServerDefaults(item, base[i], kind, [...path, i]));
  }
  return top;
}

/** `top` with the fields of `live` it lacks that are the apiserver's defaults there. */
function withServerDefaults(top: unknown, live: unknown, kind: string, path: PathSegment[]): unknown {
  if (Array.isArray(top) && Array.isArray(live) && top.length === live.length) {
    const next = top.map((item, i) => withServerDefaults(item, live[i], kind, [...path, i]));
    return next.some((v, i) => v !== top[i]) ? next : top;
  }
  if (!isObj(top) || !isObj(live)) return top;
  let out: Obj | undefined;
  for (const key of Object.keys(live)) {
    const child = [...path, key];
    if (!(key in top)) {
      if (isServerDefault(kind, child, live[key], live)) (out ??= { ...top })[key] = live[key];
    } else if (typeof top[key] === 'object' && top[key] !== null) {
      const next = withServerDefaults(top[key], live[key], kind, child);
      if (next !== top[key]) (out ??= { ...top })[key] = next;
    }
  }
  return out ?? top;
}

/** The segments of an owned path, and the set value it ends in (`v:` steps), if any. */
function splitSteps(steps: readonly FieldStep[]): { segments: PathSegment[]; value?: { value: unknown } } {
  const segments: PathSegment[] = [];
  for (const step of steps) {
    if ('field' in step) segments.push(step.field);
    else if ('keys' in step) segments.push({ keys: step.keys as Record<string, string | number | boolean> });
    else if ('index' in step) segments.push(step.index);
    else return { segments, value: { value: step.value } };
  }
  return { segments };
}

function isDeclared(declaredAt: DeclaredAt, steps: readonly FieldStep[]): boolean {
  const { segments, value } = splitSteps(steps);
  const v = declaredAt(segments);
  if (v === undefined || v === null) return false;
  if (value) return Array.isArray(v) && v.some((x) => jsonEqual(x, value.value));
  return true;
}

/** A copy of `root` without the field (or list element, or set value) at `steps`. */
function removeAt(root: unknown, steps: readonly FieldStep[], schema: FieldSchema): unknown {
  if (steps.length === 0) return root;
  const [step, ...rest] = steps;
  if ('field' in step) {
    if (!isObj(root) || !(step.field in root)) return root;
    const out = { ...root };
    if (rest.length === 0) delete out[step.field];
    else out[step.field] = removeAt(root[step.field], rest, schema.child(step.field));
    return out;
  }
  if (!Array.isArray(root)) return root;
  if ('value' in step) return root.filter((x) => !jsonEqual(x, step.value));
  let index = -1;
  if ('index' in step) index = step.index;
  else {
    const semantics = listSemantics(schema, root);
    if (semantics.type !== 'map') return root;
    const wanted = step.keys;
    index = root.findIndex((item) => {
      const keys = indexByKeys([item], semantics)?.values().next().value?.keys;
      return keys !== undefined && jsonEqual(keys, wanted);
    });
  }
  if (index < 0 || index >= root.length) return root;
  const out = root.slice();
  if (rest.length === 0) out.splice(index, 1);
  else out[index] = removeAt(root[index], rest, schema.items());
  return out;
}

/** A copy of `root` with the field at `segments` set, when its parents exist (list-map elements found by keys). */
function setAt(root: unknown, segments: readonly PathSegment[], value: unknown, schema: FieldSchema): unknown {
  if (segments.length === 0) return value;
  const [seg, ...rest] = segments;
  if (typeof seg === 'string') {
    if (!isObj(root) || (rest.length > 0 && root[seg] === undefined)) return root;
    return { ...root, [seg]: setAt(root[seg], rest, value, schema.child(seg)) };
  }
  if (!Array.isArray(root) || rest.length === 0) return root;
  let index = -1;
  if (typeof seg === 'number') index = seg;
  else {
    const semantics = listSemantics(schema, root);
    if (semantics.type === 'map') index = root.findIndex((item) => jsonEqual(indexByKeys([item], semantics)?.values().next().value?.keys, seg.keys));
  }
  if (index < 0 || index >= root.length) return root;
  const out = root.slice();
  out[index] = setAt(root[index], rest, value, schema.items());
  return out;
}

/** For client-side applied objects: every field of the last-applied annotation, as owned paths. */
function lastAppliedPaths(liveRaw: Obj, schema: FieldSchema): FieldStep[][] {
  const annotations = isObj(liveRaw.metadata) && isObj(liveRaw.metadata.annotations) ? liveRaw.metadata.annotations : {};
  const text = annotations[LAST_APPLIED];
  if (typeof text !== 'string') return [];
  let applied: unknown;
  try {
    applied = JSON.parse(text);
  } catch {
    return [];
  }
  const out: FieldStep[][] = [];
  const walk = (value: unknown, s: FieldSchema, prefix: FieldStep[]): void => {
    if (isObj(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, s.child(k), [...prefix, { field: k }]);
      return;
    }
    if (Array.isArray(value) && value.length > 0) {
      const semantics = listSemantics(s, value);
      const keyed = semantics.type === 'map' ? indexByKeys(value, semantics) : undefined;
      if (keyed) {
        for (const { keys, item } of keyed.values()) {
          out.push([...prefix, { keys }]);
          walk(item, s.items(), [...prefix, { keys }]);
        }
        return;
      }
    }
    if (prefix.length) out.push(prefix);
  };
  walk(applied, schema, []);
  return out;
}

/** Flux's `kustomize.toolkit.fluxcd.io/ssa: Merge` keeps fields others added, so they are no drift there. */
function keepsOthersFields(declared: Obj, live: Obj): boolean {
  const mode = (o: Obj) => (isObj(o.metadata) && isObj(o.metadata.annotations) ? o.metadata.annotations[FLUX_SSA] : undefined);
  const value = mode(declared) ?? mode(live);
  return typeof value === 'string' && value.toLowerCase() === 'merge';
}

const FLUX_SSA = 'kustomize.toolkit.fluxcd.io/ssa';

// ---------------------------------------------------------------------------------------------------------------
// Fields a person added live that the document does not declare: server-side apply keeps them silently, so they are
// found from managedFields — every field a person's tool owns, reported at its shallowest undeclared path.

function humanAdditions(
  kind: string,
  entries: readonly ManagedFieldsEntry[],
  applier: string | undefined,
  liveNormalised: Obj,
  declaredAt: DeclaredAt,
  schema: FieldSchema,
  reported: readonly DriftField[],
): Array<Difference & { entry: ManagedFieldsEntry }> {
  const out: Array<Difference & { entry: ManagedFieldsEntry }> = [];
  const seen = new Set<string>();
  const setValues = new Map<string, unknown[]>();
  const under = (path: string, parent: string) => path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
  const covered = (path: string) => reported.some((f) => under(path, f.path)) || [...seen].some((p) => under(path, p));
  for (const entry of entries) {
    if (entry.manager === applier || managerKind(entry) !== 'human') continue;
    for (const steps of ownedPaths(entry.fields)) {
      const { segments, value } = splitSteps(steps);
      if (segments.length === 0) continue;
      const liveValue = valueAt(liveNormalised, segments, schema);
      if (liveValue === undefined) continue;
      if (value) {
        // Set values (finalizers, say) the document's list lacks: one field per list, with every such value.
        if (!Array.isArray(liveValue) || !liveValue.some((x) => jsonEqual(x, value.value))) continue;
        if (isDeclared(declaredAt, steps)) continue;
        const path = displayPath(segments);
        const values = setValues.get(path);
        if (values) {
          if (!values.some((x) => jsonEqual(x, value.value))) values.push(value.value);
          continue;
        }
        if (covered(path)) continue;
        seen.add(path);
        const added = [value.value];
        setValues.set(path, added);
        out.push({ segments, git: undefined, live: added, entry });
        continue;
      }
      // A map that exists because of this write (`.` beside its fields) is reported by its fields, which may not all
      // be this manager's; a list element it added is reported whole.
      if (typeof segments[segments.length - 1] === 'string' && hasChildren(nodeAt(entry.fields, segments))) continue;
      if (declaredAt(segments) != null) continue;
      if (isServerDefault(kind, segments, liveValue, valueAt(liveNormalised, segments.slice(0, -1), schema))) continue;
      const path = displayPath(segments);
      if (covered(path)) continue;
      seen.add(path);
      out.push({ segments, git: undefined, live: liveValue, entry });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets: one field per key, values masked.

function perSecretKey(d: Difference): Difference[] {
  if (d.segments.length !== 1 || d.segments[0] !== 'data') return [d];
  const git = isObj(d.git) ? d.git : {};
  const live = isObj(d.live) ? d.live : {};
  const keys = new Set([...Object.keys(git), ...Object.keys(live)]);
  return [...keys].filter((k) => git[k] !== live[k]).map((k) => ({ segments: ['data', k], git: git[k], live: live[k] }));
}

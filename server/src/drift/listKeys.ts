// How each field of a kind merges and compares, from its schema: list types (`x-kubernetes-list-type` map/set/atomic)
// with their `x-kubernetes-list-map-keys`, int-or-string, quantities, preserved unknown fields and explicit defaults.
// Built-in kinds read the bundled schemas (they keep these extensions); custom resources their CRD's openAPIV3Schema.
// Where no schema reaches, the well-known merge keys of the built-in types stand in.
import { BundledSchemas } from '../schema/bundledSchemas';
import type { JsonSchema } from '../schema/prepareSchema';
import { deref } from '../schema/schemaWalker';
import type { CrdRegistry } from '../workspace/crds';

type Lookup = (ref: string) => JsonSchema | undefined;
const NO_LOOKUP: Lookup = () => undefined;
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const MAX_CACHED_CHILDREN = 2000;

/** The schema of one field, walked lazily; `node` is undefined where no schema is known. */
export class FieldSchema {
  private children?: Map<string, FieldSchema>;
  private itemSchema?: FieldSchema;

  constructor(
    readonly node: JsonSchema | undefined,
    /** The map key this field was reached by (a list's items keep the list's name). */
    readonly name: string | undefined,
    readonly parentName: string | undefined,
    private readonly lookup: Lookup,
    private readonly metaSchema?: () => FieldSchema | undefined,
  ) {}

  get known(): boolean {
    return this.node !== undefined;
  }

  child(key: string): FieldSchema {
    let c = this.children?.get(key);
    if (!c) {
      c = this.makeChild(key);
      // Map keys (labels, data keys) are unbounded; the schemas of the first few thousand are kept.
      if ((this.children ??= new Map()).size < MAX_CACHED_CHILDREN) this.children.set(key, c);
    }
    return c;
  }

  private makeChild(key: string): FieldSchema {
    if (key === 'metadata' && this.metaSchema && this.parentName === undefined && this.name === undefined) {
      const meta = this.metaSchema();
      if (meta) return meta;
    }
    const node = this.node;
    let childNode: JsonSchema | undefined;
    if (node) {
      const props = node.properties as Record<string, JsonSchema> | undefined;
      if (props?.[key]) childNode = props[key];
      else if (typeof node.additionalProperties === 'object' && node.additionalProperties !== null) {
        childNode = node.additionalProperties as JsonSchema;
      }
    }
    return new FieldSchema(childNode ? deref(childNode, this.lookup) : undefined, key, this.name, this.lookup);
  }

  items(): FieldSchema {
    if (!this.itemSchema) {
      const items = this.node?.items as JsonSchema | undefined;
      const itemNode = items && !Array.isArray(items) ? deref(items, this.lookup) : undefined;
      this.itemSchema = new FieldSchema(itemNode, this.name, this.parentName, this.lookup);
    }
    return this.itemSchema;
  }

  private listSemanticsCache?: ListSemantics;

  /** The list type the schema declares (atomic when it declares none, as server-side apply reads it). */
  declaredListSemantics(): ListSemantics {
    return (this.listSemanticsCache ??= schemaListSemantics(this));
  }

  private flags?: { intOrString: boolean; quantity: boolean; preserveUnknown: boolean; atomicMap: boolean; defaultValue?: { value: unknown } };

  // Read once per field: normalisers ask for every value of every object.
  private get f(): NonNullable<FieldSchema['flags']> {
    if (!this.flags) {
      const node = this.node;
      this.flags = node
        ? {
            intOrString: node['x-kubernetes-int-or-string'] === true,
            quantity: node['x-gitops-quantity'] === true,
            preserveUnknown: node['x-kubernetes-preserve-unknown-fields'] === true,
            atomicMap: node['x-kubernetes-map-type'] === 'atomic',
            defaultValue: 'default' in node ? { value: node.default } : undefined,
          }
        : {
            intOrString: INT_OR_STRING_NAMES.has(this.name ?? '') || (this.name === 'port' && PROBE_HANDLERS.has(this.parentName ?? '')),
            quantity: QUANTITY_MAPS.has(this.parentName ?? ''),
            preserveUnknown: false,
            atomicMap: false,
          };
    }
    return this.flags;
  }

  get intOrString(): boolean {
    return this.f.intOrString;
  }

  get quantity(): boolean {
    return this.f.quantity;
  }

  /** A map set as a whole (`x-kubernetes-map-type: atomic`, e.g. label selectors and key references). */
  get atomicMap(): boolean {
    return this.f.atomicMap;
  }

  get preserveUnknown(): boolean {
    return this.f.preserveUnknown;
  }

  /** The explicit schema default, when the schema declares one. */
  get defaultValue(): { value: unknown } | undefined {
    return this.f.defaultValue;
  }
}

export type ListSemantics =
  | { type: 'map'; keys: string[]; defaults: Record<string, unknown> }
  | { type: 'set' }
  | { type: 'atomic' };

const ATOMIC: ListSemantics = { type: 'atomic' };
const SET: ListSemantics = { type: 'set' };

// Merge keys of the built-in types, for lists no schema reaches (CRDs embedding pod specs without list types,
// free-form fields). `protocol` defaults to TCP as the apiserver defaults it.
const WELL_KNOWN_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  hostAliases: ['ip'],
  resourceClaims: ['name'],
  claims: ['name'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
  conditions: ['type'],
  ownerReferences: ['uid'],
};
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };
const WELL_KNOWN_SETS = new Set(['finalizers']);
const INT_OR_STRING_NAMES = new Set(['targetPort', 'maxSurge', 'maxUnavailable', 'minAvailable', 'partition']);
const PROBE_HANDLERS = new Set(['httpGet', 'tcpSocket']);
const QUANTITY_MAPS = new Set(['limits', 'requests', 'hard', 'capacity', 'allocatable', 'overhead']);

/** How a list merges and compares: a map by its keys, a set of scalars, or one atomic value. */
export function listSemantics(schema: FieldSchema, items?: readonly unknown[], more?: readonly unknown[]): ListSemantics {
  if (schema.node) return schema.declaredListSemantics();
  const name = schema.name ?? '';
  if (WELL_KNOWN_SETS.has(name)) return SET;
  let keys: string[] | undefined = WELL_KNOWN_KEYS[name];
  if (name === 'ports') {
    const first = [...(items ?? []), ...(more ?? [])].find((i) => typeof i === 'object' && i !== null) as Record<string, unknown> | undefined;
    if (first && 'containerPort' in first) keys = ['containerPort', 'protocol'];
    else if (first && 'port' in first) keys = ['port', 'protocol'];
    else keys = undefined;
  }
  if (!keys) return ATOMIC;
  const required = keys.filter((k) => !(k in KEY_DEFAULTS));
  const fits = (list: readonly unknown[] | undefined) =>
    (list ?? []).every((i) => typeof i === 'object' && i !== null && !Array.isArray(i) && required.every((k) => k in i));
  if (!fits(items) || !fits(more)) return ATOMIC;
  const defaults: Record<string, unknown> = {};
  for (const k of keys) if (k in KEY_DEFAULTS) defaults[k] = KEY_DEFAULTS[k];
  return { type: 'map', keys, defaults };
}

function schemaListSemantics(schema: FieldSchema): ListSemantics {
  const node = schema.node as JsonSchema;
  const type = node['x-kubernetes-list-type'];
  const keys = node['x-kubernetes-list-map-keys'];
  if (type === 'map' && Array.isArray(keys) && keys.length > 0) {
    const itemSchema = schema.items();
    const defaults: Record<string, unknown> = {};
    for (const k of keys as string[]) {
      const d = itemSchema.child(k).defaultValue;
      // Generated schemas give required scalars their Go zero value as a default; those are no key defaults.
      if (d && d.value !== '' && d.value !== 0) defaults[k] = d.value;
      else if (k in KEY_DEFAULTS) defaults[k] = KEY_DEFAULTS[k];
    }
    return { type: 'map', keys: keys as string[], defaults };
  }
  if (type === 'set') return SET;
  return ATOMIC;
}

/** The key values of a list-map element (defaults filled in), or undefined when a key is missing or not a scalar. */
export function elementKeys(item: unknown, semantics: Extract<ListSemantics, { type: 'map' }>): Record<string, string | number | boolean> | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const k of semantics.keys) {
    const v = (item as Record<string, unknown>)[k] ?? semantics.defaults[k];
    if (v === undefined) continue; // an optional key the element leaves out
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
    out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** A stable text for key values, to index elements by (the same whatever the order of the keys). */
export function keyText(keys: Record<string, unknown>): string {
  const names = Object.keys(keys);
  if (names.length === 1) return `${names[0]}\u0000${typeof keys[names[0]]}\u0000${String(keys[names[0]])}`;
  names.sort();
  let out = '';
  for (const n of names) out += `${n}\u0000${typeof keys[n]}\u0000${String(keys[n])}\u0001`;
  return out;
}

/** Where CRD schemas come from: the workspace's CRD registry (or anything with its `get`). */
export type CrdSchemaLookup = Pick<CrdRegistry, 'get'>;

export interface SchemaSources {
  bundled?: BundledSchemas;
  crds?: CrdSchemaLookup;
}

let defaultBundled: BundledSchemas | undefined;
const roots = new WeakMap<BundledSchemas, Map<string, FieldSchema>>();
const crdRoots = new WeakMap<JsonSchema, FieldSchema>();

/** The root field schema of a kind; a schema-less root (well-known keys only) when neither source knows the kind. */
export function schemaOf(apiVersion: string, kind: string, minor: string, sources: SchemaSources = {}): FieldSchema {
  let bundled = sources.bundled;
  if (!bundled) {
    try {
      bundled = defaultBundled ??= new BundledSchemas();
    } catch {
      bundled = undefined;
    }
  }
  const meta = bundled ? metaSchemaOf(bundled, minor) : () => undefined;
  if (bundled) {
    let perMinor = roots.get(bundled);
    if (!perMinor) roots.set(bundled, (perMinor = new Map()));
    const key = `${minor}/${apiVersion}/${kind}`;
    const cached = perMinor.get(key);
    if (cached) return cached;
    const resolved = safe(() => bundled.resolveVersion(minor));
    const info = resolved ? safe(() => bundled.kind(resolved, apiVersion, kind)) : undefined;
    if (info && resolved) {
      const lookup: Lookup = (ref) => safe(() => bundled.schema(resolved, ref));
      const root = new FieldSchema(deref(lookup(info.schema), lookup), undefined, undefined, lookup, meta);
      perMinor.set(key, root);
      return root;
    }
  }
  const crdSchema = sources.crds?.get(apiVersion, kind)?.schema;
  if (crdSchema) {
    let root = crdRoots.get(crdSchema);
    if (!root) crdRoots.set(crdSchema, (root = new FieldSchema(crdSchema, undefined, undefined, NO_LOOKUP, meta)));
    return root;
  }
  return new FieldSchema(undefined, undefined, undefined, NO_LOOKUP, meta);
}

const metaByMinor = new WeakMap<BundledSchemas, Map<string, FieldSchema | undefined>>();

function metaSchemaOf(bundled: BundledSchemas, minor: string): () => FieldSchema | undefined {
  return () => {
    let perMinor = metaByMinor.get(bundled);
    if (!perMinor) metaByMinor.set(bundled, (perMinor = new Map()));
    if (perMinor.has(minor)) return perMinor.get(minor);
    const resolved = safe(() => bundled.resolveVersion(minor));
    const lookup: Lookup = (ref) => (resolved ? safe(() => bundled.schema(resolved, ref)) : undefined);
    const node = lookup(OBJECT_META);
    const meta = node ? new FieldSchema(node, 'metadata', undefined, lookup) : undefined;
    perMinor.set(minor, meta);
    return meta;
  };
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

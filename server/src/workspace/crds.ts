// CustomResourceDefinitions found in the workspace (or the same file) make their resources validatable.
import { prepareSchema, type JsonSchema } from '../schema/prepareSchema';

export interface CrdVersion {
  group: string;
  version: string;
  kind: string;
  plural?: string;
  namespaced: boolean;
  /** Prepared schema, or undefined when the CRD version declares none. */
  schema?: JsonSchema;
  deprecated?: boolean;
  deprecationWarning?: string;
  served: boolean;
  /** Where the CRD was found (a file path or URI), for messages. */
  source: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a CRD object (apiextensions.k8s.io/v1) into its versions; returns [] for anything else. */
export function crdVersions(value: unknown, source: string): CrdVersion[] {
  if (!isObj(value) || value.kind !== 'CustomResourceDefinition' || !isObj(value.spec)) return [];
  const spec = value.spec;
  const names = isObj(spec.names) ? spec.names : {};
  if (typeof spec.group !== 'string' || typeof names.kind !== 'string') return [];
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObj) : [];
  // apiextensions.k8s.io/v1beta1 (removed in 1.22) kept one schema under spec.validation for all versions.
  const sharedSchema = isObj(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  if (versions.length === 0 && typeof spec.version === 'string') versions.push({ name: spec.version, served: true });
  return versions
    .filter((v) => typeof v.name === 'string')
    .map((v) => {
      const raw = isObj(v.schema) ? v.schema.openAPIV3Schema : sharedSchema;
      return {
        group: spec.group as string,
        version: v.name as string,
        kind: names.kind as string,
        plural: typeof names.plural === 'string' ? names.plural : undefined,
        namespaced: spec.scope !== 'Cluster',
        schema: isObj(raw) ? prepareCustomResourceSchema(raw) : undefined,
        deprecated: v.deprecated === true,
        deprecationWarning: typeof v.deprecationWarning === 'string' ? v.deprecationWarning : undefined,
        served: v.served !== false,
        source,
      };
    });
}

/** apiVersion, kind and metadata are validated by Kubernetes itself, whatever the CRD's schema says of them. */
function prepareCustomResourceSchema(raw: Obj): JsonSchema {
  const prepared = prepareSchema(raw);
  const properties = isObj(prepared.properties) ? { ...prepared.properties } : {};
  properties.apiVersion = { type: 'string', description: 'APIVersion of this custom resource.' };
  properties.kind = { type: 'string', description: 'Kind of this custom resource.' };
  properties.metadata = { type: 'object', description: 'Standard object metadata.', additionalProperties: true };
  const open = prepared['x-kubernetes-preserve-unknown-fields'] === true || prepared.properties === undefined;
  return { ...prepared, type: 'object', properties, ...(open ? {} : { additionalProperties: false }) };
}

export class CrdRegistry {
  private readonly bySource = new Map<string, CrdVersion[]>();
  private index = new Map<string, CrdVersion>();
  private generation = 0;

  /** Replaces what one source (file) contributes; returns true when anything changed. */
  setSource(source: string, versions: CrdVersion[]): boolean {
    const before = this.bySource.get(source);
    if (!before && versions.length === 0) return false;
    if (versions.length === 0) this.bySource.delete(source);
    else this.bySource.set(source, versions);
    this.rebuild();
    return true;
  }

  removeSource(source: string): boolean {
    if (!this.bySource.delete(source)) return false;
    this.rebuild();
    return true;
  }

  get(apiVersion: string, kind: string): CrdVersion | undefined {
    return this.index.get(`${apiVersion}/${kind}`);
  }

  /** Served versions of a group/kind, to suggest the right apiVersion. */
  versionsOf(group: string, kind: string): CrdVersion[] {
    return [...this.index.values()].filter((v) => v.group === group && v.kind === kind);
  }

  all(): CrdVersion[] {
    return [...this.index.values()];
  }

  /** Changes whenever the set of CRDs changes; caches key on it. */
  get version(): number {
    return this.generation;
  }

  private rebuild(): void {
    const index = new Map<string, CrdVersion>();
    for (const versions of this.bySource.values()) {
      for (const v of versions) index.set(`${v.group}/${v.version}/${v.kind}`, v);
    }
    this.index = index;
    this.generation++;
  }
}

// Where a document's schema comes from: the bundled minor for built-in kinds, workspace CRDs for custom resources.
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajvFactory';
import { BundledSchemas, type KindInfo } from './bundledSchemas';
import type { CrdRegistry, CrdVersion } from '../workspace/crds';
import { collectRefs, type JsonSchema } from './prepareSchema';

export interface ResolvedSchema {
  source: 'bundled' | 'crd';
  apiVersion: string;
  kind: string;
  root: JsonSchema;
  /** Looks up a `$ref` target (bundled schemas refer to each other by name). */
  lookup: (ref: string) => JsonSchema | undefined;
  validate: ValidateFunction;
  namespaced: boolean;
  docsUrl?: string;
  crd?: CrdVersion;
  bundled?: KindInfo;
}

export class SchemaStore {
  readonly bundled: BundledSchemas;
  private readonly ajvByMinor = new Map<string, { ajv: Ajv; added: Set<string> }>();
  private crdAjv = createAjv();
  private crdCompiles = 0;
  private readonly crdValidators = new WeakMap<JsonSchema, ValidateFunction>();

  constructor(bundled = new BundledSchemas()) {
    this.bundled = bundled;
  }

  /** `crds`: the workspace's CRDs to resolve custom resources with; bundled kinds only when undefined. */
  resolve(minor: string, apiVersion: string, kind: string, crds?: CrdRegistry): ResolvedSchema | undefined {
    const info = this.bundled.kind(minor, apiVersion, kind);
    if (info) {
      const lookup = (ref: string) => this.bundled.schema(minor, ref);
      const root = lookup(info.schema);
      if (!root) return undefined;
      return {
        source: 'bundled',
        apiVersion,
        kind,
        root,
        lookup,
        validate: this.bundledValidator(minor, info.schema),
        namespaced: info.namespaced,
        docsUrl: apiReferenceUrl(minor, apiVersion, kind),
        bundled: info,
      };
    }
    const crd = crds?.get(apiVersion, kind);
    if (crd?.schema) {
      let validate = this.crdValidators.get(crd.schema);
      if (!validate) {
        // Ajv keeps every schema it compiled: editing a CRD compiles a new one per change, so the instance is
        // replaced now and then (validators already compiled keep working; unused ones go with their schemas).
        if (++this.crdCompiles % 50 === 0) this.crdAjv = createAjv();
        try {
          validate = this.crdAjv.compile(crd.schema);
        } catch {
          // A CRD schema we cannot compile validates nothing rather than failing the document.
          validate = Object.assign(() => true, { errors: null }) as unknown as ValidateFunction;
        }
        this.crdValidators.set(crd.schema, validate);
      }
      return { source: 'crd', apiVersion, kind, root: crd.schema, lookup: () => undefined, validate, namespaced: crd.namespaced, crd };
    }
    return undefined;
  }

  private bundledValidator(minor: string, name: string): ValidateFunction {
    let entry = this.ajvByMinor.get(minor);
    if (!entry) {
      entry = { ajv: createAjv(), added: new Set() };
      this.ajvByMinor.set(minor, entry);
    }
    const existing = entry.ajv.getSchema(name);
    if (existing && entry.added.has(name)) {
      return existing;
    }
    // Register the schema and everything it reaches before compiling, so refs resolve by name.
    const pending = [name];
    while (pending.length) {
      const n = pending.pop() as string;
      if (entry.added.has(n)) continue;
      const schema = this.bundled.schema(minor, n);
      if (!schema) throw new Error(`Schema ${n} is missing from the bundled ${minor} set`);
      entry.ajv.addSchema(schema, n);
      entry.added.add(n);
      for (const ref of collectRefs(schema, new Set())) if (!entry.added.has(ref)) pending.push(ref);
    }
    const validate = entry.ajv.getSchema(name);
    if (!validate) throw new Error(`Cannot compile schema ${name}`);
    return validate;
  }
}

/** The generated API reference has one anchor per kind and version, e.g. `#deployment-v1-apps`. */
export function apiReferenceUrl(minor: string, apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  const groupLabel = group === 'core' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\.authorization$/, '');
  return `https://kubernetes.io/docs/reference/generated/kubernetes-api/v${minor}/#${kind.toLowerCase()}-${version}-${groupLabel.split('.')[0]}`;
}

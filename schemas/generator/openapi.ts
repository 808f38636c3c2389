// Reads the per-group-version OpenAPI v3 documents of one Kubernetes release and turns them into what the
// language server needs: the served kinds with their REST resource and scope, and the component schemas in
// a compact form (no operations, short refs).
import type { KindInfo } from '../../server/src/schema/bundledSchemas';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings, isJsonObject, parseJsonObject, type JsonObject, type JsonValue } from './json';

export interface GroupVersion {
  /** "" for the core group. */
  group: string;
  version: string;
}

export interface GroupVersionKind extends GroupVersion {
  kind: string;
}

export interface GroupVersionDocument extends GroupVersion {
  fileName: string;
  schemas: Record<string, JsonObject>;
  paths: Record<string, JsonObject>;
}

/** An index entry, as the engine reads it. */
export type KindEntry = KindInfo;

const COMPONENT_REF_PREFIX = '#/components/schemas/';
const GVK_EXTENSION = 'x-kubernetes-group-version-kind';
const OBJECT_META_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** "apps/v1" for a named group, "v1" for the core group: the apiVersion written in manifests. */
export function apiVersionOf({ group, version }: GroupVersion): string {
  return group === '' ? version : `${group}/${version}`;
}

export function kindKeyOf(gvk: GroupVersionKind): string {
  return `${apiVersionOf(gvk)}/${gvk.kind}`;
}

/** Splits "apps/v1/Deployment" or "v1/Pod" back into its parts. */
export function parseKindKey(key: string): GroupVersionKind {
  const parts = key.split('/');
  if (parts.length === 2) return { group: '', version: parts[0], kind: parts[1] };
  if (parts.length === 3) return { group: parts[0], version: parts[1], kind: parts[2] };
  throw new Error(`not a kind key: ${key}`);
}

// The release tree names its files after the discovery paths: "api__v1_openapi.json" for the core group,
// "apis__apps__v1_openapi.json" for apps/v1. Group-only files ("apis__apps_openapi.json"), discovery roots and
// non-resource endpoints (version, logs, .well-known) carry no schemas of their own and are skipped.
const CORE_FILE_PATTERN = /^api__(v[^_]+)_openapi\.json$/;
const GROUP_FILE_PATTERN = /^apis__(.+?)__(v[^_]+)_openapi\.json$/;

function groupVersionOfFile(fileName: string): GroupVersion | undefined {
  const core = CORE_FILE_PATTERN.exec(fileName);
  if (core) return { group: '', version: core[1] };
  const named = GROUP_FILE_PATTERN.exec(fileName);
  if (named) return { group: named[1], version: named[2] };
  return undefined;
}

function objectEntries(value: JsonValue | undefined, source: string): Record<string, JsonObject> {
  if (value === undefined) return {};
  if (!isJsonObject(value)) throw new Error(`${source}: expected an object`);
  const entries: Record<string, JsonObject> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!isJsonObject(item)) throw new Error(`${source}.${key}: expected an object`);
    entries[key] = item;
  }
  return entries;
}

/** Reads every group-version document of a release's `api/openapi-spec/v3` folder. */
export function readGroupVersionDocuments(specDirectory: string): GroupVersionDocument[] {
  const documents: GroupVersionDocument[] = [];
  for (const fileName of readdirSync(specDirectory).sort()) {
    const groupVersion = groupVersionOfFile(fileName);
    if (!groupVersion) continue;
    const document = parseJsonObject(readFileSync(join(specDirectory, fileName), 'utf8'), fileName);
    const components = document.components;
    documents.push({
      ...groupVersion,
      fileName,
      schemas: objectEntries(isJsonObject(components) ? components.schemas : undefined, `${fileName} components.schemas`),
      paths: objectEntries(document.paths, `${fileName} paths`),
    });
  }
  if (documents.length === 0) throw new Error(`no group-version OpenAPI documents in ${specDirectory}`);
  return documents;
}

function readGroupVersionKinds(value: JsonValue | undefined): GroupVersionKind[] {
  if (!Array.isArray(value)) return isJsonObject(value) ? readGroupVersionKinds([value]) : [];
  return value.filter(isJsonObject).flatMap((item) => {
    const { group, version, kind } = item;
    return typeof group === 'string' && typeof version === 'string' && typeof kind === 'string'
      ? [{ group, version, kind }]
      : [];
  });
}

// A served kind is an object with ObjectMeta metadata. This excludes List kinds and Status (ListMeta), and
// the option and event wrappers (DeleteOptions, WatchEvent…) that carry a GVK for every group but no metadata.
function hasObjectMeta(schema: JsonObject): boolean {
  const properties = schema.properties;
  if (!isJsonObject(properties)) return false;
  return JSON.stringify(properties.metadata ?? null).includes(OBJECT_META_SCHEMA);
}

function sameGroupVersion(left: GroupVersion, right: GroupVersion): boolean {
  return left.group === right.group && left.version === right.version;
}

interface ResourcePath {
  plural: string;
  namespaced: boolean;
}

// Parses a collection or item path of the document's own group-version, e.g.
// "/apis/apps/v1/namespaces/{namespace}/deployments/{name}" -> deployments, namespaced. Watch paths and
// subresources ("/status", "/scale", "/eviction") describe no resource of their own and give undefined.
function parseResourcePath(path: string, groupVersion: GroupVersion): ResourcePath | undefined {
  const prefix = groupVersion.group === '' ? `/api/${groupVersion.version}/` : `/apis/${groupVersion.group}/${groupVersion.version}/`;
  if (!path.startsWith(prefix)) return undefined;
  let segments = path.slice(prefix.length).split('/').filter((segment) => segment !== '');
  if (segments[0] === 'watch') return undefined;
  const namespaced = segments[0] === 'namespaces' && segments[1] === '{namespace}';
  if (namespaced) segments = segments.slice(2);
  const isCollectionOrItem = segments.length === 1 || (segments.length === 2 && segments[1].startsWith('{'));
  if (!isCollectionOrItem || segments[0].startsWith('{')) return undefined;
  return { plural: segments[0], namespaced };
}

/**
 * The kinds a group-version document serves, keyed "apiVersion/Kind", with their resource and scope taken
 * from the operations' GVKs before the paths are discarded.
 */
export function extractKinds(document: GroupVersionDocument, warn: (message: string) => void): Map<string, KindEntry> {
  const schemaByKind = new Map<string, string>();
  for (const [name, schema] of Object.entries(document.schemas)) {
    if (!hasObjectMeta(schema)) continue;
    for (const gvk of readGroupVersionKinds(schema[GVK_EXTENSION])) {
      if (sameGroupVersion(gvk, document)) schemaByKind.set(kindKeyOf(gvk), name);
    }
  }

  const resourceByKind = new Map<string, ResourcePath>();
  for (const [path, pathItem] of Object.entries(document.paths)) {
    const resource = parseResourcePath(path, document);
    if (!resource) continue;
    for (const operation of Object.values(pathItem)) {
      if (!isJsonObject(operation)) continue;
      for (const gvk of readGroupVersionKinds(operation[GVK_EXTENSION])) {
        const key = kindKeyOf(gvk);
        if (!schemaByKind.has(key)) continue;
        const known = resourceByKind.get(key);
        if (known && known.plural !== resource.plural) {
          warn(`${document.fileName}: ${key} is served as both ${known.plural} and ${resource.plural}; keeping ${known.plural}`);
          continue;
        }
        // The cluster-wide list of a namespaced resource ("/apis/apps/v1/deployments") must not make it look
        // cluster-scoped: one namespaced path decides.
        resourceByKind.set(key, { plural: resource.plural, namespaced: resource.namespaced || (known?.namespaced ?? false) });
      }
    }
  }

  const kinds = new Map<string, KindEntry>();
  for (const [key, schema] of [...schemaByKind].sort(([left], [right]) => compareStrings(left, right))) {
    const resource = resourceByKind.get(key);
    if (!resource) {
      warn(`${document.fileName}: ${key} has a schema but no resource path; left out of the index`);
      continue;
    }
    kinds.set(key, { schema, ...resource });
  }
  return kinds;
}

function compactSchemaNode(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(compactSchemaNode);
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      result.$ref = child.startsWith(COMPONENT_REF_PREFIX) ? child.slice(COMPONENT_REF_PREFIX.length) : child;
      continue;
    }
    // OpenAPI 3.0 forbids siblings next to $ref, so the generator upstream wraps a lone ref in allOf to keep
    // description/default/nullable beside it. Consumers here read siblings next to $ref directly.
    const onlyElement = key === 'allOf' && Array.isArray(child) && child.length === 1 ? child[0] : undefined;
    if (isJsonObject(onlyElement) && Object.keys(onlyElement).length === 1 && typeof onlyElement.$ref === 'string') {
      result.$ref = (compactSchemaNode(onlyElement) as JsonObject).$ref;
      continue;
    }
    result[key] = compactSchemaNode(child);
  }
  return result;
}

/** Short refs ("io.k8s.api.core.v1.PodSpec") and single-ref allOf flattened; every other keyword is kept. */
export function compactSchema(schema: JsonObject): JsonObject {
  return compactSchemaNode(schema) as JsonObject;
}

/** "io.k8s.api.apps.v1" for "io.k8s.api.apps.v1.Deployment": the unit of one output file. */
export function packageOfSchema(schemaName: string): string {
  const lastDot = schemaName.lastIndexOf('.');
  if (lastDot <= 0) throw new Error(`schema name without a package: ${schemaName}`);
  return schemaName.slice(0, lastDot);
}

// Reading the generated schema set (and the upstream reference copies) for the schema tests.
import type { RemovedApi, VersionIndex } from '../../server/src/schema/bundledSchemas';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

export const repoRoot = resolve(__dirname, '..', '..');
export const schemaRoot = join(repoRoot, 'schemas', 'k8s');
export const overlayRoot = join(repoRoot, 'schemas', 'overlay');
export const referenceRoot = resolve(repoRoot, '..', 'shared', 'schemas', 'k8s-openapi-v3');
export const SIZE_BUDGET_BYTES = 4 * 1024 * 1024;

export type SchemaObject = { [key: string]: unknown };

export type MinorIndex = VersionIndex;

export interface VersionsFile {
  default: string;
  versions: string[];
}

export type { RemovedApi };

export interface EnumOverlayEntry {
  values: string[];
  valuesSince?: Record<string, string[]>;
  enforcedBy: string;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function compareMinors(left: string, right: string): number {
  const [leftMajor, leftMinor] = left.split('.').map(Number);
  const [rightMajor, rightMinor] = right.split('.').map(Number);
  return leftMajor - rightMajor || leftMinor - rightMinor;
}

export function propertiesOf(schema: SchemaObject | undefined): SchemaObject | undefined {
  return isSchemaObject(schema?.properties) ? schema.properties : undefined;
}

export const versionsFile = readJson<VersionsFile>(join(schemaRoot, 'versions.json'));
export const minors = versionsFile.versions;

export const indexCache = new Map<string, MinorIndex>();
export function loadIndex(minor: string): MinorIndex {
  let index = indexCache.get(minor);
  if (!index) indexCache.set(minor, (index = readJson<MinorIndex>(join(schemaRoot, minor, 'index.json'))));
  return index;
}

export const schemaCache = new Map<string, Map<string, SchemaObject>>();
/** Every schema of a minor, decompressed from all of its package files. */
export function loadSchemas(minor: string): Map<string, SchemaObject> {
  const cached = schemaCache.get(minor);
  if (cached) return cached;
  const schemas = new Map<string, SchemaObject>();
  for (const fileName of Object.values(loadIndex(minor).packages)) {
    const content = JSON.parse(brotliDecompressSync(readFileSync(join(schemaRoot, minor, fileName))).toString('utf8')) as unknown;
    assert.ok(isSchemaObject(content), `${minor}/${fileName} holds an object`);
    for (const [name, schema] of Object.entries(content)) {
      assert.ok(isSchemaObject(schema), `${minor}/${fileName}: ${name} is an object`);
      schemas.set(name, schema);
    }
  }
  schemaCache.set(minor, schemas);
  return schemas;
}

export function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (isSchemaObject(value)) {
    if (typeof value.$ref === 'string') refs.push(value.$ref);
    for (const child of Object.values(value)) collectRefs(child, refs);
  }
  return refs;
}

export function collectSingleRefAllOf(value: unknown, found: number[] = [0]): number {
  if (Array.isArray(value)) for (const item of value) collectSingleRefAllOf(item, found);
  else if (isSchemaObject(value)) {
    if (Array.isArray(value.allOf) && value.allOf.length === 1) found[0] += 1;
    for (const child of Object.values(value)) collectSingleRefAllOf(child, found);
  }
  return found[0];
}

export function directorySize(directory: string): number {
  return readdirSync(directory).reduce((total, entry) => {
    const path = join(directory, entry);
    const stats = statSync(path);
    return total + (stats.isDirectory() ? directorySize(path) : stats.size);
  }, 0);
}

/** The reference documents of one minor: their served kinds and their merged component schemas. */
export interface ReferenceMinor {
  kinds: Map<string, string>;
  schemas: Map<string, SchemaObject>;
}

export function listJsonFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return listJsonFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

// Same rule as the upstream kubectl-validate data was summarised with (shared/schemas.md A.6): a kind is a
// schema whose GVK matches its document's group-version and whose metadata is ObjectMeta.
export function loadReferenceMinor(minor: string): ReferenceMinor {
  const root = join(referenceRoot, minor);
  const reference: ReferenceMinor = { kinds: new Map(), schemas: new Map() };
  for (const file of listJsonFiles(root)) {
    const parts = relative(root, file).replace(/\.json$/, '').split(sep);
    const [group, version] = parts[0] === 'api' ? ['', parts[1]] : [parts[1], parts[2]];
    const document = readJson<{ components?: { schemas?: Record<string, SchemaObject> } }>(file);
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      reference.schemas.set(name, schema);
      const metadata = JSON.stringify(propertiesOf(schema)?.metadata ?? null);
      if (!metadata.includes('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')) continue;
      const gvks = Array.isArray(schema['x-kubernetes-group-version-kind']) ? schema['x-kubernetes-group-version-kind'] : [];
      for (const gvk of gvks as { group: string; version: string; kind: string }[]) {
        if (gvk.group !== group || gvk.version !== version) continue;
        reference.kinds.set(`${group === '' ? version : `${group}/${version}`}/${gvk.kind}`, name);
      }
    }
  }
  return reference;
}


// kubeconform reads JSON schemas from disk, one file per kind; these come from our own bundled set so that
// kubeconform and GitOps Manifests judge the same Kubernetes version with the same strictness.
import { splitKindKey } from '../../server/src/schema/apiGroups';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BundledSchemas } from '../../server/src/schema/bundledSchemas';
import { QUANTITY_PATTERN } from '../../server/src/schema/ajvFactory';
import { collectRefs, INT_OR_STRING, QUANTITY, type JsonSchema } from '../../server/src/schema/prepareSchema';

/**
 * Writes `<kind>-<group's first label>-<version>.json` (core kinds: `<kind>-<version>.json`) for every kind of the
 * minor, for `kubeconform -schema-location '<dir>/{{.ResourceKind}}{{.KindSuffix}}.json'`. Returns the file count.
 */
export function writeKubeconformSchemas(dir: string, minor?: string, bundled = new BundledSchemas()): number {
  const version = minor ?? bundled.defaultVersion;
  mkdirSync(dir, { recursive: true });
  let count = 0;
  for (const key of bundled.kindKeys(version)) {
    const { apiVersion, kind } = splitKindKey(key);
    const info = bundled.kind(version, apiVersion, kind);
    if (!info) continue;
    const [group, ver] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const suffix = group ? `-${group.split('.')[0].toLowerCase()}-${ver.toLowerCase()}` : `-${ver.toLowerCase()}`;
    writeFileSync(join(dir, `${kind.toLowerCase()}${suffix}.json`), JSON.stringify(standalone(bundled, version, info.schema)));
    count++;
  }
  return count;
}

/** The root schema plus every definition it reaches, with refs pointing into the same file. */
function standalone(bundled: BundledSchemas, minor: string, root: string): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  const pending = [root];
  while (pending.length) {
    const name = pending.pop() as string;
    if (definitions[name]) continue;
    const schema = bundled.schema(minor, name);
    if (!schema) continue;
    definitions[name] = toStandardKeywords(schema) as JsonSchema;
    for (const ref of collectRefs(schema, new Set())) if (!definitions[ref]) pending.push(ref);
  }
  return { $ref: `#/definitions/${root}`, definitions };
}

/** Our validator's keywords in plain JSON Schema, which kubeconform understands. */
function toStandardKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toStandardKeywords);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = `#/definitions/${v}`;
    else if (k === INT_OR_STRING || k === QUANTITY || k === 'nullable') continue;
    else out[k] = toStandardKeywords(v);
  }
  const src = node as JsonSchema;
  if (src[INT_OR_STRING]) out.type = ['integer', 'string'];
  if (src[QUANTITY]) {
    out.type = ['string', 'number'];
    out.pattern = QUANTITY_PATTERN.source;
  }
  if (src.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

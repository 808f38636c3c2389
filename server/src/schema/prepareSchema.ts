// Turns an upstream OpenAPI v3 schema (bundled or from a CRD) into what our validator enforces.
// Upstream data is permissive where the apiserver is not, so this is where strictness comes from:
//  - objects with `properties` are closed unless `x-kubernetes-preserve-unknown-fields` (kubectl --validate=strict);
//  - int-or-string and quantities get our own keywords (YAML numbers are valid quantities);
//  - `nullable` without `type` is dropped (the validator requires a type next to it).

export type JsonSchema = { [key: string]: unknown };

export const INT_OR_STRING = 'x-kubernetes-int-or-string';
export const QUANTITY = 'x-gitops-quantity';

const INT_OR_STRING_NAME = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY_NAME = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** Prepares one named bundled schema (its refs stay refs). */
export function prepareNamedSchema(name: string, schema: JsonSchema): JsonSchema {
  if (name === INT_OR_STRING_NAME) return { description: schema.description, [INT_OR_STRING]: true };
  if (name === QUANTITY_NAME) return { description: schema.description, [QUANTITY]: true };
  return prepareSchema(schema);
}

export function prepareSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case 'properties':
      case 'patternProperties':
      case 'definitions':
      case '$defs':
        out[key] = mapValues(value as Record<string, JsonSchema>, prepareSchema);
        break;
      case 'items':
        out[key] = Array.isArray(value) ? value.map((v) => prepareSchema(v as JsonSchema)) : prepareSchema(value as JsonSchema);
        break;
      case 'additionalProperties':
      case 'not':
        out[key] = typeof value === 'object' && value !== null ? prepareSchema(value as JsonSchema) : value;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as JsonSchema[]).map(prepareSchema);
        break;
      default:
        out[key] = value;
    }
  }

  if (out[INT_OR_STRING] === true || out.format === 'int-or-string') {
    // CRDs spell int-or-string as `x-kubernetes-int-or-string` plus an anyOf of both types; one keyword says it once.
    delete out.type;
    delete out.anyOf;
    delete out.oneOf;
    if (out.format === 'int-or-string') delete out.format;
    out[INT_OR_STRING] = true;
  }
  if (out.nullable !== undefined && out.type === undefined) delete out.nullable;

  // An object without declared `properties` (e.g. `fieldsV1`) is a free-form map and stays open.
  const open = out['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties && out.additionalProperties === undefined && !open) {
    out.additionalProperties = false;
  }
  return out;
}

function mapValues<T, U>(obj: Record<string, T>, fn: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = fn(v);
  return out;
}

/** The `$ref` targets a schema points at (bundled schemas refer by bare name). */
export function collectRefs(schema: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(schema)) {
    for (const s of schema) collectRefs(s, into);
  } else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string') into.add(v);
      else if (typeof v === 'object') collectRefs(v, into);
    }
  }
  return into;
}

// Follows a YAML path through a schema (refs, items, maps) for hover and completion.
import type { YamlPath } from '../parse/yamlPath';
import type { JsonSchema } from './prepareSchema';
import type { ResolvedSchema } from './schemaStore';

/** Resolves `$ref` chains, merging the referring node's own description/default over the target. */
export function deref(schema: JsonSchema | undefined, lookup: ResolvedSchema['lookup']): JsonSchema | undefined {
  let current = schema;
  for (let depth = 0; current && typeof current.$ref === 'string' && depth < 32; depth++) {
    const target = lookup(current.$ref);
    if (!target) return current;
    const { $ref: _ref, ...own } = current;
    current = { ...target, ...own };
  }
  // `allOf: [X]` with one entry is how some schemas attach a description to a ref.
  if (current && Array.isArray(current.allOf) && current.allOf.length === 1) {
    const { allOf, ...own } = current;
    return deref({ ...(allOf[0] as JsonSchema), ...own }, lookup);
  }
  return current;
}

/** The schema for the value at `path`, or undefined when the path leaves the schema. */
export function schemaAt(resolved: Pick<ResolvedSchema, 'root' | 'lookup'>, path: YamlPath): JsonSchema | undefined {
  let node = deref(resolved.root, resolved.lookup);
  for (const step of path) {
    if (!node) return undefined;
    node = deref(childSchema(node, step), resolved.lookup);
  }
  return node;
}

function childSchema(node: JsonSchema, step: string | number): JsonSchema | undefined {
  if (typeof step === 'number') return (node.items as JsonSchema | undefined) ?? undefined;
  const props = node.properties as Record<string, JsonSchema> | undefined;
  if (props && props[step]) return props[step];
  if (node.additionalProperties && typeof node.additionalProperties === 'object') return node.additionalProperties as JsonSchema;
  return undefined;
}

/** A short type label: `integer`, `[]Container`, `map[string]string`, `int-or-string`, `quantity`. */
export function typeLabel(schema: JsonSchema, original?: JsonSchema): string {
  if (schema['x-kubernetes-int-or-string']) return 'int-or-string';
  if (schema['x-gitops-quantity']) return 'quantity';
  const refName = typeof original?.$ref === 'string' ? original.$ref.split('.').pop() : undefined;
  if (schema.type === 'array') {
    const items = schema.items as JsonSchema | undefined;
    const itemRef = typeof items?.$ref === 'string' ? items.$ref.split('.').pop() : undefined;
    return `[]${itemRef ?? (items?.type as string | undefined) ?? 'any'}`;
  }
  if (schema.type === 'object' && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const v = schema.additionalProperties as JsonSchema;
    return `map[string]${(v.type as string | undefined) ?? 'object'}`;
  }
  if (refName && schema.properties) return refName;
  return (schema.type as string | undefined) ?? (schema.properties ? 'object' : 'any');
}

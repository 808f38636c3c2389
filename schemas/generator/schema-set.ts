// The component schemas of one release, merged across its group-version documents. Every document repeats
// the schemas it references (core v1 types appear in apps/v1, batch/v1, …), so one copy per name is kept.
import { compareStrings, isJsonObject, type JsonObject, type JsonValue } from './json';
import { packageOfSchema } from './openapi';

const GVK_EXTENSION = 'x-kubernetes-group-version-kind';

function withoutGroupVersionKinds(schema: JsonObject): string {
  const { [GVK_EXTENSION]: _ignored, ...rest } = schema;
  return JSON.stringify(rest);
}

function gvkSortKey(value: JsonValue): string {
  if (!isJsonObject(value)) return JSON.stringify(value);
  return `${String(value.group)}\u0000${String(value.version)}\u0000${String(value.kind)}`;
}

// DeleteOptions and WatchEvent list the GVKs of the group they are served in, so each document has a
// different list; the merged schema lists them all.
function mergeGroupVersionKinds(left: JsonValue | undefined, right: JsonValue | undefined): JsonValue[] {
  const byKey = new Map<string, JsonValue>();
  for (const list of [left, right]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) byKey.set(gvkSortKey(item), item);
  }
  return [...byKey].sort(([left], [right]) => compareStrings(left, right)).map(([, item]) => item);
}

export class SchemaSet {
  private readonly schemas = new Map<string, JsonObject>();
  private readonly sourceOf = new Map<string, string>();

  constructor(private readonly warn: (message: string) => void) {}

  add(name: string, schema: JsonObject, source: string): void {
    const known = this.schemas.get(name);
    if (!known) {
      this.schemas.set(name, schema);
      this.sourceOf.set(name, source);
      return;
    }
    if (withoutGroupVersionKinds(known) !== withoutGroupVersionKinds(schema)) {
      this.warn(`${name} differs between ${this.sourceOf.get(name)} and ${source}; keeping the first`);
      return;
    }
    if (known[GVK_EXTENSION] !== undefined || schema[GVK_EXTENSION] !== undefined) {
      known[GVK_EXTENSION] = mergeGroupVersionKinds(known[GVK_EXTENSION], schema[GVK_EXTENSION]);
    }
  }

  get(name: string): JsonObject | undefined {
    return this.schemas.get(name);
  }

  get size(): number {
    return this.schemas.size;
  }

  /** Schemas grouped by package, both levels sorted by name so the output is stable across runs. */
  byPackage(): Map<string, Map<string, JsonObject>> {
    const packages = new Map<string, Map<string, JsonObject>>();
    for (const name of [...this.schemas.keys()].sort(compareStrings)) {
      const packageName = packageOfSchema(name);
      let members = packages.get(packageName);
      if (!members) packages.set(packageName, (members = new Map()));
      members.set(name, this.schemas.get(name)!);
    }
    return new Map([...packages].sort(([left], [right]) => compareStrings(left, right)));
  }
}

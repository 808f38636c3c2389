// Enums from schemas/overlay/enums.json: the upstream OpenAPI v3 documents carry none, yet the apiserver
// rejects values outside these sets, and completion and validation need them.
import { readFileSync } from 'node:fs';
import { compareMinors } from './go-modules';
import { isJsonObject, isStringArray, parseJsonObject, type JsonObject } from './json';
import type { SchemaSet } from './schema-set';

export interface EnumOverlayEntry {
  /** The overlay key, e.g. "io.k8s.api.core.v1.Container.imagePullPolicy" or "...accessModes[]". */
  key: string;
  schemaName: string;
  property: string;
  /** True for "[]" keys: the enum belongs to the items of a string array. */
  appliesToItems: boolean;
  values: string[];
  /** Values accepted only from a minor on, keyed by that minor. */
  valuesSince: Record<string, string[]>;
}

const ITEMS_SUFFIX = '[]';

export function parseEnumOverlayKey(key: string): Pick<EnumOverlayEntry, 'schemaName' | 'property' | 'appliesToItems'> {
  const appliesToItems = key.endsWith(ITEMS_SUFFIX);
  const path = appliesToItems ? key.slice(0, -ITEMS_SUFFIX.length) : key;
  const lastDot = path.lastIndexOf('.');
  if (lastDot <= 0) throw new Error(`enum overlay key without a property: ${key}`);
  return { schemaName: path.slice(0, lastDot), property: path.slice(lastDot + 1), appliesToItems };
}

export function readEnumOverlay(file: string): EnumOverlayEntry[] {
  const document = parseJsonObject(readFileSync(file, 'utf8'), file);
  const entries: EnumOverlayEntry[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (key.startsWith('$')) continue; // "$comment" and friends document the file
    if (!isJsonObject(value) || !isStringArray(value.values) || typeof value.enforcedBy !== 'string') {
      throw new Error(`${file}: ${key} needs "values" (strings) and "enforcedBy" (where the server checks it)`);
    }
    const valuesSince: Record<string, string[]> = {};
    if (value.valuesSince !== undefined) {
      if (!isJsonObject(value.valuesSince)) throw new Error(`${file}: ${key}.valuesSince must be an object`);
      for (const [minor, added] of Object.entries(value.valuesSince)) {
        if (!isStringArray(added)) throw new Error(`${file}: ${key}.valuesSince.${minor} must list strings`);
        valuesSince[minor] = added;
      }
    }
    entries.push({ key, ...parseEnumOverlayKey(key), values: value.values, valuesSince });
  }
  return entries;
}

/** The values a given minor accepts for an entry. */
export function enumValuesFor(entry: EnumOverlayEntry, minor: string): string[] {
  const added = Object.entries(entry.valuesSince)
    .filter(([since]) => compareMinors(since, minor) <= 0)
    .flatMap(([, values]) => values);
  return [...entry.values, ...added];
}

export interface EnumOverlayResult {
  /** Keys whose property exists in this minor and now carries the enum. */
  applied: string[];
  /** Keys whose schema or property this minor does not have. */
  absent: string[];
}

/** Writes the overlay's enums into the schemas of one minor. A target that is not a string is an error. */
export function applyEnumOverlay(schemas: SchemaSet, entries: EnumOverlayEntry[], minor: string): EnumOverlayResult {
  const result: EnumOverlayResult = { applied: [], absent: [] };
  for (const entry of entries) {
    const properties = schemas.get(entry.schemaName)?.properties;
    const property = isJsonObject(properties) ? properties[entry.property] : undefined;
    if (!isJsonObject(property)) {
      result.absent.push(entry.key);
      continue;
    }
    const target: JsonObject | undefined = entry.appliesToItems
      ? property.type === 'array' && isJsonObject(property.items) ? property.items : undefined
      : property;
    if (!target || target.type !== 'string') {
      throw new Error(`enum overlay ${entry.key}: the ${minor} schema is not a string${entry.appliesToItems ? ' array' : ''}`);
    }
    target.enum = enumValuesFor(entry, minor);
    result.applied.push(entry.key);
  }
  return result;
}

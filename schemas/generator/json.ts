// JSON value types for data read from the OpenAPI documents and the overlay files.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isStringArray(value: JsonValue | undefined): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Parses JSON text and insists on an object at the top, the shape of every file this generator reads. */
export function parseJsonObject(text: string, source: string): JsonObject {
  const value = JSON.parse(text) as JsonValue;
  if (!isJsonObject(value)) throw new Error(`${source}: expected a JSON object at the top level`);
  return value;
}

/** Code-point order: unlike localeCompare it cannot change with the machine's locale, so output stays stable. */
export function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

// `metadata.managedFields`: who owns which field of a live object (server-side apply's FieldsV1 sets).
// FieldsV1 keys: `f:name` (a map field), `k:{"name":"web"}` (a list-map element by its keys), `v:"x"` (a set list
// value), `i:0` (a list element by index) and `.` (the element or field itself, next to its children).
import type { PathSegment } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One step of an owned path as FieldsV1 names it. */
export type FieldStep =
  | { field: string }
  | { keys: Record<string, unknown> }
  | { value: unknown }
  | { index: number };

/** A node of a FieldsV1 set: `self` when the node itself is a member (a leaf, or marked with `.`). */
export interface FieldNode {
  self: boolean;
  fields?: Map<string, FieldNode>;
  keyed?: Array<{ keys: Record<string, unknown>; node: FieldNode }>;
  values?: Array<{ value: unknown; node: FieldNode }>;
  indexed?: Map<number, FieldNode>;
}

export interface ManagedFieldsEntry {
  manager: string;
  /** `Apply` (server-side apply) or `Update` (everything else). */
  operation: string;
  /** `status`, `scale`, … when the write went through a subresource. */
  subresource?: string;
  /** When the manager last changed the fields it owns, ISO 8601. */
  time?: string;
  apiVersion?: string;
  fields: FieldNode;
}

/** Parses one FieldsV1 object into a tree; malformed keys are skipped rather than failing the object. */
export function parseFieldsV1(raw: unknown): FieldNode {
  const node: FieldNode = { self: false };
  if (!isObj(raw)) return node;
  const keys = Object.keys(raw);
  if (keys.length === 0) {
    node.self = true;
    return node;
  }
  for (const key of keys) {
    if (key === '.') {
      node.self = true;
      continue;
    }
    const child = parseFieldsV1(raw[key]);
    const kind = key.slice(0, 2);
    const rest = key.slice(2);
    if (kind === 'f:') {
      (node.fields ??= new Map()).set(rest, child);
    } else if (kind === 'k:') {
      const keysValue = parseJson(rest);
      if (isObj(keysValue)) (node.keyed ??= []).push({ keys: keysValue, node: child });
    } else if (kind === 'v:') {
      const value = parseJson(rest);
      if (value !== undefined) (node.values ??= []).push({ value, node: child });
    } else if (kind === 'i:') {
      const index = Number(rest);
      if (Number.isInteger(index)) (node.indexed ??= new Map()).set(index, child);
    }
  }
  return node;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// A live object is diffed again on every edit of its document; its managedFields are parsed once.
const parsed = new WeakMap<unknown[], ManagedFieldsEntry[]>();

/** The managedFields entries of an object, in the order the apiserver lists them. */
export function parseManagedFields(obj: Record<string, unknown>): ManagedFieldsEntry[] {
  const metadata = isObj(obj.metadata) ? obj.metadata : undefined;
  const list = metadata && Array.isArray(metadata.managedFields) ? metadata.managedFields : [];
  const cached = parsed.get(list);
  if (cached) return cached;
  const out: ManagedFieldsEntry[] = [];
  for (const e of list) {
    if (!isObj(e) || typeof e.manager !== 'string') continue;
    out.push({
      manager: e.manager,
      operation: typeof e.operation === 'string' ? e.operation : 'Update',
      subresource: typeof e.subresource === 'string' && e.subresource !== '' ? e.subresource : undefined,
      time: typeof e.time === 'string' ? e.time : undefined,
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : undefined,
      fields: parseFieldsV1(e.fieldsV1),
    });
  }
  parsed.set(list, out);
  return out;
}

/** Every member of a set as a path of steps (leaves and `.`-marked nodes), depth first. */
export function ownedPaths(node: FieldNode, prefix: FieldStep[] = [], out: FieldStep[][] = []): FieldStep[][] {
  if (node.self && prefix.length > 0) out.push(prefix);
  if (node.fields) for (const [name, child] of node.fields) ownedPaths(child, [...prefix, { field: name }], out);
  if (node.keyed) for (const { keys, node: child } of node.keyed) ownedPaths(child, [...prefix, { keys }], out);
  if (node.values) for (const { value, node: child } of node.values) ownedPaths(child, [...prefix, { value }], out);
  if (node.indexed) for (const [index, child] of node.indexed) ownedPaths(child, [...prefix, { index }], out);
  return out;
}

/** Equality of key values as FieldsV1 writes them (JSON scalars) and as objects hold them. */
export function keysMatch(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  return ak.every((k) => k in b && jsonEqual(a[k], b[k]));
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  return keysMatch(a as Obj, b as Obj);
}

/** The child of a set node for one path segment (a map key, a list-map element, a list index). */
export function childNode(node: FieldNode, segment: PathSegment): FieldNode | undefined {
  if (typeof segment === 'string') return node.fields?.get(segment);
  if (typeof segment === 'number') return node.indexed?.get(segment);
  return node.keyed?.find((k) => keysMatch(k.keys, segment.keys))?.node;
}

/** The node of a set at a path, or undefined when the set does not reach it. */
export function nodeAt(root: FieldNode, segments: readonly PathSegment[]): FieldNode | undefined {
  let node: FieldNode | undefined = root;
  for (const s of segments) {
    node = childNode(node, s);
    if (!node) return undefined;
  }
  return node;
}

/** Whether a set node has members below it. */
export function hasChildren(node: FieldNode | undefined): boolean {
  return node !== undefined && Boolean(node.fields?.size || node.keyed?.length || node.values?.length || node.indexed?.size);
}

/** How an entry relates to a path: owns it (or an atomic ancestor), owns something below it, or neither. */
export type Ownership = 'owns' | 'below' | undefined;

export function ownershipOf(entry: ManagedFieldsEntry, segments: readonly PathSegment[]): Ownership {
  let node: FieldNode | undefined = entry.fields;
  for (let i = 0; i < segments.length; i++) {
    const next = childNode(node, segments[i]);
    if (!next) {
      // A leaf above the path owns everything under it (an atomic list or map, set as a whole).
      return i > 0 && node.self && !hasChildren(node) ? 'owns' : undefined;
    }
    node = next;
  }
  if (node.self) return 'owns';
  return hasChildren(node) ? 'below' : undefined;
}

export interface Owner {
  entry: ManagedFieldsEntry;
  /** How many segments of the asked path the owned node covers (the path's own length when it is owned itself). */
  depth: number;
  ownership: 'owns' | 'below';
}

/**
 * The owners of a path: the entries that own it (or an atomic ancestor); else the entries owning something below it;
 * else the owners of the deepest ancestor that has any (for a field the live object lacks).
 */
export function ownersOf(entries: readonly ManagedFieldsEntry[], segments: readonly PathSegment[]): Owner[] {
  for (let depth = segments.length; depth >= 1; depth--) {
    const path = segments.slice(0, depth);
    const owning: Owner[] = [];
    const below: Owner[] = [];
    for (const entry of entries) {
      const o = ownershipOf(entry, path);
      if (o === 'owns') owning.push({ entry, depth, ownership: 'owns' });
      else if (o === 'below') below.push({ entry, depth, ownership: 'below' });
    }
    if (owning.length) return owning;
    if (below.length) return below;
  }
  return [];
}

// What a change does, in words: the objects and fields that differ between the base's and the new version of each
// file (a structural diff of the parsed documents, so formatting and comments do not count), and from that the
// pull request's title, branch name and description. Pure: text in, text out. Secret values are never shown.
import { parseAllDocuments } from 'yaml';

export interface ManifestFileChange {
  /** Repository-relative path. */
  path: string;
  /** The base's version; undefined for a new file. */
  before?: string;
  after: string;
}

export interface FieldChange {
  /** Dotted path; list items with a `name` are addressed by it: `spec.template.spec.containers[web].image`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ObjectChange {
  file: string;
  kind: string;
  name: string;
  namespace?: string;
  change: 'added' | 'removed' | 'modified';
  fields: FieldChange[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The objects of each file that were added, removed or changed, in file order. */
export function diffManifests(files: ManifestFileChange[]): ObjectChange[] {
  return files.flatMap((file) => diffFile(file));
}

function diffFile({ path, before, after }: ManifestFileChange): ObjectChange[] {
  const old = objectsOf(before ?? '');
  const next = objectsOf(after);
  const changes: ObjectChange[] = [];
  for (const [key, value] of next) {
    const id = identity(value, key);
    const previous = old.get(key);
    if (previous === undefined) {
      changes.push({ file: path, ...id, change: 'added', fields: [] });
      continue;
    }
    const fields = diffValues(previous, value, '');
    if (fields.length) changes.push({ file: path, ...id, change: 'modified', fields });
  }
  for (const [key, value] of old) {
    if (!next.has(key)) changes.push({ file: path, ...identity(value, key), change: 'removed', fields: [] });
  }
  return changes;
}

/** Documents by kind/namespace/name (or position when unnamed); null and empty documents left out. */
function objectsOf(text: string): Map<string, unknown> {
  const objects = new Map<string, unknown>();
  let position = 0;
  for (const doc of parseAllDocuments(text)) {
    position++;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch {
      value = undefined;
    }
    if (value === null || value === undefined) continue;
    const meta = isObj(value) && isObj(value.metadata) ? value.metadata : undefined;
    const key = isObj(value) && typeof value.kind === 'string' && typeof meta?.name === 'string'
      ? `${value.kind}/${typeof meta.namespace === 'string' ? meta.namespace : ''}/${meta.name}`
      : `#${position}`;
    objects.set(key, value);
  }
  return objects;
}

function identity(value: unknown, key: string): { kind: string; name: string; namespace?: string } {
  const kind = isObj(value) && typeof value.kind === 'string' ? value.kind : 'Document';
  const meta = isObj(value) && isObj(value.metadata) ? value.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : key;
  return { kind, name, ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}) };
}

function diffValues(before: unknown, after: unknown, path: string): FieldChange[] {
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => (key in after ? (key in before ? diffValues(before[key], after[key], join(path, key)) : [{ path: join(path, key), after: after[key] }]) : [{ path: join(path, key), before: before[key] }]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (isNamedList(before) && isNamedList(after)) {
      const old = new Map(before.map((item) => [item.name as string, item]));
      const next = new Map(after.map((item) => [item.name as string, item]));
      const changes: FieldChange[] = [];
      for (const [name, item] of next) {
        const itemPath = `${path}[${name}]`;
        changes.push(...(old.has(name) ? diffValues(old.get(name), item, itemPath) : [{ path: itemPath, after: item }]));
      }
      for (const [name, item] of old) if (!next.has(name)) changes.push({ path: `${path}[${name}]`, before: item });
      return changes;
    }
    if (before.length === after.length) return before.flatMap((item, i) => diffValues(item, after[i], `${path}[${i}]`));
  }
  return equal(before, after) ? [] : [{ path, before, after }];
}

function isNamedList(list: unknown[]): list is Obj[] {
  return list.length > 0 && list.every((item) => isObj(item) && typeof item.name === 'string') && new Set(list.map((i) => (i as Obj).name)).size === list.length;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

const isSecret = (change: ObjectChange) => change.kind === 'Secret';

/** "Scale checkout to 4 replicas", "Update web image to registry/web:1.5", or "Update 3 manifests". */
export function titleFor(changes: ObjectChange[], fileCount: number): string {
  const modified = changes.filter((c) => c.change === 'modified');
  const fields = modified.flatMap((c) => c.fields);
  if (changes.length === 1 && modified.length === 1 && fields.length === 1 && fields[0].path === 'spec.replicas' && typeof fields[0].after === 'number') {
    return `Scale ${modified[0].name} to ${fields[0].after} ${fields[0].after === 1 ? 'replica' : 'replicas'}`;
  }
  const images = fields.filter((f) => /(^|\.|\])image$/.test(f.path) && typeof f.after === 'string');
  if (modified.length === changes.length && images.length === fields.length && images.length > 0 && new Set(images.map((f) => f.after)).size === 1) {
    const names = [...new Set(modified.map((c) => c.name))];
    return `Update ${names.join(', ')} image to ${String(images[0].after)}`;
  }
  if (changes.length === 1 && changes[0].change === 'added') return `Add ${changes[0].kind} ${changes[0].name}`;
  if (changes.length === 1 && changes[0].change === 'removed') return `Remove ${changes[0].kind} ${changes[0].name}`;
  if (changes.length === 1) return `Update ${changes[0].kind} ${changes[0].name}`;
  return `Update ${fileCount} ${fileCount === 1 ? 'manifest' : 'manifests'}`;
}

/** `gitops/<first-object>-<yyyymmdd-hhmm>` in UTC, the object name reduced to what a ref may hold. */
export function branchNameFor(changes: ObjectChange[], files: string[], now: Date): string {
  const first = changes[0]?.name ?? files[0]?.replace(/^.*\//, '').replace(/\.ya?ml$/i, '') ?? 'change';
  const slug = first.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').replace(/\.{2,}/g, '.').slice(0, 40) || 'change';
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`;
  return `gitops/${slug}-${stamp}`;
}

const MAX_FIELDS_PER_OBJECT = 20;

/** The "What changes" list: one entry per object, its fields with old → new values. */
export function describeChanges(changes: ObjectChange[]): string[] {
  const lines: string[] = [];
  for (const change of changes) {
    const where = `${change.namespace ? `${change.namespace}/` : ''}${change.name}`;
    const verb = change.change === 'added' ? 'added' : change.change === 'removed' ? 'removed' : 'changed';
    lines.push(`- **${change.kind} ${md(where)}** ${verb} (\`${change.file}\`)`);
    for (const field of change.fields.slice(0, MAX_FIELDS_PER_OBJECT)) lines.push(`  - ${describeField(field, isSecret(change))}`);
    if (change.fields.length > MAX_FIELDS_PER_OBJECT) lines.push(`  - … and ${change.fields.length - MAX_FIELDS_PER_OBJECT} more fields`);
  }
  return lines;
}

function describeField(field: FieldChange, hidden: boolean): string {
  const path = `\`${field.path}\``;
  if (hidden) return `${path} ${field.before === undefined ? 'added' : field.after === undefined ? 'removed' : 'changed'} (value not shown)`;
  if (field.before === undefined) return `${path} added: ${show(field.after)}`;
  if (field.after === undefined) return `${path} removed (was ${show(field.before)})`;
  return `${path}: ${show(field.before)} → ${show(field.after)}`;
}

function show(value: unknown): string {
  if (isObj(value) || Array.isArray(value)) {
    const json = JSON.stringify(value);
    return json.length <= 80 ? `\`${json}\`` : Array.isArray(value) ? `a list of ${value.length}` : 'an object';
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `\`${text.length > 120 ? `${text.slice(0, 117)}…` : text}\``;
}

function md(text: string): string {
  return text.replace(/([\\`*_[\]|<>])/g, '\\$1');
}

export interface BodyParts {
  changes: ObjectChange[];
  /** Markdown lint summary of the changed files. */
  lint?: string;
  /** What merging changes in the cluster, one line each; left out when undefined. */
  clusterChanges?: string[];
  /** The repository's pull request template, appended as it is. */
  template?: string;
}

export function bodyFor({ changes, lint, clusterChanges, template }: BodyParts): string {
  const sections = [`## What changes\n\n${changes.length ? describeChanges(changes).join('\n') : 'No object changes (formatting or comments only).'}`];
  if (clusterChanges) {
    sections.push(`## What merging changes in the cluster\n\n${clusterChanges.length ? clusterChanges.map((l) => `- ${l}`).join('\n') : 'Nothing: the cluster already matches.'}`);
  }
  if (lint) sections.push(`## Lint\n\n${lint}`);
  if (template?.trim()) sections.push(template.trim());
  return `${sections.join('\n\n')}\n`;
}

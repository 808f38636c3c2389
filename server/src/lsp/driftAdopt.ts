// "Adopt Live Value": the smallest edit that makes one field of the buffer say what the cluster says, keeping
// comments, quoting and indentation (the rules' fix machinery, rules/yamlEdits.ts).
import { parseDocument } from 'yaml';
import type { PathSegment } from '../drift/types';
import { splitDocuments } from '../parse/splitDocuments';
import type { YamlPath } from '../parse/yamlPath';
import { EditError, opsToEdits } from '../rules/yamlEdits';

/** A file-offset edit. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Edits of the file `text` that set the field at `segments` of YAML document `documentIndex` to `live`, or remove
 * it when `live` is undefined (the live object lacks it). Throws EditError, in plain words, when that is not possible.
 */
export function adoptLiveValueEdits(text: string, documentIndex: number, segments: PathSegment[], live: unknown): OffsetEdit[] {
  const chunk = splitDocuments(text)[documentIndex];
  if (!chunk) throw new EditError(`the file no longer has a YAML document number ${documentIndex + 1}`);
  const doc = parseDocument(chunk.text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new EditError('the document has YAML errors; fix them first');
  const data = doc.toJS() as unknown;
  const path = toYamlPath(data, segments);
  if (live === undefined && !hasPath(data, path)) throw new EditError('the field is already absent from the file');
  const ops = live === undefined ? [{ op: 'delete' as const, path }] : [{ op: 'set' as const, path, value: live }];
  return opsToEdits(chunk.text, doc, ops).map((e) => ({ start: e.start + chunk.start, end: e.end + chunk.start, newText: e.newText }));
}

/**
 * Drift paths name list-map elements by their keys (`containers[name=web]`); the buffer's edit needs the index.
 * Steps below a missing element cannot be placed, so that is an error; missing mapping keys are created by `set`.
 */
export function toYamlPath(data: unknown, segments: PathSegment[]): YamlPath {
  const path: YamlPath = [];
  let current: unknown = data;
  for (const segment of segments) {
    if (typeof segment === 'object') {
      if (!Array.isArray(current)) throw new EditError(`the file has no list at ${pathText(path)}`);
      const index = current.findIndex((item) => isObj(item) && Object.entries(segment.keys).every(([k, v]) => String(item[k]) === String(v)));
      if (index < 0) throw new EditError(`the file has no list item ${keysText(segment.keys)} at ${pathText(path)}`);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = isObj(current) || Array.isArray(current) ? (current as Record<string | number, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function hasPath(data: unknown, path: YamlPath): boolean {
  let current: unknown = data;
  for (const step of path) {
    if (!(isObj(current) || Array.isArray(current)) || !(step in current)) return false;
    current = (current as Record<string | number, unknown>)[step];
  }
  return true;
}

const keysText = (keys: Record<string, unknown>) => `[${Object.entries(keys).map(([k, v]) => `${k}=${String(v)}`).join(',')}]`;
const pathText = (path: YamlPath) => (path.length ? path.join('.') : 'the top level');

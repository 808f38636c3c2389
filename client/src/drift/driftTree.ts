// The Drift view's data: file → YAML document → differing field, from the language server's results. Pure (no
// `vscode`), so it is tested under plain Node; driftView.ts turns these nodes into tree items.
import type { DriftField, DriftObject } from '../../../server/src/drift/types';

export interface DriftViewOptions {
  /** `gitops.drift.showControllerOwned`. */
  showControllerOwned: boolean;
}

export interface FileNode {
  type: 'file';
  uri: string;
  documents: DocumentNode[];
}

export interface DocumentNode {
  type: 'document';
  uri: string;
  object: DriftObject;
  /** The fields shown (controller-owned ones left out per setting). */
  fields: FieldNode[];
}

export interface FieldNode {
  type: 'field';
  uri: string;
  object: DriftObject;
  field: DriftField;
}

export type DriftNode = FileNode | DocumentNode | FieldNode;

/** The results per document URI, as the server last sent them. */
export class DriftResults {
  private readonly byUri = new Map<string, DriftObject[]>();

  /** Stores a document's results; false when nothing changed. */
  set(uri: string, objects: DriftObject[]): boolean {
    const before = this.byUri.get(uri);
    if (objects.length === 0) return this.byUri.delete(uri);
    if (before && JSON.stringify(before) === JSON.stringify(objects)) return false;
    this.byUri.set(uri, objects);
    return true;
  }

  get(uri: string): DriftObject[] {
    return this.byUri.get(uri) ?? [];
  }

  clear(): void {
    this.byUri.clear();
  }

  get size(): number {
    return this.byUri.size;
  }

  /** Files with at least one result, drifted files first, then by path. */
  files(opts: DriftViewOptions): FileNode[] {
    const files = [...this.byUri].map(([uri, objects]) => fileNode(uri, objects, opts));
    return files.sort((a, b) => Number(countDrifted(b)) - Number(countDrifted(a)) || a.uri.localeCompare(b.uri));
  }

  /** Documents drifted (with a visible field) or missing from the cluster: the badge and the status bar count. */
  driftedCount(opts: DriftViewOptions): number {
    return this.files(opts).reduce((n, f) => n + countDrifted(f), 0);
  }
}

export function fileNode(uri: string, objects: DriftObject[], opts: DriftViewOptions): FileNode {
  const documents = [...objects]
    .sort((a, b) => a.documentIndex - b.documentIndex)
    .map((object): DocumentNode => {
      const fields = object.fields
        .filter((f) => opts.showControllerOwned || f.class !== 'controller')
        .map((field): FieldNode => ({ type: 'field', uri, object, field }));
      return { type: 'document', uri, object, fields };
    });
  return { type: 'file', uri, documents };
}

/** A document counts as drifted when it is missing or has a field the view shows. */
export function isDrifted(node: DocumentNode): boolean {
  return node.object.state === 'missing' || (node.object.state === 'drifted' && node.fields.length > 0);
}

function countDrifted(file: FileNode): number {
  return file.documents.filter(isDrifted).length;
}

export function children(node: DriftNode | undefined, results: DriftResults, opts: DriftViewOptions): DriftNode[] {
  if (!node) return results.files(opts);
  if (node.type === 'file') return node.documents;
  if (node.type === 'document') return node.fields;
  return [];
}

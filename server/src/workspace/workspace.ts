// What the workspace (or the CLI's inputs) holds beyond one file: every object, for cross-object rules and drift,
// and every CRD, so custom resources validate in any file. Each file (source) contributes its parsed documents.
import { parseManifestDocument, type ManifestDocument } from '../parse/manifestDocument';
import { splitDocuments } from '../parse/splitDocuments';
import { CrdRegistry, crdVersions } from './crds';
import { ObjectIndex, indexedObjects, type IndexedObject } from './objects';

export class Workspace {
  /** Every object, by kind, with versions that cross-object results key on. */
  readonly objects = new ObjectIndex();
  /** Every CRD version, by apiVersion and kind. */
  readonly crds = new CrdRegistry();
  /** Per source, the texts of its CRD documents when last registered (unchanged CRDs are not re-prepared). */
  private readonly crdTextBySource = new Map<string, string>();
  private readonly objectsByDoc = new WeakMap<ManifestDocument, { source: string; objects: IndexedObject[] }>();

  /**
   * Indexes a file that is not open (workspace indexing, CLI inputs): its CRDs and its objects.
   * Returns true when the CRD set or the object index changed.
   */
  indexFile(source: string, text: string): boolean {
    if (!/^\s*(apiVersion|kind)\s*:/m.test(text)) return this.forgetSource(source);
    return this.register(source, text, splitDocuments(text).map((c) => parseManifestDocument(c.text)));
  }

  /**
   * Replaces what one source contributes with its parsed documents (`text`, the whole file, fingerprints them).
   * Returns true when the CRD set or the object index changed.
   */
  register(source: string, text: string, documents: ManifestDocument[]): boolean {
    const crds = this.registerCrds(source, documents);
    return this.registerObjects(source, text, documents) || crds;
  }

  /** Drops everything a source contributed (deleted, too large, or no longer a manifest). */
  forgetSource(source: string): boolean {
    this.crdTextBySource.delete(source);
    const objects = this.objects.removeSource(source);
    return this.crds.removeSource(source) || objects;
  }

  private registerObjects(source: string, text: string, documents: ManifestDocument[]): boolean {
    return this.objects.setSource(source, text, documents.flatMap((d) => this.objectsOf(source, d)));
  }

  /** A document's index entries, the same objects while its text stays the same (the index diffs by identity). */
  private objectsOf(source: string, document: ManifestDocument): IndexedObject[] {
    const cached = this.objectsByDoc.get(document);
    if (cached?.source === source) return cached.objects;
    const objects = indexedObjects(source, document.value, document.text);
    this.objectsByDoc.set(document, { source, objects });
    return objects;
  }

  private registerCrds(source: string, documents: ManifestDocument[]): boolean {
    const crdDocs = documents.filter((d) => d.kind === 'CustomResourceDefinition');
    const fingerprint = crdDocs.map((d) => d.text).join('\0');
    if ((this.crdTextBySource.get(source) ?? '') === fingerprint) return false;
    if (fingerprint) this.crdTextBySource.set(source, fingerprint);
    else this.crdTextBySource.delete(source);
    return this.crds.setSource(source, crdDocs.flatMap((d) => crdVersions(d.value, source)));
  }
}

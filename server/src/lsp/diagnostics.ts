// Diagnostics as you type: debounced per document, published for the current version only.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from './serverContext';
import type { Diagnostic } from 'vscode-languageserver/node';
import { toDiagnostic } from './convert';
import { encodeDiagnostics, sendAsEncoded } from './transport';
import type { Finding } from '../parse/finding';
import type { LintedDocument } from '../engine/engine';

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly converted = new WeakMap<Finding[], { line: number; diagnostics: Diagnostic[]; encoded: Buffer }>();

  constructor(private readonly ctx: ServerContext) {}

  schedule(doc: TextDocument, immediately = false): void {
    const existing = this.timers.get(doc.uri);
    if (existing) clearTimeout(existing);
    const delay = immediately ? 0 : this.ctx.settings.validate.debounceMs;
    this.timers.set(
      doc.uri,
      setTimeout(() => {
        this.timers.delete(doc.uri);
        void this.publish(doc.uri);
      }, delay),
    );
  }

  /** Re-lints every open document (settings or CRDs changed). */
  scheduleAll(): void {
    for (const doc of this.ctx.documents.all()) this.schedule(doc, true);
  }

  clear(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * Diagnostics document by document, reused (with their JSON) while a document's findings and first line stay the
   * same: typing in one document of a large file converts only that document's findings (and those below it when
   * lines move).
   */
  private diagnosticsOf(doc: TextDocument, documents: LintedDocument[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    const encoded: Buffer[] = [];
    for (const d of documents) {
      if (d.findings.length === 0) continue;
      const line = doc.positionAt(d.start).line;
      let cached = this.converted.get(d.findings);
      if (cached?.line !== line) {
        const diagnostics = d.findings.map((f) => toDiagnostic(doc, f, d.start));
        cached = { line, diagnostics, encoded: encodeDiagnostics(diagnostics) };
        this.converted.set(d.findings, cached);
      }
      for (const x of cached.diagnostics) out.push(x);
      encoded.push(cached.encoded);
    }
    return sendAsEncoded(out, encoded);
  }

  private async publish(uri: string): Promise<void> {
    const doc = this.ctx.documents.get(uri);
    if (!doc) return;
    try {
      if (!this.ctx.isValidated(uri)) {
        void this.ctx.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [] });
        return;
      }
      const crdsBefore = this.ctx.engine.workspace.crds.version;
      // A large file is read between other work: requests keep being answered meanwhile.
      const result = await this.ctx.lintYielding(doc);
      // The text changed meanwhile: its own timer publishes the newer one.
      if (!result || this.ctx.documents.get(uri) !== doc) return;
      const diagnostics = this.diagnosticsOf(doc, result.documents);
      void this.ctx.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
      // Editing a CRD changes how custom resources in the other open files validate.
      if (this.ctx.engine.workspace.crds.version !== crdsBefore) {
        for (const other of this.ctx.documents.all()) if (other.uri !== uri) this.schedule(other);
      }
    } catch (err) {
      // One broken document must never take the server down: say so in the log, keep serving the rest.
      this.ctx.connection.console.error(`Validation of ${uri} failed: ${(err as Error).stack ?? err}`);
    }
  }
}

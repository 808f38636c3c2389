// Outline: one symbol per YAML document, named `Kind/name`.
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver/node';
import { requestedDocument, type ServerContext } from './serverContext';
import { toRange } from './convert';

export function documentSymbols(ctx: ServerContext, params: DocumentSymbolParams): DocumentSymbol[] {
  const doc = requestedDocument(ctx, params);
  if (!doc) return [];
  const result = ctx.lint(doc);
  const symbols: DocumentSymbol[] = [];
  for (const { start, document } of result.documents) {
    // From the text, not the syntax tree: the outline must not build every document's tree.
    const span = contentSpan(document.text);
    if (!span) continue;
    const name = document.kind ? `${document.kind}/${document.name ?? '(unnamed)'}` : '(YAML document)';
    const range = toRange(doc, start + span[0], start + span[1]);
    const detail = [document.apiVersion, document.namespace && `namespace ${document.namespace}`].filter(Boolean).join(' · ');
    symbols.push({ name, detail, kind: document.kind ? SymbolKind.Class : SymbolKind.Module, range, selectionRange: range });
  }
  return symbols;
}

/** From the first line of content (after `---`, comments and blank lines) to the last non-blank character. */
function contentSpan(text: string): [number, number] | undefined {
  const first = /^(?!---|\.\.\.|\s*#|\s*$)/m.exec(text);
  if (!first) return undefined;
  const end = text.trimEnd().length;
  return end > first.index ? [first.index, end] : undefined;
}

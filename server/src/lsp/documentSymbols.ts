// Outline: one symbol per YAML document, named `Kind/name`.
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver/node';
import type { ServerContext } from './serverContext';
import { toRange } from './convert';

export function documentSymbols(ctx: ServerContext, params: DocumentSymbolParams): DocumentSymbol[] {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const result = ctx.lint(doc);
  const symbols: DocumentSymbol[] = [];
  for (const { start, document } of result.documents) {
    const contents = document.doc.contents;
    if (!contents?.range) continue;
    const name = document.kind ? `${document.kind}/${document.name ?? '(unnamed)'}` : '(YAML document)';
    const range = toRange(doc, start + contents.range[0], start + contents.range[1]);
    const detail = [document.apiVersion, document.namespace && `namespace ${document.namespace}`].filter(Boolean).join(' · ');
    symbols.push({ name, detail, kind: document.kind ? SymbolKind.Class : SymbolKind.Module, range, selectionRange: range });
  }
  return symbols;
}

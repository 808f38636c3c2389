// Quick fixes: every fix a finding carries, offered where its diagnostic is.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { ServerContext } from './serverContext';
import { toDiagnostic, toRange } from './convert';

export function codeActions(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc || !ctx.isValidated(doc.uri)) return [];
  if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const start = doc.offsetAt(params.range.start);
  const end = doc.offsetAt(params.range.end);
  const actions: CodeAction[] = [];
  for (const finding of ctx.lint(doc).findings) {
    if (!finding.fixes?.length || finding.end < start || finding.start > end) continue;
    const diagnostic = toDiagnostic(doc, finding);
    for (const fix of finding.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit: {
          changes: {
            [doc.uri]: fix.edits.map((e) => ({ range: toRange(doc, e.start, e.end), newText: e.newText })),
          },
        },
      });
    }
  }
  return actions;
}

// Quick fixes: every fix a finding carries, offered where its diagnostic is — preferred fixes first, then
// "Fix all <ID> in file" where a rule's preferred fixes can be applied together, then the other fixes, and
// the "Ignore …" suppressions last.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix, TextEdit } from '../parse/finding';
import { findingsAt } from '../engine/engine';
import { isRange, requestedDocument, type ServerContext } from './serverContext';
import { toDiagnostic, toRange } from './convert';

export function codeActions(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const doc = requestedDocument(ctx, params);
  if (!doc || !isRange(params.range) || !ctx.isValidated(doc.uri)) return [];
  const only: unknown = params.context?.only;
  if (Array.isArray(only) && !only.some((k) => typeof k === 'string' && CodeActionKind.QuickFix.startsWith(k))) return [];
  const start = doc.offsetAt(params.range.start);
  const end = doc.offsetAt(params.range.end);
  const result = ctx.lint(doc);
  const preferred: CodeAction[] = [];
  const other: CodeAction[] = [];
  const ignore: CodeAction[] = [];
  const here = findingsAt(result, start, end).filter((f) => f.fixes?.length);
  for (const finding of here) {
    for (const fix of finding.fixes ?? []) {
      const edits = editsOf(fix);
      if (!edits) continue;
      const action = quickFix(doc, fix.title, edits, [finding], fix.isPreferred);
      (isIgnoreFix(finding, fix) ? ignore : fix.isPreferred ? preferred : other).push(action);
    }
  }
  const findings = here.length > 0 ? result.findings : [];
  const fixAll = [...new Set(here.map((f) => f.ruleId))].flatMap((id) => {
    const edits = fixAllEdits(findings.filter((f) => f.ruleId === id));
    return edits ? [quickFix(doc, `Fix all ${id} in file`, edits, findings.filter((f) => f.ruleId === id))] : [];
  });
  return [...preferred, ...fixAll, ...other, ...ignore];
}

/** Fix edits are computed on first use and may turn out impossible to make cleanly: such a fix is not offered. */
function editsOf(fix: Fix): TextEdit[] | undefined {
  try {
    return fix.edits;
  } catch {
    return undefined;
  }
}

function quickFix(doc: TextDocument, title: string, edits: TextEdit[], findings: Finding[], isPreferred?: boolean): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: findings.map((f) => toDiagnostic(doc, f)),
    ...(isPreferred ? { isPreferred } : {}),
    edit: { changes: { [doc.uri]: edits.map((e) => ({ range: toRange(doc, e.start, e.end), newText: e.newText })) } },
  };
}

/** The suppression fixes every rule finding carries (runRules' "Ignore <ID> for this line/object"). */
function isIgnoreFix(finding: Finding, fix: Fix): boolean {
  return fix.title.startsWith(`Ignore ${finding.ruleId} for `);
}

/**
 * The preferred fixes of a rule's findings as one edit list, when at least two have one and they can be
 * applied together: identical edits (two findings adding the same pod-level field) count once, any other
 * overlap — including two insertions at one offset — means no "fix all".
 */
export function fixAllEdits(findings: Finding[]): TextEdit[] | undefined {
  const fixes = findings.flatMap((f) => {
    const fix = f.fixes?.find((x) => x.isPreferred && !isIgnoreFix(f, x));
    const edits = fix && editsOf(fix);
    return edits ? [edits] : [];
  });
  if (fixes.length < 2) return undefined;
  const seen = new Set<string>();
  const edits: TextEdit[] = [];
  for (const e of fixes.flat()) {
    const key = `${e.start}:${e.end}:${e.newText}`;
    if (!seen.has(key)) {
      seen.add(key);
      edits.push(e);
    }
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].start < edits[i - 1].end || edits[i].start === edits[i - 1].start) return undefined;
  }
  return edits;
}

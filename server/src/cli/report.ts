// A finding as the CLI reports it: file, 1-based positions, and no editor-only hints.
import type { Finding } from '../parse/finding';
import { LineIndex } from '../rules/lineIndex';

export type ReportSeverity = 'error' | 'warning' | 'info';

export interface ReportedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: ReportSeverity;
  ruleId: string;
  message: string;
}

export function toReported(file: string, text: string, findings: Finding[]): ReportedFinding[] {
  if (findings.length === 0) return [];
  const lines = new LineIndex(text);
  return findings
    .filter((f) => f.severity !== 'hint')
    .map((f) => {
      const s = lines.position(f.start);
      const e = lines.position(Math.max(f.end, f.start));
      return {
        file,
        line: s.line,
        column: s.column,
        endLine: e.line,
        endColumn: e.column,
        severity: f.severity as ReportSeverity,
        ruleId: f.ruleId,
        message: f.message,
      };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

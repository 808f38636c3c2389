// The engine's output: one finding per real problem, located by offsets into the file text.
// Offsets (not line/column) let cached per-document results be shifted when text above them changes.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Marks the fix VS Code may apply with "Quick Fix…" preferred / auto-fix. */
  isPreferred?: boolean;
}

export interface Finding {
  /** `yaml` for syntax, `schema` for schema validation, a rule id (e.g. `API001`) otherwise. */
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes?: Fix[];
}

/**
 * A fix whose edits are computed on first use: most findings are never fixed, and computing every fix while
 * linting would dominate the cost of an edit. Reading `edits` may throw when the edit cannot be made cleanly.
 */
export function lazyFix(title: string, compute: () => TextEdit[], isPreferred?: boolean): Fix {
  let cached: TextEdit[] | undefined;
  return {
    title,
    isPreferred,
    get edits() {
      cached ??= compute();
      return cached;
    },
  };
}

export function shiftFinding(f: Finding, delta: number): Finding {
  if (delta === 0) return f;
  let fixes: Fix[] | undefined;
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    start: f.start + delta,
    end: f.end + delta,
    // Listed only when asked for, like the finding's own.
    get fixes() {
      fixes ??= f.fixes?.map((fix) =>
        lazyFix(fix.title, () => fix.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })), fix.isPreferred),
      );
      return fixes;
    },
  };
}

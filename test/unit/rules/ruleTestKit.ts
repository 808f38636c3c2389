// Lints YAML through the real engine with the rules on, for rule tests.
import { Engine } from '../../../server/src/engine/engine';
import type { Finding } from '../../../server/src/parse/finding';
import { EMPTY_CONFIG, mergeConfig, type RulesConfig } from '../../../server/src/rules/config';

export interface LintedFinding extends Finding {
  /** The source text the finding points at. */
  text: string;
}

/**
 * Lints `files` (path → YAML) together, as a workspace, and returns the findings of `file` (default: the first).
 * `only` keeps the findings of these rule ids.
 */
export function lintWithRules(
  files: Record<string, string> | string,
  opts: { config?: Partial<RulesConfig>; only?: string[]; file?: string; kubernetesVersion?: string } = {},
): LintedFinding[] {
  const map = typeof files === 'string' ? { '/ws/manifest.yaml': files } : files;
  const engine = new Engine();
  for (const [path, text] of Object.entries(map)) engine.workspace.indexFile(path, text);
  const file = opts.file ?? Object.keys(map)[0];
  const text = map[file];
  const rules = mergeConfig(undefined, { ...EMPTY_CONFIG, ...opts.config });
  const { findings } = engine.lint({ text, source: file, kubernetesVersion: opts.kubernetesVersion, rules });
  return findings
    .filter((f) => !opts.only || opts.only.includes(f.ruleId))
    .map((f) => ({ ...f, text: text.slice(f.start, f.end) }));
}

/** Applies a finding's fix (by title, or the first non-ignore fix) to the text. */
export function applyFix(text: string, f: Finding, title?: string): string {
  const fix = f.fixes?.find((x) => (title ? x.title === title : !x.title.startsWith('Ignore ')));
  if (!fix) throw new Error(`no fix${title ? ` "${title}"` : ''} on ${f.ruleId}: ${f.fixes?.map((x) => x.title).join(', ')}`);
  return [...fix.edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

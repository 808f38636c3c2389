// Silencing one finding without disabling a rule everywhere: comments and annotations, ours and other tools'.
import type { Obj, RuleMeta } from './types';

export const IGNORE_ANNOTATION = 'gitops-manifests.io/ignore';
const DIRECTIVE = /#\s*gitops-manifests-(disable-next-line|disable-line|disable|enable)\b([^\n]*)/g;

export interface Suppressions {
  /** True when the rule must not report at this (chunk-relative) line, 0-based. */
  isSuppressed(meta: RuleMeta, line: number): boolean;
}

interface LineDirective {
  line: number;
  kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable';
  ids: string[] | 'all';
}

/** Reads the directives in a document's text and the ignore annotations on its object. */
export function readSuppressions(text: string, object: Obj | undefined): Suppressions {
  const directives = parseDirectives(text);
  const annotations = objectAnnotations(object);
  return {
    isSuppressed(meta, line) {
      return suppressedByAnnotations(meta, annotations) || suppressedByComments(meta.id, line, directives);
    },
  };
}

function parseDirectives(text: string): LineDirective[] {
  if (!text.includes('gitops-manifests-')) return [];
  const out: LineDirective[] = [];
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const line = countLines(text, m.index);
    const spec = m[2].split('--')[0].trim();
    const ids = spec ? spec.split(/[\s,]+/).filter(Boolean) : 'all';
    out.push({ line, kind: m[1] as LineDirective['kind'], ids });
  }
  return out;
}

function countLines(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const matches = (ids: string[] | 'all', id: string) => ids === 'all' || ids.includes(id);

function suppressedByComments(id: string, line: number, directives: LineDirective[]): boolean {
  let disabled = false;
  for (const d of directives) {
    if (d.line > line) break;
    if (d.kind === 'disable' && matches(d.ids, id)) disabled = true;
    else if (d.kind === 'enable' && matches(d.ids, id)) disabled = false;
    else if (d.kind === 'disable-next-line' && d.line === line - 1 && matches(d.ids, id)) return true;
    else if (d.kind === 'disable-line' && d.line === line && matches(d.ids, id)) return true;
  }
  return disabled;
}

function objectAnnotations(object: Obj | undefined): Record<string, string> {
  const all: Record<string, string> = {};
  const add = (meta: unknown) => {
    const a = (meta as { annotations?: unknown } | undefined)?.annotations;
    if (a && typeof a === 'object') for (const [k, v] of Object.entries(a)) all[k] = String(v);
  };
  add(object?.metadata);
  // Polaris and kube-linter also read annotations on the pod template of a controller.
  add((object?.spec as { template?: { metadata?: unknown } } | undefined)?.template?.metadata);
  return all;
}

function suppressedByAnnotations(meta: RuleMeta, a: Record<string, string>): boolean {
  const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim().split('=')[0]).filter(Boolean);
  const ours = list(a[IGNORE_ANNOTATION]);
  if (ours.includes(meta.id) || ours.includes('*') || ours.includes('all')) return true;
  const eq = meta.equivalents ?? {};
  if (a['kube-linter.io/ignore-all'] !== undefined) return Boolean(eq.kubeLinter?.length);
  if (eq.kubeLinter?.some((c) => a[`ignore-check.kube-linter.io/${c}`] !== undefined)) return true;
  if (a['polaris.fairwinds.com/exempt'] === 'true' && eq.polaris?.length) return true;
  if (eq.polaris?.some((c) => a[`polaris.fairwinds.com/${c}-exempt`] === 'true')) return true;
  const kubeScore = list(a['kube-score/ignore']);
  if (eq.kubeScore?.some((c) => kubeScore.includes(c))) return true;
  const checkov = Object.entries(a)
    .filter(([k]) => /^checkov\.io\/skip\d+$/.test(k))
    .map(([, v]) => v.split('=')[0].trim());
  return Boolean(eq.checkov?.some((c) => checkov.includes(c)));
}

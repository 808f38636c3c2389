// Silencing one finding without disabling a rule everywhere: comments and annotations, ours and other tools'.
// Forms (README "Suppressing findings"):
//   # gitops-manifests-disable-next-line ID[,ID…] [-- reason]   the next code line (comment lines in between skipped)
//   <code>  # gitops-manifests-disable-line ID [-- reason]      this line
//   # gitops-manifests-disable ID … # gitops-manifests-enable ID   a block, within one YAML document
//   # yaml-language-server-disable [substring, …]             Red Hat YAML's form: the line right below, every
//                                                             finding or those whose message (or rule id) matches
//   metadata.annotations: gitops-manifests.io/ignore, ignore-check.kube-linter.io/<check>, kube-linter.io/ignore-all,
//   polaris.fairwinds.com/<check>-exempt, polaris.fairwinds.com/exempt, kube-score/ignore, checkov.io/skip<N>
// Without ids a directive covers every rule. Ids may be rule ids (SEC001) or names (privileged-container).
import { lineOfOffset } from './lineIndex';
import type { Obj, RuleMeta } from './types';

export const IGNORE_ANNOTATION = 'gitops-manifests.io/ignore';
// A YAML comment starts at a line start or after whitespace; `#` inside a scalar is not one.
const DIRECTIVE = /(?:^|[ \t])#[ \t]*gitops-manifests-(disable-next-line|disable-line|disable|enable)(?![\w-])([^\n]*)/gm;
// Red Hat YAML only reads it on a line of its own (`YAML_DISABLE_PATTERN` in yaml-language-server).
const YAML_LS_DISABLE = /^[ \t]*#[ \t]*yaml-language-server-disable\b([^\n]*)$/gm;

export interface Suppressions {
  /**
   * True when the rule must not report at this (document-relative, 0-based) line. `message` lets
   * `# yaml-language-server-disable <substring>` match by message, as Red Hat YAML does.
   */
  isSuppressed(meta: Pick<RuleMeta, 'id' | 'name' | 'equivalents'>, line: number, message?: string): boolean;
}

interface LineDirective {
  /** The line the directive applies to (the target line for next-line forms). */
  line: number;
  kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'yaml-ls';
  /** Rule ids/names (upper-cased), or message substrings (lower-cased) for `yaml-ls`; 'all' when none. */
  ids: string[] | 'all';
}

/** Reads the directives in a document's text and the ignore annotations on its object. */
export function readSuppressions(text: string, object: Obj | undefined): Suppressions {
  const directives = parseDirectives(text);
  const annotations = ignoreAnnotations(objectAnnotations(object));
  return {
    isSuppressed(meta, line, message) {
      return suppressedByAnnotations(meta, annotations) || suppressedByComments(meta, line, message, directives);
    },
  };
}

function parseDirectives(text: string): LineDirective[] {
  const out: LineDirective[] = [];
  if (text.includes('gitops-manifests-')) {
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
      const kind = m[1] as LineDirective['kind'];
      const at = lineOfOffset(text, m.index + m[0].indexOf('#'));
      const spec = m[2].split(/\s--/)[0].trim();
      const ids = spec ? spec.split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase()) : 'all';
      out.push({ line: kind === 'disable-next-line' ? nextCodeLine(text, at) : at, kind, ids });
    }
  }
  if (text.includes('yaml-language-server-disable')) {
    YAML_LS_DISABLE.lastIndex = 0;
    for (let m = YAML_LS_DISABLE.exec(text); m; m = YAML_LS_DISABLE.exec(text)) {
      const subs = m[1].split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      out.push({ line: lineOfOffset(text, m.index) + 1, kind: 'yaml-ls', ids: subs.length ? subs : 'all' });
    }
  }
  // Blocks are evaluated in text order; a directive's own position orders it (next-line targets do not).
  return out.sort((a, b) => a.line - b.line);
}

/** The first line after `line` that is neither blank nor only a comment (stacked directives share it). */
function nextCodeLine(text: string, line: number): number {
  const lines = text.split('\n');
  let i = line + 1;
  while (i < lines.length && /^\s*(#.*)?$/.test(lines[i])) i++;
  return i;
}
const names = (meta: Pick<RuleMeta, 'id' | 'name'>) => [meta.id.toUpperCase(), meta.name.toUpperCase()];
const matches = (ids: string[] | 'all', meta: Pick<RuleMeta, 'id' | 'name'>) => ids === 'all' || names(meta).some((n) => ids.includes(n));

function suppressedByComments(meta: Pick<RuleMeta, 'id' | 'name'>, line: number, message: string | undefined, directives: LineDirective[]): boolean {
  let disabled = false;
  for (const d of directives) {
    if (d.line > line) break;
    if (d.kind === 'disable' && matches(d.ids, meta)) disabled = true;
    else if (d.kind === 'enable' && matches(d.ids, meta)) disabled = false;
    else if (d.line !== line) continue;
    else if ((d.kind === 'disable-next-line' || d.kind === 'disable-line') && matches(d.ids, meta)) return true;
    else if (d.kind === 'yaml-ls' && yamlLsMatches(d.ids, meta, message)) return true;
  }
  return disabled;
}

/** Red Hat matches message substrings, case-insensitively; a rule id or name also counts here. */
function yamlLsMatches(subs: string[] | 'all', meta: Pick<RuleMeta, 'id' | 'name'>, message: string | undefined): boolean {
  if (subs === 'all') return true;
  const own = names(meta).map((n) => n.toLowerCase());
  const text = message?.toLowerCase();
  return subs.some((s) => own.includes(s) || (text !== undefined && text.includes(s)));
}

function objectAnnotations(object: Obj | undefined): Record<string, string> {
  const all: Record<string, string> = {};
  const add = (meta: unknown) => {
    const a = (meta as { annotations?: unknown } | undefined)?.annotations;
    if (a && typeof a === 'object') for (const [k, v] of Object.entries(a)) all[k] = v === null ? '' : String(v);
  };
  add(object?.metadata);
  // kube-score reads annotations on the pod template of a controller too.
  const spec = object?.spec as { template?: { metadata?: unknown }; jobTemplate?: { spec?: { template?: { metadata?: unknown } } } } | undefined;
  add(spec?.template?.metadata);
  add(spec?.jobTemplate?.spec?.template?.metadata);
  return all;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim().split('=')[0].trim()).filter(Boolean);
const isTrue = (v: string | undefined) => v?.trim().toLowerCase() === 'true';

/** The ignore annotations of an object, read once (every finding of the object is checked against them). */
interface IgnoreAnnotations {
  all: Record<string, string>;
  ours: string[];
  kubeScore: string[];
  checkov: string[];
}

function ignoreAnnotations(all: Record<string, string>): IgnoreAnnotations {
  return {
    all,
    ours: list(all[IGNORE_ANNOTATION]).map((s) => s.toUpperCase()),
    kubeScore: list(all['kube-score/ignore']),
    checkov: Object.entries(all)
      .filter(([k]) => /^checkov\.io\/skip\d+$/.test(k))
      .map(([, v]) => v.split('=')[0].trim()),
  };
}

function suppressedByAnnotations(meta: Pick<RuleMeta, 'id' | 'name' | 'equivalents'>, { all: a, ours, kubeScore, checkov }: IgnoreAnnotations): boolean {
  if (ours.length > 0 && (ours.includes('*') || ours.includes('ALL') || names(meta).some((n) => ours.includes(n)))) return true;
  const eq = meta.equivalents ?? {};
  // Foreign switches only silence the rules that tool has an equivalent of.
  if (eq.kubeLinter?.length) {
    if (a['kube-linter.io/ignore-all'] !== undefined) return true;
    if (eq.kubeLinter.some((c) => a[`ignore-check.kube-linter.io/${c}`] !== undefined)) return true;
  }
  if (eq.polaris?.length) {
    if (isTrue(a['polaris.fairwinds.com/exempt'])) return true;
    if (eq.polaris.some((c) => isTrue(a[`polaris.fairwinds.com/${c}-exempt`]))) return true;
  }
  if (eq.kubeScore?.some((c) => kubeScore.includes(c))) return true;
  return Boolean(eq.checkov?.some((c) => checkov.includes(c)));
}

/**
 * `kube-score/enable: <check>[,…]` turns on one of kube-score's optional checks for an object; a rule that is
 * off by default with that kube-score equivalent runs for that object (the rule runner asks before skipping it).
 */
export function enabledByAnnotation(meta: Pick<RuleMeta, 'equivalents'>, object: Obj | undefined): boolean {
  return enabledChecks(object)(meta);
}

/** `enabledByAnnotation` for one object and any rule, reading its annotations once. */
export function enabledChecks(object: Obj | undefined): (meta: Pick<RuleMeta, 'equivalents'>) => boolean {
  const enabled = list(objectAnnotations(object)['kube-score/enable']);
  if (enabled.length === 0) return () => false;
  return (meta) => Boolean(meta.equivalents?.kubeScore?.some((c) => enabled.includes(c)));
}

// Runs the best-practice rules over one object and turns their findings into located, fixable findings.
import { lineOfOffset } from './lineIndex';
import { lazyFix, type Finding, type Fix, type Severity } from '../parse/finding';
import type { ManifestDocument } from '../parse/manifestDocument';
import { locateInBlockYaml } from '../parse/blockLocator';
import { keyRange, nodeRange, resolvePath, type YamlPath } from '../parse/yamlPath';
import { isMap, isSeq } from 'yaml';
import type { RulesConfig } from './config';
import { ALL_RULES } from './registry';
import { enabledChecks, readSuppressions, IGNORE_ANNOTATION, type Suppressions } from './suppression';
import type { Obj, Rule, RuleContext, RuleFinding, RuleMeta } from './types';
import { findPodTemplates, isWorkloadKind } from './workloads';
import { opsToEdits } from './yamlEdits';
import { reportInternalError } from '../engine/internalErrors';
import type { ObjectIndex } from '../workspace/objects';

export interface RunRulesOptions {
  minor: string;
  config: RulesConfig;
  index?: ObjectIndex;
  /** The file the object is in (as the index names it). */
  source?: string;
  /** The object's namespace carries `pod-security.kubernetes.io/enforce: restricted` (found in the workspace). */
  namespaceRestricted?: boolean;
  /** Only rules with (true) or without (false) `workspace: true`; both when undefined. */
  workspaceRules?: boolean;
  rules?: Rule[];
}

export function runRules(md: ManifestDocument, object: Obj, opts: RunRulesOptions): Finding[] {
  const { apiVersion, kind } = object as { apiVersion: string; kind: string };
  const metadata = (object.metadata ?? {}) as Obj;
  const ctx: RuleContext = {
    object,
    apiVersion,
    kind,
    name: typeof metadata.name === 'string' ? metadata.name : undefined,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
    minor: opts.minor,
    profile: opts.config.profile === 'restricted' || opts.namespaceRestricted ? 'restricted' : (opts.config.profile ?? 'baseline'),
    config: opts.config,
    podTemplates: findPodTemplates(object, opts.config.podTemplatePaths),
    index: opts.index,
    source: opts.source,
    optional: false,
  };
  const suppressions = suppressionsOf(md, object);
  const lineOf = (offset: number) => lineOfOffset(md.text, offset);
  const findings: Finding[] = [];
  const enabledHereByAnnotation = enabledChecks(object);
  for (const rule of opts.rules ?? ALL_RULES) {
    const { meta } = rule;
    if (opts.workspaceRules !== undefined && Boolean(meta.workspace) !== opts.workspaceRules) continue;
    if (meta.profile === 'restricted' && ctx.profile !== 'restricted') continue;
    const level = opts.config.levels[meta.id] ?? meta.severity;
    // kube-score's `kube-score/enable` annotation switches on an optional check for one object; `rules.optional`
    // for all. Either also runs a rule that is off by default (unless the configuration turned it off).
    const byAnnotation = enabledHereByAnnotation(meta);
    ctx.optional = byAnnotation || Boolean(opts.config.optional?.includes(meta.id));
    const enabledHere = level === 'off' && opts.config.levels[meta.id] === undefined && ctx.optional;
    if (level === 'off' && !enabledHere) continue;
    if (!appliesTo(rule, ctx)) continue;
    let results: RuleFinding[];
    try {
      results = rule.check(ctx);
    } catch (err) {
      // A rule bug must not hide the other rules' findings, nor pose as a problem of the file: it goes to the log.
      reportInternalError(`rule ${meta.id} (${kind})`, err);
      results = [];
    }
    for (const r of results) {
      const [start, end] = locate(md, r.path);
      if (suppressions.isSuppressed(meta, lineOf(start), r.message)) continue;
      const configured = opts.config.levels[meta.id];
      // A namespace that enforces `restricted` rejects what the restricted rules find: errors there.
      const raised = opts.namespaceRestricted && meta.profile === 'restricted' ? 'error' : undefined;
      const severity: Severity = configured && configured !== 'off' ? (configured as Severity) : (raised ?? r.severity ?? (enabledHere ? 'info' : (level as Severity)));
      findings.push(ruleFinding(md, r, meta.id, severity, start, end));
    }
  }
  return findings;
}

function appliesTo(rule: Rule, ctx: RuleContext): boolean {
  return ruleAppliesToKind(rule.meta, ctx.kind, ctx.apiVersion, ctx.config);
}

export function ruleAppliesToKind(meta: RuleMeta, kind: string, apiVersion: string, config: RulesConfig): boolean {
  if (meta.kinds === 'all') return true;
  if (meta.kinds === 'workloads') return isWorkloadKind(kind, apiVersion, config.podTemplatePaths);
  return meta.kinds.includes(kind);
}

const suppressionCache = new WeakMap<ManifestDocument, Suppressions>();

/** A document's comments and annotations, read once per document (rules run on it in several passes). */
export function suppressionsOf(md: ManifestDocument, object: Obj): Suppressions {
  if (object !== md.value) return readSuppressions(md.text, object);
  let s = suppressionCache.get(md);
  if (!s) {
    s = readSuppressions(md.text, object);
    suppressionCache.set(md, s);
  }
  return s;
}

/** True when the namespace (as declared in the workspace) enforces the restricted Pod Security Standard. */
export function namespaceEnforcesRestricted(namespace: string | undefined, index: ObjectIndex | undefined): boolean {
  if (!namespace || !index) return false;
  return index.find('Namespace', namespace)?.labels['pod-security.kubernetes.io/enforce'] === 'restricted';
}

/** The offending key when it exists; else the nearest existing ancestor's key (or a list item's first line). */
export function locate(md: ManifestDocument, path: YamlPath): [number, number] {
  // Plain block YAML is read line by line; the syntax tree is built only for what that reader leaves open.
  if (md.syntaxFindings.length === 0) {
    const fast = locateInBlockYaml(md, md.text, path);
    if (fast) return fast;
  }
  return locateInTree(md, path);
}

/** `locate` from the `yaml` syntax tree. */
export function locateInTree(md: ManifestDocument, path: YamlPath): [number, number] {
  const { target, matched } = resolvePath(md.doc, path);
  const key = keyRange(target.pair);
  if (matched === path.length && key) return key;
  if (matched === path.length && target.node && !isMap(target.node) && !isSeq(target.node)) {
    const r = nodeRange(target.node);
    if (r) return r;
  }
  if (isMap(target.node) && !key) {
    // A list item (`- name: web`) or the document itself: its first entry's line.
    const first = target.node.items[0];
    const fk = keyRange(first as never);
    if (fk) {
      // `name: web` when the value ends on the key's line; the key alone otherwise.
      const v = nodeRange((first as { value?: never }).value);
      const eol = md.text.indexOf('\n', fk[0]);
      return [fk[0], v && v[1] <= (eol < 0 ? md.text.length : eol) ? v[1] : fk[1]];
    }
  }
  return key ?? nodeRange(target.node) ?? [0, Math.max(1, md.text.indexOf('\n'))];
}

/**
 * A located finding whose fixes are listed only when asked for: a large file has thousands of findings and
 * hardly any is ever fixed, so the fix objects would only hold memory.
 */
function ruleFinding(md: ManifestDocument, r: RuleFinding, ruleId: string, severity: Severity, start: number, end: number): Finding {
  let fixes: Fix[] | undefined;
  return {
    ruleId,
    severity,
    message: r.message,
    start,
    end,
    get fixes() {
      fixes ??= [...toFixes(md, r), ...ignoreFixes(md, ruleId, start)];
      return fixes;
    },
  };
}

function toFixes(md: ManifestDocument, r: RuleFinding): Fix[] {
  // Computed only when asked for; a fix that cannot be made cleanly throws then and is not offered.
  return (r.fixes ?? []).map((spec) => lazyFix(spec.title, () => opsToEdits(md.text, md.doc, spec.ops), spec.isPreferred));
}

/** "Ignore SEC001 for this line" and "… for this object", offered on every finding. */
function ignoreFixes(md: ManifestDocument, ruleId: string, start: number): Fix[] {
  const fixes: Fix[] = [];
  const lineStart = md.text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*(- )?/.exec(md.text.slice(lineStart))?.[0].replace('- ', '  ') ?? '';
  fixes.push({
    title: `Ignore ${ruleId} for this line`,
    edits: [{ start: lineStart, end: lineStart, newText: `${indent.replace(/\S/g, ' ')}# gitops-manifests-disable-next-line ${ruleId} -- reason\n` }],
  });
  const value = md.value as Obj | undefined;
  const annotations = ((value?.metadata as Obj | undefined)?.annotations ?? {}) as Record<string, unknown>;
  const existing = typeof annotations[IGNORE_ANNOTATION] === 'string' ? (annotations[IGNORE_ANNOTATION] as string) : undefined;
  const newValue = existing ? `${existing},${ruleId}` : ruleId;
  fixes.push(
    lazyFix(`Ignore ${ruleId} for this object`, () =>
      opsToEdits(md.text, md.doc, [{ op: 'set', path: ['metadata', 'annotations', IGNORE_ANNOTATION], value: newValue }]),
    ),
  );
  return fixes;
}

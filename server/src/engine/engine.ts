// The lint engine shared by the language server and the CLI: text in, findings out.
// Documents are cached by their text, so an edit re-parses and re-validates only the document it touched.
import { parseManifestDocument, type ManifestDocument } from '../parse/manifestDocument';
import { splitDocuments, type DocumentChunk } from '../parse/splitDocuments';
import { SchemaStore } from '../schema/schemaStore';
import { shiftFinding, type Finding } from '../parse/finding';
import { isKustomizePatch } from '../workspace/kustomizations';
import { validateDocument, type ValidateOptions } from './validateDocument';
import type { RulesConfig } from '../rules/config';
import { namespaceEnforcesRestricted, runRules } from '../rules/runRules';
import { configKey, enablesChecks, workspaceRulesFor, type WorkspaceRuleSet } from './workspaceRuleSets';
import { Workspace } from '../workspace/workspace';
import { isRulesConfigFile, validateRulesConfig } from '../rules/configSchema';
import { reportInternalError } from './internalErrors';

export interface LintRequest {
  text: string;
  /** File path (or URI) of the text: identifies its CRDs and tells Helm templates and Kustomize patches apart. */
  source: string;
  /** Filesystem path when the text is a file on disk (Kustomize patch lookup). */
  filePath?: string;
  kubernetesVersion?: string;
  /** Validate custom resources against known CRDs (default true). */
  useCrds?: boolean;
  /** Best-practice rule configuration; schema validation only when undefined. */
  rules?: RulesConfig;
}

export interface LintedDocument {
  /** Offset of the document in the file. */
  start: number;
  document: ManifestDocument;
  /**
   * Findings with offsets into the document's own text (add `start` for file offsets). The same array comes back
   * while the document's text and results stay the same, wherever it moves in the file: callers cache on it.
   */
  findings: Finding[];
}

export interface LintResult {
  minor: string;
  documents: LintedDocument[];
  /** Every finding with file offsets (computed on first use). */
  readonly findings: Finding[];
}

export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export class Engine {
  readonly store: SchemaStore;
  /** Per file, its documents by text as of its last lint. */
  private readonly parsedBySource = new Map<string, Map<string, ManifestDocument>>();
  /** Per file, documents parsed ahead by `prepare` for the text its next lint will get. */
  private readonly preparedBySource = new Map<string, Map<string, ManifestDocument>>();
  private readonly splitBySource = new Map<string, { text: string; chunks: DocumentChunk[] }>();
  private readonly validated = new WeakMap<ManifestDocument, Map<string, Finding[]>>();
  private readonly workspaceByDoc = new WeakMap<ManifestDocument, { set: WorkspaceRuleSet; keys: string[]; combined: Finding[]; byRule: Finding[][] }>();
  private readonly ruleKeyMemo = new WeakMap<WorkspaceRuleSet, { generation: number; minor: string; keys: string[] }>();
  private readonly combinedByDoc = new WeakMap<ManifestDocument, { own: Finding[]; crossObject: Finding[]; findings: Finding[] }>();
  /** Every object and CRD of the workspace (or the CLI's inputs): what cross-object rules and CRD validation read. */
  readonly workspace: Workspace;

  constructor(store = new SchemaStore(), workspace = new Workspace()) {
    this.store = store;
    this.workspace = workspace;
  }

  lint(req: LintRequest): LintResult {
    const minor = this.store.bundled.resolveVersion(req.kubernetesVersion);
    const early = wholeFileFindings(req);
    if (early) return { minor, documents: [{ start: 0, document: this.parse(''), findings: early }], findings: early };
    if (isRulesConfigFile(req.source)) return lintRulesConfig(req.source, this.parse(req.text), minor);

    const docs = this.parseDocuments(req.source, req.text);
    this.workspace.register(req.source, req.text, docs.map((d) => d.document));
    const rulesKey = req.rules ? configKey(req.rules) : '';

    const partial = req.filePath ? isKustomizePatch(req.filePath) : false;
    const looksLikeKubernetes = /^\s*(apiVersion|kind)\s*:/m.test(req.text);
    const documents: LintedDocument[] = [];
    for (const { start, document } of docs) {
      let findings = NONE;
      try {
        const namespaceRestricted = req.rules ? namespaceEnforcesRestricted(document.namespace, this.workspace.objects) : false;
        const own = this.validate(document, { minor, partial, crds: (req.useCrds ?? true) ? this.workspace.crds : undefined, rules: req.rules, namespaceRestricted }, rulesKey);
        const crossObject = req.rules && !partial ? this.workspaceFindings(document, req.source, minor, req.rules, rulesKey) : NONE;
        // Other YAML beside manifests is another tool's business.
        if (looksLikeKubernetes) findings = this.combined(document, own, crossObject);
      } catch (err) {
        // A document the engine cannot get through must not cost the others of the file their findings.
        reportInternalError(`checking ${document.kind ?? 'a document'} of ${req.source}`, err);
      }
      documents.push({ start, document, findings });
    }
    return withFileFindings(minor, documents);
  }

  /**
   * When a requested Kubernetes version has no bundled schemas, which one is used instead (a message); undefined
   * when it is bundled or none was asked for.
   */
  versionFallback(requested: string | undefined): string | undefined {
    if (!requested?.trim()) return undefined;
    const used = this.store.bundled.resolveVersion(requested);
    const m = /^v?(\d+)\.(\d+)/.exec(requested.trim());
    if (m && `${Number(m[1])}.${Number(m[2])}` === used) return undefined;
    const bundled = [...this.store.bundled.versions].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    return `Kubernetes version \`${requested}\` has no bundled schemas (${bundled[0]} to ${bundled[bundled.length - 1]}): validating against ${used}`;
  }

  /** Drops the parsed documents kept for a file (closed in the editor). */
  forgetParsed(source: string): void {
    this.parsedBySource.delete(source);
    this.preparedBySource.delete(source);
    this.splitBySource.delete(source);
  }

  /**
   * Does the expensive part of linting `req` (parsing and validating the documents it has not seen) a slice of
   * about `sliceMs` at a time, waiting on `pause()` in between, so that a server stays responsive while a
   * megabytes-large file is read; `lint(req)` afterwards finds everything cached. Stops early, leaving what is
   * done for the next lint, when `stillWanted()` turns false (the text changed again).
   */
  async prepare(req: LintRequest, pause: () => Promise<void>, stillWanted: () => boolean, sliceMs = 50): Promise<void> {
    if (wholeFileFindings(req) || isRulesConfigFile(req.source)) return;
    let sliceStart = performance.now();
    let paused = false;
    const breathe = async (): Promise<boolean> => {
      if (performance.now() - sliceStart < sliceMs) return true;
      await pause();
      paused = true;
      sliceStart = performance.now();
      return stillWanted();
    };
    const previous = this.parsedBySource.get(req.source);
    // Only documents of this text are kept: an earlier, abandoned preparation may have parsed others.
    const earlier = this.preparedBySource.get(req.source);
    const prepared = new Map<string, ManifestDocument>();
    this.preparedBySource.set(req.source, prepared);
    const documents: ManifestDocument[] = [];
    const chunks = splitDocuments(req.text);
    // lint() of the same text takes the chunks from here instead of splitting it again.
    this.splitBySource.set(req.source, { text: req.text, chunks });
    let parsed = 0;
    for (const c of chunks) {
      let document = previous?.get(c.text) ?? prepared.get(c.text) ?? earlier?.get(c.text);
      if (document && !previous?.has(c.text)) prepared.set(c.text, document);
      if (!document) {
        document = parseManifestDocument(withLineFeeds(detached(c.text)));
        prepared.set(c.text, document);
        parsed++;
      }
      documents.push(document);
      if (!(await breathe())) return;
    }
    // Typing changes a document or two: lint() checks them at once, a second pass here would only cost time.
    if (!paused && parsed <= 8) return;
    // What the documents are is known now: the workspace learns it as lint() would tell it (the same documents,
    // so lint() changes nothing there), and cross-object results are computed against it.
    this.workspace.register(req.source, req.text, documents);
    const minor = this.store.bundled.resolveVersion(req.kubernetesVersion);
    const partial = req.filePath ? isKustomizePatch(req.filePath) : false;
    const rulesKey = req.rules ? configKey(req.rules) : '';
    const crds = (req.useCrds ?? true) ? this.workspace.crds : undefined;
    for (const document of documents) {
      try {
        const namespaceRestricted = req.rules ? namespaceEnforcesRestricted(document.namespace, this.workspace.objects) : false;
        this.validate(document, { minor, partial, crds, rules: req.rules, namespaceRestricted }, rulesKey);
        if (req.rules && !partial) this.workspaceFindings(document, req.source, minor, req.rules, rulesKey);
      } catch {
        // lint() reports it, once, when it meets the document again
      }
      if (!(await breathe())) return;
    }
  }

  /** Cross-object rules: cached per document text and the versions of what those rules read. */
  private workspaceFindings(document: ManifestDocument, source: string, minor: string, rules: RulesConfig, rulesKey: string): Finding[] {
    // Rules read apiVersion and kind: an object without them is reported by validation, not given to them.
    if (!document.value || typeof document.value !== 'object' || !document.kind || !document.apiVersion) return NONE;
    const group = workspaceRulesFor(document.kind, document.apiVersion ?? '', rules, rulesKey);
    const applicable = enablesChecks(document) ? group.all : group.on;
    if (applicable.rules.length === 0) return NONE;
    // Each rule's findings are cached under the versions of what it reads: an edit re-runs only the rules that
    // read what changed, all together in one pass. Versions only grow, so older keys never come back.
    const keys = this.ruleKeys(applicable, minor);
    const last = this.workspaceByDoc.get(document);
    // Positions in `keys` and `byRule` are positions in the rule set: results of another set do not carry over.
    const previous = last?.set === applicable ? last : undefined;
    if (previous?.keys === keys) return previous.combined;
    const stale = applicable.rules.filter((_, i) => previous?.keys[i] !== keys[i]);
    const byRule = stale.length === applicable.rules.length ? [] : [...(previous?.byRule ?? [])];
    if (stale.length > 0) {
      const found = runRules(document, document.value as Record<string, unknown>, {
        minor,
        config: rules,
        index: this.workspace.objects,
        source,
        workspaceRules: true,
        rules: stale.map((r) => r.rule),
      });
      applicable.rules.forEach((r, i) => {
        if (previous?.keys[i] === keys[i]) return;
        const fresh = found.filter((f) => f.ruleId === r.rule.meta.id);
        // Unchanged results keep their identity, so nothing downstream (diagnostics) is redone.
        const before = previous?.byRule[i];
        byRule[i] = before && sameFindings(before, fresh) ? before : fresh;
      });
    }
    const combined = previous && byRule.every((f, i) => f === previous.byRule[i]) ? previous.combined : byRule.flat();
    this.workspaceByDoc.set(document, { set: applicable, keys, combined, byRule });
    return combined;
  }

  /** Per rule, the key of what it reads; the same array while nothing it reads changes (once per index version). */
  private ruleKeys(applicable: WorkspaceRuleSet, minor: string): string[] {
    const memo = this.ruleKeyMemo.get(applicable);
    const objects = this.workspace.objects;
    if (memo && memo.generation === objects.version && memo.minor === minor) return memo.keys;
    const keys = applicable.rules.map((r) => `${minor}\0${objects.versionKey(r.reads, r.rule.meta.readsView)}`);
    const same = memo && memo.keys.length === keys.length && memo.keys.every((k, i) => k === keys[i]);
    const entry = { generation: objects.version, minor, keys: same ? memo.keys : keys };
    this.ruleKeyMemo.set(applicable, entry);
    return entry.keys;
  }

  /** A document's own and cross-object findings as one array, the same one while neither part changes. */
  private combined(document: ManifestDocument, own: Finding[], crossObject: Finding[]): Finding[] {
    if (crossObject.length === 0) return own;
    const last = this.combinedByDoc.get(document);
    if (last && last.own === own && last.crossObject === crossObject) return last.findings;
    const findings = [...own, ...crossObject];
    this.combinedByDoc.set(document, { own, crossObject, findings });
    return findings;
  }


  /**
   * Results per parsed document (one object per distinct text, from the parse cache) and options key: no
   * per-edit hashing of every document's text, and entries die with their document.
   */
  private cached(document: ManifestDocument, key: string, compute: () => Finding[]): Finding[] {
    let byKey = this.validated.get(document);
    if (!byKey) {
      byKey = new Map();
      this.validated.set(document, byKey);
    }
    let findings = byKey.get(key);
    if (!findings) {
      findings = compute();
      // Old index versions and settings are not coming back: keep a few keys per document.
      if (byKey.size >= 4) byKey.delete(byKey.keys().next().value as string);
      byKey.set(key, findings);
    }
    return findings;
  }

  /** Parses one document's text (not kept: see parseDocuments). */
  parse(text: string): ManifestDocument {
    return parseManifestDocument(text);
  }

  /**
   * The documents of a file, re-parsing only texts that were not in its previous version. Only the documents of
   * the latest version of each file are kept: older ones (with their syntax trees and cached results) would
   * otherwise pile up with every keystroke and keep the garbage collector busy.
   */
  private parseDocuments(source: string, text: string): { start: number; document: ManifestDocument }[] {
    const previous = this.parsedBySource.get(source);
    const prepared = this.preparedBySource.get(source);
    this.preparedBySource.delete(source);
    const split = this.splitBySource.get(source);
    this.splitBySource.delete(source);
    const current = new Map<string, ManifestDocument>();
    const docs = (split?.text === text ? split.chunks : splitDocuments(text)).map((c) => {
      let document = current.get(c.text) ?? previous?.get(c.text) ?? prepared?.get(c.text);
      if (!document) document = parseManifestDocument(withLineFeeds(detached(c.text)));
      current.set(c.text, document);
      return { start: c.start, document };
    });
    this.parsedBySource.set(source, current);
    return docs;
  }

  private validate(document: ManifestDocument, opts: ValidateOptions, rulesKey: string): Finding[] {
    // CRD-backed results depend on the CRD set; its version is part of the key.
    const crds = opts.crds ? opts.crds.version : -1;
    const key = `${opts.minor}\0${opts.partial ? 1 : 0}\0${crds}\0${opts.namespaceRestricted ? 1 : 0}\0${rulesKey}`;
    return this.cached(document, key, () => validateDocument(this.store, document, opts));
  }

}

/** `.gitops-manifests.yaml` is held to its own schema (rules/configSchema.ts), not to Kubernetes schemas. */
function lintRulesConfig(source: string, document: ManifestDocument, minor: string): LintResult {
  const findings = validateRulesConfig(document, source.split(/[\\/]/).pop());
  return { minor, documents: [{ start: 0, document, findings }], findings };
}

/**
 * A copy of a substring that does not keep the whole string alive. V8 makes substrings views into their parent:
 * a document (and every scalar read from it) would otherwise hold the entire text of the file version it was
 * parsed from, one more megabyte-sized text per keystroke in a large file.
 */
function detached(text: string): string {
  return (` ${text}`).slice(1);
}

/**
 * YAML breaks lines at `\r` too; the parsers and the block locator know `\n` and `\r\n`. A lone `\r` becomes `\n`,
 * one character for one, so every offset stays an offset into the file as the editor holds it.
 */
function withLineFeeds(text: string): string {
  return LONE_CR.test(text) ? text.replace(LONE_CR_ALL, '\n') : text;
}
const LONE_CR = /\r(?!\n)/;
const LONE_CR_ALL = /\r(?!\n)/g;

/** Findings (file offsets) that touch [start, end], converting only the documents there. */
export function findingsAt(result: LintResult, start: number, end: number): Finding[] {
  const out: Finding[] = [];
  result.documents.forEach((d, i) => {
    // Documents are consecutive: one ends where the next starts (the last, or a whole-file result, at the end).
    const next = result.documents[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    if (d.start > end || next < start) return;
    for (const f of d.findings) if (f.end + d.start >= start && f.start + d.start <= end) out.push(shiftFinding(f, d.start));
  });
  return out;
}

/** A result whose file-offset findings are made from the per-document ones when first asked for. */
function withFileFindings(minor: string, documents: LintedDocument[]): LintResult {
  let findings: Finding[] | undefined;
  return {
    minor,
    documents,
    get findings() {
      findings ??= documents.flatMap((d) => d.findings.map((f) => shiftFinding(f, d.start)));
      return findings;
    },
  };
}

/** Problems with the file as a whole, found before any parsing. */
function wholeFileFindings(req: LintRequest): Finding[] | undefined {
  const { text } = req;
  if (text.length > MAX_FILE_BYTES) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return [{ ruleId: 'yaml', severity: 'warning', message: `File not validated: ${mb(text.length)} MB is more than the ${mb(MAX_FILE_BYTES)} MB limit`, start: 0, end: Math.min(text.indexOf('\n') >>> 0, 200) }];
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return [{ ruleId: 'yaml', severity: 'error', message: 'This file is not text: it contains NUL bytes', start: nul, end: nul + 1 }];
  }
  if (isHelmTemplate(req.source, text)) return [];
  return undefined;
}

/** Helm chart templates are Go templates that render to YAML; as they stand they are not YAML. */
export function isHelmTemplate(source: string, text: string): boolean {
  return /[\\/]templates[\\/]/.test(source) && text.includes('{{');
}

/** Same rules, places, messages and severities (fixes follow from those). */
function sameFindings(a: Finding[], b: Finding[]): boolean {
  return a.length === b.length && a.every((f, i) => f.ruleId === b[i].ruleId && f.start === b[i].start && f.end === b[i].end && f.severity === b[i].severity && f.message === b[i].message);
}

const NONE: Finding[] = [];

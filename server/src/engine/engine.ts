// The lint engine shared by the language server and the CLI: text in, findings out.
// Documents are cached by their text, so an edit re-parses and re-validates only the document it touched.
import { parseManifestDocument, type ManifestDocument } from '../parse/manifestDocument';
import { splitDocuments } from '../parse/splitDocuments';
import { crdVersions } from '../schema/crdRegistry';
import { SchemaStore } from '../schema/schemaStore';
import { shiftFinding, type Finding } from './finding';
import { isKustomizePatch } from './kustomize';
import { validateDocument, type ValidateOptions } from './validateDocument';
import type { RulesConfig } from '../rules/config';
import { namespaceEnforcesRestricted, runRules, ruleAppliesToKind } from '../rules/runRules';
import { ALL_RULES } from '../rules/registry';
import type { Rule } from '../rules/types';
import { workloadKinds } from '../rules/workloads';
import { WorkspaceIndex, indexedObjects } from '../rules/workspaceIndex';
import { isRulesConfigFile, validateRulesConfig } from '../rules/configSchema';

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
  /** Findings with file offsets. */
  findings: Finding[];
}

export interface LintResult {
  minor: string;
  documents: LintedDocument[];
  findings: Finding[];
}

export const MAX_FILE_BYTES = 4 * 1024 * 1024;
const CACHE_LIMIT = 20_000;

export class Engine {
  readonly store: SchemaStore;
  private readonly parsed = new Map<string, ManifestDocument>();
  private readonly validated = new WeakMap<ManifestDocument, Map<string, Finding[]>>();
  private readonly workspaceByDoc = new WeakMap<ManifestDocument, { combinedKey: string; combined: Finding[]; byRule: Map<string, Finding[]> }>();
  private readonly shiftedByDoc = new WeakMap<ManifestDocument, { start: number; own: Finding[]; crossObject: Finding[]; findings: Finding[] }>();
  private readonly crdTextBySource = new Map<string, string>();
  /** Every object of the workspace (or the CLI's inputs), for cross-object rules. */
  readonly index = new WorkspaceIndex();

  constructor(store = new SchemaStore()) {
    this.store = store;
  }

  lint(req: LintRequest): LintResult {
    const minor = this.store.bundled.resolveVersion(req.kubernetesVersion);
    const early = wholeFileFindings(req);
    if (early) return { minor, documents: [], findings: early };
    if (isRulesConfigFile(req.source)) return lintRulesConfig(req.source, this.parse(req.text), minor);

    const chunks = splitDocuments(req.text);
    const docs = chunks.map((c) => ({ start: c.start, document: this.parse(c.text) }));
    this.registerCrds(req.source, docs.map((d) => d.document));
    this.registerObjects(req.source, req.text, docs.map((d) => d.document));
    const rulesKey = req.rules ? configKey(req.rules) : '';

    const partial = req.filePath ? isKustomizePatch(req.filePath) : false;
    const looksLikeKubernetes = /^\s*(apiVersion|kind)\s*:/m.test(req.text);
    const documents: LintedDocument[] = [];
    const findings: Finding[] = [];
    for (const { start, document } of docs) {
      const namespaceRestricted = req.rules ? namespaceEnforcesRestricted(document.namespace, this.index) : false;
      const own = this.validate(document, { minor, partial, useCrds: req.useCrds ?? true, rules: req.rules, namespaceRestricted }, rulesKey);
      const crossObject = req.rules && !partial ? this.workspaceFindings(document, minor, req.rules, rulesKey) : NONE;
      // Other YAML beside manifests is another tool's business.
      const shifted = looksLikeKubernetes ? this.shifted(document, start, own, crossObject) : NONE;
      documents.push({ start, document, findings: shifted });
      findings.push(...shifted);
    }
    return { minor, documents, findings };
  }

  /**
   * Indexes a file that is not open (workspace indexing, CLI inputs): its CRDs and its objects.
   * Returns true when the CRD set or the object index changed.
   */
  indexFile(source: string, text: string): boolean {
    if (!/^\s*(apiVersion|kind)\s*:/m.test(text)) return this.forgetSource(source);
    const documents = splitDocuments(text).map((c) => parseManifestDocument(c.text));
    const crds = this.registerCrds(source, documents);
    return this.registerObjects(source, text, documents) || crds;
  }

  forgetSource(source: string): boolean {
    this.crdTextBySource.delete(source);
    const index = this.index.removeSource(source);
    return this.store.crds.removeSource(source) || index;
  }

  private registerObjects(source: string, text: string, documents: ManifestDocument[]): boolean {
    return this.index.setSource(source, text, documents.flatMap((d) => indexedObjects(source, d.value, d.text)));
  }

  /** Cross-object rules: cached per document text and the versions of the kinds those rules read. */
  private workspaceFindings(document: ManifestDocument, minor: string, rules: RulesConfig, rulesKey: string): Finding[] {
    if (!document.value || typeof document.value !== 'object' || !document.kind) return [];
    const enabling = document.text.includes('kube-score/enable');
    const applicable = workspaceRulesFor(document.kind, document.apiVersion ?? '', rules, rulesKey).filter((r) => !r.off || enabling);
    if (applicable.length === 0) return [];
    // Each rule's findings are cached under the versions of the kinds it reads: an edit re-runs only the rules
    // that read the edited kind, all together in one pass. Versions only grow, so older keys never come back.
    const keys = applicable.map((r) => `${r.rule.meta.id}\0${minor}\0${this.index.versionKey(r.reads)}\0${rulesKey}`);
    const combinedKey = keys.join('\u0001');
    const previous = this.workspaceByDoc.get(document);
    if (previous?.combinedKey === combinedKey) return previous.combined;
    const byRule = new Map<string, Finding[]>();
    const stale: Rule[] = [];
    applicable.forEach((r, i) => {
      const hit = previous?.byRule.get(keys[i]);
      if (hit) byRule.set(keys[i], hit);
      else stale.push(r.rule);
    });
    if (stale.length > 0) {
      const found = runRules(document, document.value as Record<string, unknown>, {
        minor,
        config: rules,
        index: this.index,
        workspaceRules: true,
        rules: stale,
      });
      applicable.forEach((r, i) => {
        if (!byRule.has(keys[i])) byRule.set(keys[i], found.filter((f) => f.ruleId === r.rule.meta.id));
      });
    }
    const combined = keys.flatMap((k) => byRule.get(k) ?? []);
    this.workspaceByDoc.set(document, { combinedKey, combined, byRule });
    return combined;
  }

  /** File-offset findings of a document, reused while it stays at the same place with the same results. */
  private shifted(document: ManifestDocument, start: number, own: Finding[], crossObject: Finding[]): Finding[] {
    const last = this.shiftedByDoc.get(document);
    if (last && last.start === start && last.own === own && last.crossObject === crossObject) return last.findings;
    const findings = [...own, ...crossObject].map((f) => shiftFinding(f, start));
    this.shiftedByDoc.set(document, { start, own, crossObject, findings });
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

  parse(text: string): ManifestDocument {
    let doc = this.parsed.get(text);
    if (!doc) {
      doc = parseManifestDocument(text);
      remember(this.parsed, text, doc);
    }
    return doc;
  }

  private validate(document: ManifestDocument, opts: ValidateOptions, rulesKey: string): Finding[] {
    // CRD-backed results depend on the CRD set; its version is part of the key.
    const crds = opts.useCrds ? this.store.crds.version : -1;
    const key = `${opts.minor}\0${opts.partial ? 1 : 0}\0${crds}\0${opts.namespaceRestricted ? 1 : 0}\0${rulesKey}`;
    return this.cached(document, key, () => validateDocument(this.store, document, opts));
  }

  private registerCrds(source: string, documents: ManifestDocument[]): boolean {
    const crdDocs = documents.filter((d) => d.kind === 'CustomResourceDefinition');
    const fingerprint = crdDocs.map((d) => d.text).join('\0');
    if ((this.crdTextBySource.get(source) ?? '') === fingerprint) return false;
    if (fingerprint) this.crdTextBySource.set(source, fingerprint);
    else this.crdTextBySource.delete(source);
    return this.store.crds.setSource(source, crdDocs.flatMap((d) => crdVersions(d.value, source)));
  }
}

/** `.gitops-manifests.yaml` is held to its own schema (rules/configSchema.ts), not to Kubernetes schemas. */
function lintRulesConfig(source: string, document: ManifestDocument, minor: string): LintResult {
  const findings = validateRulesConfig(document, source.split(/[\\/]/).pop());
  return { minor, documents: [{ start: 0, document, findings }], findings };
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

interface WorkspaceRule {
  rule: Rule;
  /** Kinds it reads (`all` when it does not say). */
  reads: Set<string> | 'all';
  /** Off by configuration or default; kube-score's `kube-score/enable` annotation can still switch it on. */
  off: boolean;
}

const workspaceRuleCache = new Map<string, WorkspaceRule[]>();

/** The workspace rules that apply to a kind under a configuration, with what each reads (memoized). */
function workspaceRulesFor(kind: string, apiVersion: string, config: RulesConfig, rulesKey: string): WorkspaceRule[] {
  const key = `${kind}\0${apiVersion}\0${rulesKey}`;
  let rules = workspaceRuleCache.get(key);
  if (!rules) {
    rules = [];
    for (const rule of ALL_RULES) {
      const { meta } = rule;
      if (!meta.workspace || !ruleAppliesToKind(meta, kind, apiVersion, config)) continue;
      const off = (config.levels[meta.id] ?? meta.severity) === 'off';
      let reads: Set<string> | 'all' = 'all';
      if (meta.reads) {
        reads = new Set<string>();
        for (const k of meta.reads) {
          if (k === 'workloads') for (const w of workloadKinds(config)) reads.add(w);
          else reads.add(k);
        }
      }
      rules.push({ rule, reads, off });
    }
    if (workspaceRuleCache.size > 256) workspaceRuleCache.clear();
    workspaceRuleCache.set(key, rules);
  }
  return rules;
}

const NONE: Finding[] = [];

/** A stable key for a configuration object (cache keys include it). */
const configKeys = new WeakMap<RulesConfig, string>();
function configKey(config: RulesConfig): string {
  let key = configKeys.get(config);
  if (key === undefined) {
    key = JSON.stringify(config);
    configKeys.set(config, key);
  }
  return key;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= CACHE_LIMIT) {
    // Maps iterate in insertion order: drop the oldest quarter.
    let n = CACHE_LIMIT / 4;
    for (const k of map.keys()) {
      map.delete(k);
      if (--n <= 0) break;
    }
  }
  map.set(key, value);
}

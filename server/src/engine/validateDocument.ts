// Schema validation of one parsed document: its kind's schema, name/label syntax, removed APIs.
import { lineOfOffset } from '../rules/lineIndex';
import type { ManifestDocument } from '../parse/manifestDocument';
import type { YamlPath } from '../parse/yamlPath';
import { isToolConfig, resolveKind } from '../schema/apiVersionChecks';
import { ruleById } from '../rules/registry';
import { objectMetaFindings } from '../schema/objectMetaChecks';
import { schemaFindings } from '../schema/schemaFindings';
import type { SchemaStore } from '../schema/schemaStore';
import type { CrdRegistry } from '../workspace/crds';
import type { Finding } from '../parse/finding';
import { resolvePath, keyRange } from '../parse/yamlPath';
import type { RulesConfig } from '../rules/config';
import { runRules, suppressionsOf } from '../rules/runRules';

export interface ValidateOptions {
  minor: string;
  /** The document is a patch (Kustomize strategic merge): required fields may be absent. */
  partial: boolean;
  /** The workspace's CRDs to validate custom resources against; undefined when `gitops.crds.enable` is off. */
  crds?: CrdRegistry;
  /** Best-practice rule configuration; rules do not run when undefined. */
  rules?: RulesConfig;
  /** The document's namespace enforces the restricted Pod Security Standard. */
  namespaceRestricted?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateDocument(store: SchemaStore, md: ManifestDocument, opts: ValidateOptions): Finding[] {
  if (md.syntaxFindings.some((f) => f.severity === 'error')) return md.syntaxFindings;
  const findings = [...md.syntaxFindings];
  const value = md.value;
  if (!isObj(value)) return findings;

  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    // Only objects that look like Kubernetes resources are held to it: other YAML may live beside manifests.
    const looksLikeResource = 'metadata' in value && (apiVersion !== undefined || kind !== undefined);
    if (looksLikeResource) {
      const missing = typeof apiVersion !== 'string' ? 'apiVersion' : 'kind';
      const { target } = resolvePath(md.doc, ['metadata']);
      const r = keyRange(target.pair) ?? [0, 1];
      findings.push({ ruleId: 'schema', severity: 'error', message: `Missing \`${missing}\`: every Kubernetes object needs apiVersion and kind`, start: r[0], end: r[1] });
    }
    return findings;
  }

  if (/List$/.test(kind) && Array.isArray(value.items)) {
    // `kind: List` (what `kubectl get -o yaml` prints) and typed lists (`RoleList`) wrap objects that are
    // each validated on their own.
    value.items.forEach((item, i) => findings.push(...validateObject(store, md, item, ['items', i], opts)));
    return findings;
  }
  return applyRuleSettings(findings.concat(validateObject(store, md, value, [], opts)), md, value, opts);
}

/**
 * Catalogue rules reported by the schema stage (API001, META002, META004) obey the rule configuration and the
 * suppression comments and annotations like every other rule.
 */
function applyRuleSettings(findings: Finding[], md: ManifestDocument, value: Obj, opts: ValidateOptions): Finding[] {
  if (!opts.rules || !findings.some((f) => ruleById(f.ruleId))) return findings;
  const suppressions = suppressionsOf(md, value);
  const out: Finding[] = [];
  for (const f of findings) {
    const rule = ruleById(f.ruleId);
    if (!rule) {
      out.push(f);
      continue;
    }
    const level = opts.rules.levels[f.ruleId];
    if (level === 'off') continue;
    if (suppressions.isSuppressed(rule.meta, lineOfOffset(md.text, f.start), f.message)) continue;
    out.push(level ? { ...f, severity: level } : f);
  }
  return out;
}
function validateObject(store: SchemaStore, md: ManifestDocument, value: unknown, basePath: YamlPath, opts: ValidateOptions): Finding[] {
  if (!isObj(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return [];
  const { apiVersion, kind } = value;
  const { resolved, findings } = resolveKind(store, opts.minor, () => md.doc, apiVersion, kind, value, basePath, opts.crds);
  if (resolved) {
    const ok = resolved.validate(withoutNulls(value));
    if (!ok && resolved.validate.errors) {
      findings.push(
        ...schemaFindings(resolved.validate.errors, { doc: md.doc, text: md.text, value, kind, partial: opts.partial, basePath }),
      );
    }
  }
  // Objects with no known schema (custom resources without their CRD) are still checked by the rules.
  if (basePath.length === 0 && !isToolConfig(apiVersion)) {
    findings.push(...objectMetaFindings(() => md.doc, value, kind, opts.partial));
    // Patches are partial objects: best-practice rules judge whole objects only.
    if (opts.rules && !opts.partial) findings.push(...runRules(md, value, { minor: opts.minor, config: opts.rules, workspaceRules: false, namespaceRestricted: opts.namespaceRestricted }));
  }
  return findings;
}

/** The apiserver reads `key: null` (or `key:` with nothing after it) as if the key were absent. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

// Which cross-object (workspace) rules apply to a kind under a configuration, with what each reads, and the short
// keys of configurations: looked up per document on every lint, so both are memoized.
import type { ManifestDocument } from '../parse/manifestDocument';
import type { RulesConfig } from '../rules/config';
import { ALL_RULES } from '../rules/registry';
import { ruleAppliesToKind } from '../rules/runRules';
import type { Rule } from '../rules/types';
import { workloadKinds } from '../rules/workloads';

export interface WorkspaceRule {
  rule: Rule;
  /** Kinds it reads (`all` when it does not say). */
  reads: Set<string> | 'all';
}

/** The workspace rules that apply to one kind under one configuration (an engine memoizes their cache keys). */
export interface WorkspaceRuleSet {
  rules: WorkspaceRule[];
}

/** By configuration key, then by kind and apiVersion (the configuration key is long: looked up once). */
const workspaceRuleCache = new Map<string, Map<string, { on: WorkspaceRuleSet; all: WorkspaceRuleSet }>>();

/**
 * The workspace rules that apply to a kind under a configuration, with what each reads (memoized): `on` those
 * enabled, `all` also those off, which kube-score's `kube-score/enable` annotation can switch on for an object.
 */
export function workspaceRulesFor(kind: string, apiVersion: string, config: RulesConfig, rulesKey: string): { on: WorkspaceRuleSet; all: WorkspaceRuleSet } {
  let byKind = workspaceRuleCache.get(rulesKey);
  if (!byKind) {
    if (workspaceRuleCache.size > 8) workspaceRuleCache.clear();
    byKind = new Map();
    workspaceRuleCache.set(rulesKey, byKind);
  }
  const key = `${kind}\0${apiVersion}`;
  let sets = byKind.get(key);
  if (!sets) {
    const all: WorkspaceRule[] = [];
    const on: WorkspaceRule[] = [];
    for (const rule of ALL_RULES) {
      const { meta } = rule;
      if (!meta.workspace || !ruleAppliesToKind(meta, kind, apiVersion, config)) continue;
      let reads: Set<string> | 'all' = 'all';
      if (meta.reads) {
        reads = new Set<string>();
        for (const k of meta.reads) {
          if (k === 'workloads') for (const w of workloadKinds(config)) reads.add(w);
          else reads.add(k);
        }
      }
      all.push({ rule, reads });
      const level = config.levels[meta.id] ?? meta.severity;
      // `rules.optional` also runs an off-by-default rule (as in runRules), unless the configuration says off.
      if (level !== 'off' || (config.levels[meta.id] === undefined && config.optional?.includes(meta.id))) on.push({ rule, reads });
    }
    sets = { on: { rules: on }, all: { rules: all } };
    byKind.set(key, sets);
  }
  return sets;
}

const enablingByDoc = new WeakMap<ManifestDocument, boolean>();

/** The document may switch on off-by-default checks with kube-score's annotation (read once per document). */
export function enablesChecks(document: ManifestDocument): boolean {
  let enables = enablingByDoc.get(document);
  if (enables === undefined) {
    enables = document.text.includes('kube-score/enable');
    enablingByDoc.set(document, enables);
  }
  return enables;
}

/** A stable key for a configuration object (cache keys include it). */
const configKeys = new WeakMap<RulesConfig, string>();
/** Short ids for distinct configurations: cache keys are built per document on every lint. */
const configIds = new Map<string, string>();
export function configKey(config: RulesConfig): string {
  let key = configKeys.get(config);
  if (key === undefined) {
    const json = JSON.stringify(config);
    key = configIds.get(json);
    if (key === undefined) {
      key = `c${configIds.size}`;
      configIds.set(json, key);
    }
    configKeys.set(config, key);
  }
  return key;
}

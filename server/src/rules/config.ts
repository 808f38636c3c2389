// Rule configuration: the repository's `.gitops-manifests.yaml` (found upward from a file), then VS Code
// settings where the file is silent, then the catalogue's defaults. The CLI reads the same file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Severity } from '../parse/finding';
import type { PodTemplatePath } from './workloads';
import type { Profile } from './types';

export const CONFIG_FILE_NAMES = ['.gitops-manifests.yaml', '.gitops-manifests.yml'];

export type RuleLevel = Severity | 'off';

export interface RulesConfig {
  profile?: Profile;
  /** Per-rule level by id. */
  levels: Record<string, RuleLevel>;
  allowedRegistries?: string[];
  /** Rules whose optional (off-by-default) conditions are checked too; an off-by-default rule listed here runs. */
  optional?: string[];
  approvedIngressDomains?: string[];
  requiredLabels?: string[];
  requiredAnnotations?: string[];
  podTemplatePaths: PodTemplatePath[];
  exclude: string[];
  kubernetesVersion?: string;
  /** The file it came from, for messages. */
  source?: string;
}

export const EMPTY_CONFIG: RulesConfig = { levels: {}, podTemplatePaths: [], exclude: [] };

export class ConfigError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const LEVELS = new Set(['off', 'info', 'warning', 'error', 'hint']);
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

/** Parses the config file's text; throws ConfigError with a message naming the bad key. */
export function parseRulesConfig(text: string, source?: string): RulesConfig {
  let raw: unknown;
  try {
    raw = parse(text, { logLevel: 'error' }) as unknown;
  } catch (err) {
    // The library's message ends in a position and an excerpt: the first line says what is wrong and where.
    throw new ConfigError(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (raw === null || raw === undefined) return { ...EMPTY_CONFIG, source };
  if (!isObj(raw)) throw new ConfigError('the config file must be a YAML mapping');
  const config: RulesConfig = { levels: {}, podTemplatePaths: [], exclude: [], source };
  if (raw.kubernetesVersion !== undefined) {
    if (typeof raw.kubernetesVersion !== 'string') throw new ConfigError('kubernetesVersion must be a quoted string like "1.35"');
    config.kubernetesVersion = raw.kubernetesVersion;
  }
  if (raw.profile !== undefined) {
    if (raw.profile !== 'baseline' && raw.profile !== 'restricted') throw new ConfigError('profile must be baseline or restricted');
    config.profile = raw.profile;
  }
  if (raw.rules !== undefined) {
    if (!isObj(raw.rules)) throw new ConfigError('rules must be a mapping of rule ids to off|info|warning|error');
    for (const [key, value] of Object.entries(raw.rules)) {
      if (key === 'allowedRegistries') {
        config.allowedRegistries = strings(value);
        if (!config.allowedRegistries) throw new ConfigError('rules.allowedRegistries must be a list of strings');
      } else if (key === 'optional') {
        config.optional = strings(value);
        if (!config.optional) throw new ConfigError('rules.optional must be a list of rule ids');
      } else if (typeof value === 'string' && LEVELS.has(value)) {
        config.levels[key] = value as RuleLevel;
      } else {
        throw new ConfigError(`rules.${key} must be one of off, info, warning, error`);
      }
    }
  }
  if (raw.ingress !== undefined) {
    const domains = isObj(raw.ingress) ? strings(raw.ingress.approvedDomains) : undefined;
    if (!domains) throw new ConfigError('ingress.approvedDomains must be a list of domains');
    config.approvedIngressDomains = domains;
  }
  for (const [field, target] of [['labels', 'requiredLabels'], ['annotations', 'requiredAnnotations']] as const) {
    const section = raw[field];
    if (section === undefined) continue;
    const required = isObj(section) ? strings(section.required) : undefined;
    if (!required) throw new ConfigError(`${field}.required must be a list of keys`);
    config[target] = required;
  }
  if (raw.podTemplatePaths !== undefined) {
    if (!Array.isArray(raw.podTemplatePaths)) throw new ConfigError('podTemplatePaths must be a list of {kind, apiVersion?, path}');
    for (const entry of raw.podTemplatePaths) {
      if (!isObj(entry) || typeof entry.kind !== 'string' || typeof entry.path !== 'string') {
        throw new ConfigError('each podTemplatePaths entry needs kind and path (e.g. spec.template)');
      }
      config.podTemplatePaths.push({ kind: entry.kind, path: entry.path, apiVersion: typeof entry.apiVersion === 'string' ? entry.apiVersion : undefined });
    }
  }
  if (raw.exclude !== undefined) {
    const exclude = strings(raw.exclude);
    if (!exclude) throw new ConfigError('exclude must be a list of globs');
    config.exclude = exclude;
  }
  return config;
}

const cache = new Map<string, { mtimeMs: number; config: RulesConfig | ConfigError }>();

/** The nearest config file at or above the file's folder, parsed (cached by mtime); undefined when none. */
export function findRulesConfig(filePath: string): { path: string; config?: RulesConfig; error?: string } | undefined {
  for (let dir = dirname(resolve(filePath)); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(dir, name);
      if (existsSync(p)) return loadConfigFile(p);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export function loadConfigFile(path: string): { path: string; config?: RulesConfig; error?: string } {
  const mtimeMs = statSync(path).mtimeMs;
  let entry = cache.get(path);
  if (!entry || entry.mtimeMs !== mtimeMs) {
    let config: RulesConfig | ConfigError;
    try {
      config = parseRulesConfig(readFileSync(path, 'utf8'), path);
    } catch (err) {
      config = err instanceof ConfigError ? err : new ConfigError((err as Error).message);
    }
    entry = { mtimeMs, config };
    cache.set(path, entry);
  }
  return entry.config instanceof ConfigError ? { path, error: entry.config.message } : { path, config: entry.config };
}

/** File settings win; editor settings fill what the file leaves out. */
export function mergeConfig(file: RulesConfig | undefined, settings: Partial<RulesConfig>): RulesConfig {
  const base: RulesConfig = { ...EMPTY_CONFIG, ...settings, levels: { ...(settings.levels ?? {}) } };
  if (!file) return base;
  return {
    ...base,
    ...Object.fromEntries(Object.entries(file).filter(([, v]) => v !== undefined)),
    levels: { ...base.levels, ...file.levels },
    podTemplatePaths: [...file.podTemplatePaths, ...base.podTemplatePaths],
    exclude: [...file.exclude, ...base.exclude],
  };
}

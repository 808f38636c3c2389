import type { RuleLevel, RulesConfig } from '../rules/config';

// The `gitops.*` settings the server reads (the client contributes and documents them).
export interface ServerSettings {
  kubernetesVersion: string;
  validate: { enable: boolean; debounceMs: number };
  crds: { enable: boolean };
  files: { exclude: string[] };
  rules: RuleSettings;
  drift: DriftSettings;
}

/** `gitops.drift.*`: live drift against the cluster of a kubeconfig context. */
export interface DriftSettings {
  /** On by default: drift still waits for a kubeconfig and a trusted workspace. */
  enable: boolean;
  /** Empty: `KUBECONFIG`, then `~/.kube/config`. */
  kubeconfig: string;
  /** Empty: the manager that applied each object (`kustomize-controller`, `argocd-controller`, …). */
  fieldManager: string;
  showControllerOwned: boolean;
  debounceMs: number;
}

/** `gitops.rules.*`: apply where the repository's `.gitops-manifests.yaml` is silent. */
export interface RuleSettings {
  enable: boolean;
  profile: 'baseline' | 'restricted';
  severity: Record<string, RuleLevel>;
  allowedRegistries: string[];
  optional: string[];
  approvedIngressDomains: string[];
  requiredLabels: string[];
}

export const DEFAULT_SETTINGS: ServerSettings = {
  kubernetesVersion: '',
  validate: { enable: true, debounceMs: 150 },
  crds: { enable: true },
  files: { exclude: [] },
  rules: { enable: true, profile: 'baseline', severity: {}, allowedRegistries: [], optional: [], approvedIngressDomains: [], requiredLabels: [] },
  drift: { enable: true, kubeconfig: '', fieldManager: '', showControllerOwned: true, debounceMs: 500 },
};

const LEVELS = new Set(['off', 'info', 'warning', 'error']);
const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function readRuleSettings(raw: unknown): RuleSettings {
  const r = (raw ?? {}) as Record<string, unknown>;
  const severity: Record<string, RuleLevel> = {};
  if (r.severity && typeof r.severity === 'object') {
    for (const [id, level] of Object.entries(r.severity)) if (typeof level === 'string' && LEVELS.has(level)) severity[id] = level as RuleLevel;
  }
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : true,
    profile: r.profile === 'restricted' ? 'restricted' : 'baseline',
    severity,
    allowedRegistries: stringList(r.allowedRegistries),
    optional: stringList(r.optional),
    approvedIngressDomains: stringList(r.approvedIngressDomains),
    requiredLabels: stringList(r.requiredLabels),
  };
}

function readDriftSettings(raw: unknown): DriftSettings {
  const d = (raw ?? {}) as Record<string, unknown>;
  const defaults = DEFAULT_SETTINGS.drift;
  const text = (v: unknown, fallback: string) => (typeof v === 'string' ? v.trim() : fallback);
  return {
    enable: typeof d.enable === 'boolean' ? d.enable : defaults.enable,
    kubeconfig: text(d.kubeconfig, defaults.kubeconfig),
    fieldManager: text(d.fieldManager, defaults.fieldManager),
    showControllerOwned: typeof d.showControllerOwned === 'boolean' ? d.showControllerOwned : defaults.showControllerOwned,
    debounceMs: typeof d.debounceMs === 'number' && d.debounceMs >= 0 ? Math.min(d.debounceMs, 10_000) : defaults.debounceMs,
  };
}

/** The part of the rule configuration that comes from editor settings. */
export function settingsRulesConfig(s: RuleSettings): Partial<RulesConfig> {
  return {
    profile: s.profile,
    levels: s.severity,
    ...(s.allowedRegistries.length ? { allowedRegistries: s.allowedRegistries } : {}),
    ...(s.optional.length ? { optional: s.optional } : {}),
    ...(s.approvedIngressDomains.length ? { approvedIngressDomains: s.approvedIngressDomains } : {}),
    ...(s.requiredLabels.length ? { requiredLabels: s.requiredLabels } : {}),
  };
}

/** Merges what the client sent over the defaults, ignoring values of the wrong type. */
export function readSettings(raw: unknown): ServerSettings {
  const r = (raw ?? {}) as Record<string, unknown>;
  const validate = (r.validate ?? {}) as Record<string, unknown>;
  const crds = (r.crds ?? {}) as Record<string, unknown>;
  const files = (r.files ?? {}) as Record<string, unknown>;
  return {
    kubernetesVersion: typeof r.kubernetesVersion === 'string' ? r.kubernetesVersion : DEFAULT_SETTINGS.kubernetesVersion,
    validate: {
      enable: typeof validate.enable === 'boolean' ? validate.enable : DEFAULT_SETTINGS.validate.enable,
      debounceMs:
        typeof validate.debounceMs === 'number' && validate.debounceMs >= 0 ? Math.min(validate.debounceMs, 5000) : DEFAULT_SETTINGS.validate.debounceMs,
    },
    crds: { enable: typeof crds.enable === 'boolean' ? crds.enable : DEFAULT_SETTINGS.crds.enable },
    files: { exclude: Array.isArray(files.exclude) ? files.exclude.filter((g): g is string => typeof g === 'string') : [] },
    rules: readRuleSettings(r.rules),
    drift: readDriftSettings(r.drift),
  };
}

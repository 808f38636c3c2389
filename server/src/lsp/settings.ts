// The `gitops.*` settings the server reads (the client contributes and documents them).
export interface ServerSettings {
  kubernetesVersion: string;
  validate: { enable: boolean; debounceMs: number };
  crds: { enable: boolean };
  files: { exclude: string[] };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  kubernetesVersion: '',
  validate: { enable: true, debounceMs: 150 },
  crds: { enable: true },
  files: { exclude: [] },
};

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
  };
}

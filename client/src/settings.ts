// Setting names and the pure logic behind the Kubernetes version picker.
// No `vscode` import here, so everything is testable under plain Node.

/** Configuration section of every setting this extension contributes (`gitops.*`). */
export const SECTION = 'gitops';

export const Setting = {
  kubernetesVersion: 'kubernetesVersion',
  forges: 'forges',
  driftEnable: 'drift.enable',
  driftKubeconfig: 'drift.kubeconfig',
  driftShowControllerOwned: 'drift.showControllerOwned',
} as const;

/** Contents of `schemas/k8s/versions.json`: the Kubernetes minors whose schemas are bundled. */
export interface BundledVersions {
  default: string;
  versions: string[];
}

const MINOR = /^\d+\.\d+$/;

/** Validates parsed `versions.json`; undefined when it is not the expected shape. */
export function parseBundledVersions(json: unknown): BundledVersions | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { default: defaultVersion, versions } = json as Record<string, unknown>;
  if (!Array.isArray(versions) || versions.length === 0) return undefined;
  if (!versions.every((v): v is string => typeof v === 'string' && MINOR.test(v))) return undefined;
  if (typeof defaultVersion !== 'string' || !versions.includes(defaultVersion)) return undefined;
  return { default: defaultVersion, versions: sortMinors(versions) };
}

/**
 * The versions the manifest declares for `gitops.kubernetesVersion` (its enum and default).
 * Used when `versions.json` is missing, e.g. in a checkout whose schemas are not generated yet.
 */
export function bundledVersionsFromManifest(packageJson: unknown): BundledVersions | undefined {
  const configuration = (packageJson as { contributes?: { configuration?: unknown } })?.contributes?.configuration;
  const sections = Array.isArray(configuration) ? configuration : [configuration];
  for (const section of sections) {
    const property = (section as { properties?: Record<string, { enum?: unknown; default?: unknown }> })?.properties?.[
      `${SECTION}.${Setting.kubernetesVersion}`
    ];
    if (property) return parseBundledVersions({ default: property.default, versions: property.enum });
  }
  return undefined;
}

/**
 * The bundled minor used for a requested version. Accepts `1.35`, `v1.35` and `1.35.2`; an empty or
 * unparsable value gives the default; a minor outside the bundled range gives the nearest end of it.
 * Mirrors the server's choice so the status bar shows what validation really uses.
 */
export function resolveKubernetesVersion(requested: string | undefined, bundled: BundledVersions): string {
  const match = /^v?(\d+)\.(\d+)/.exec(requested?.trim() ?? '');
  if (!match) return bundled.default;
  const wanted = `${match[1]}.${match[2]}`;
  if (bundled.versions.includes(wanted)) return wanted;
  const sorted = bundled.versions;
  return compareMinors(wanted, sorted[0]) < 0 ? sorted[0] : sorted[sorted.length - 1];
}

/** Hover text of the status bar item; says so when the configured version is not bundled. */
export function versionTooltip(configured: string | undefined, effective: string): string {
  const setting = `${SECTION}.${Setting.kubernetesVersion}`;
  const requested = configured?.trim();
  const requestedMinor = /^v?(\d+\.\d+)/.exec(requested ?? '')?.[1];
  const source =
    requested && requestedMinor !== effective
      ? `${setting} is "${requested}", which is not a bundled version.`
      : `Set by ${setting}.`;
  return `Manifests are validated against Kubernetes ${effective}. ${source} Click to change.`;
}

export interface VersionPickItem {
  label: string;
  description?: string;
}

/** Quick pick entries, newest first, marking the bundled default and the version now in effect. */
export function versionPickItems(bundled: BundledVersions, effective: string): VersionPickItem[] {
  return [...bundled.versions].reverse().map((version) => {
    const notes = [
      version === bundled.default ? 'default' : undefined,
      version === effective ? 'current' : undefined,
    ].filter(Boolean);
    return notes.length > 0 ? { label: version, description: notes.join(' · ') } : { label: version };
  });
}

/** Where the value of a setting is defined, as reported by `WorkspaceConfiguration.inspect`. */
export interface SettingScopes {
  workspaceFolderValue?: unknown;
  workspaceValue?: unknown;
}

export type SettingTarget = 'workspaceFolder' | 'workspace' | 'global';

/**
 * Where the picker writes the version: workspace settings (shared with the team through Git), unless a
 * folder-level value would override them, and user settings when no folder is open.
 */
export function settingTargetFor(scopes: SettingScopes | undefined, hasWorkspace: boolean): SettingTarget {
  if (!hasWorkspace) return 'global';
  return scopes?.workspaceFolderValue !== undefined ? 'workspaceFolder' : 'workspace';
}

function sortMinors(versions: string[]): string[] {
  return [...new Set(versions)].sort(compareMinors);
}

function compareMinors(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** Forge software a self-hosted host runs, as `gitops.forges` names it. */
export type ForgeType = 'github' | 'gitlab' | 'gitea' | 'forgejo' | 'bitbucket';
export const forgeTypes: readonly ForgeType[] = ['github', 'gitlab', 'gitea', 'forgejo', 'bitbucket'];

export interface ForgeHostSetting {
  type: ForgeType;
  /** API or web root when it is not the one derived from the remote (GitHub Enterprise's `/api/v3`, a proxy). */
  apiUrl?: string;
}

export interface ForgeSettings {
  /** By host in lower case (`git.example.com`, `git.example.com:8443`). */
  hosts: Record<string, ForgeHostSetting>;
  /** Entries left out, in words, naming the setting. */
  problems: string[];
}

/**
 * Reads `gitops.forges`: host → `{type, apiUrl?}`. Hosts are matched without scheme or path and in lower case;
 * an entry with an unknown type or an apiUrl that is not http(s) is left out and said so.
 */
export function parseForgeSettings(value: unknown): ForgeSettings {
  const settings: ForgeSettings = { hosts: {}, problems: [] };
  if (value === undefined || value === null) return settings;
  const setting = `${SECTION}.${Setting.forges}`;
  if (typeof value !== 'object' || Array.isArray(value)) {
    settings.problems.push(`${setting} must be an object of host → { "type": …, "apiUrl": … }`);
    return settings;
  }
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const host = hostOfSettingKey(key);
    if (!host) {
      settings.problems.push(`${setting}: "${key}" is not a host name`);
      continue;
    }
    const { type, apiUrl } = (entry ?? {}) as { type?: unknown; apiUrl?: unknown };
    if (typeof type !== 'string' || !forgeTypes.includes(type as ForgeType)) {
      settings.problems.push(`${setting}["${key}"].type must be one of ${forgeTypes.join(', ')}`);
      continue;
    }
    if (apiUrl !== undefined && (typeof apiUrl !== 'string' || !isHttpUrl(apiUrl))) {
      settings.problems.push(`${setting}["${key}"].apiUrl must be an http(s) URL`);
      continue;
    }
    settings.hosts[host] = apiUrl ? { type: type as ForgeType, apiUrl: apiUrl.replace(/\/+$/, '') } : { type: type as ForgeType };
  }
  return settings;
}

function hostOfSettingKey(key: string): string | undefined {
  const text = key.trim().toLowerCase();
  if (!text) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`);
    if (!url.hostname || url.username || url.password) return undefined;
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return undefined;
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

// Which forge serves a remote: named outright (CLI `--forge`), a configured self-hosted host (setting
// `gitops.forges` or `forges:` in the repository's `.gitops-manifests.yaml`), or a well-known host; and the remote
// as isomorphic-git can reach it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { displayUrl } from './git';
import { detectForge, type DetectedForge, type ForgeKind } from './forges';
import { PullRequestFlowError } from './flowError';

/** A self-hosted forge: setting `gitops.forges` or the `forges:` entry of `.gitops-manifests.yaml`, by host. */
export interface ForgeHostSetting {
  /** `forgejo` is Gitea's API. */
  type: ForgeKind | 'forgejo';
  /** What createForge takes (REST root for GitHub/Bitbucket, web root for GitLab/Gitea); derived from the remote when absent. */
  apiUrl?: string;
}

/** Where self-hosted forges are configured, named in the unknown-forge message. */
export const FORGES_SETTING = 'gitops.forges';

/** The forge of a remote: named outright, a configured host, or a well-known host. */
export function resolveForge(remoteUrl: string, explicit: ForgeHostSetting | undefined, hosts: Record<string, ForgeHostSetting> = {}): DetectedForge {
  const host = remoteHost(remoteUrl);
  const configured = explicit ?? (host ? (hosts[host.withPort] ?? hosts[host.name]) : undefined);
  const detected = detectForge(remoteUrl, configured ? kindOf(configured.type) : undefined);
  if (!detected) {
    throw new PullRequestFlowError(
      'unknown-forge',
      configured
        ? `Cannot read the repository from the remote ${displayUrl(remoteUrl)}`
        : `Which forge serves ${host?.withPort ?? displayUrl(remoteUrl)} is not known: add it to the setting ${FORGES_SETTING} (or \`forges:\` in .gitops-manifests.yaml), e.g. {"${host?.withPort ?? 'git.example.com'}": {"type": "gitea"}}`,
      { setting: FORGES_SETTING },
    );
  }
  return configured?.apiUrl ? { ...detected, baseUrl: configured.apiUrl.replace(/\/+$/, '') } : detected;
}

/**
 * The remote as isomorphic-git can reach it: http(s) as it is; an ssh or scp-like remote (`git@host:owner/repo.git`)
 * as the forge's HTTPS clone URL, since isomorphic-git speaks only smart HTTP and the token works there.
 */
export function httpsRemote(remoteUrl: string, forge: DetectedForge): string {
  if (/^https?:\/\//i.test(remoteUrl)) return remoteUrl;
  const path = `${forge.owner}/${forge.repo}.git`;
  if (forge.kind === 'github') return `${forge.baseUrl === 'https://api.github.com' ? 'https://github.com' : forge.baseUrl.replace(/\/api\/v3$/, '')}/${path}`;
  if (forge.kind === 'bitbucket') return `${forge.baseUrl === 'https://api.bitbucket.org' ? 'https://bitbucket.org' : forge.baseUrl}/${path}`;
  return `${forge.baseUrl}/${path}`;
}

function kindOf(type: ForgeHostSetting['type']): ForgeKind {
  return type === 'forgejo' ? 'gitea' : type;
}

function remoteHost(url: string): { name: string; withPort: string } | undefined {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)/.exec(url);
  if (scp && !url.includes('://')) return { name: scp[1].toLowerCase(), withPort: scp[1].toLowerCase() };
  try {
    const parsed = new URL(url);
    const name = parsed.hostname.toLowerCase();
    const web = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    return { name, withPort: web && parsed.port ? `${name}:${parsed.port}` : name };
  } catch {
    return undefined;
  }
}

/** `forges:` in the repository's `.gitops-manifests.yaml`: host → {type, apiUrl}. */
export async function forgesFromConfigFile(root: string): Promise<Record<string, ForgeHostSetting>> {
  for (const name of ['.gitops-manifests.yaml', '.gitops-manifests.yml']) {
    let textContent: string;
    try {
      textContent = await readFile(join(root, name), 'utf8');
    } catch {
      continue;
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(textContent);
    } catch {
      return {};
    }
    return withoutForeignApiUrls(readForgeHosts((parsed as { forges?: unknown } | null)?.forges));
  }
  return {};
}

/**
 * A cloned repository's own file must not send the token elsewhere: an apiUrl on another host than the entry's is
 * dropped (the API is then derived from the remote, on the remote's host).
 */
export function withoutForeignApiUrls(hosts: Record<string, ForgeHostSetting>): Record<string, ForgeHostSetting> {
  const kept: Record<string, ForgeHostSetting> = {};
  for (const [host, entry] of Object.entries(hosts)) {
    let sameHost = false;
    try {
      sameHost = !!entry.apiUrl && new URL(entry.apiUrl).hostname.toLowerCase() === host.replace(/:\d+$/, '');
    } catch {
      sameHost = false;
    }
    kept[host] = sameHost ? entry : { type: entry.type };
  }
  return kept;
}

const FORGE_KINDS = new Set<string>(['github', 'gitlab', 'gitea', 'forgejo', 'bitbucket']);

/** Reads a host → {type, apiUrl} map (the setting's or the file's), dropping entries of an unknown type. */
export function readForgeHosts(value: unknown): Record<string, ForgeHostSetting> {
  const hosts: Record<string, ForgeHostSetting> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return hosts;
  for (const [host, entry] of Object.entries(value)) {
    const { type, apiUrl } = (entry ?? {}) as { type?: unknown; apiUrl?: unknown };
    if (typeof type !== 'string' || !FORGE_KINDS.has(type)) continue;
    hosts[host.toLowerCase()] = { type: type as ForgeHostSetting['type'], ...(typeof apiUrl === 'string' && apiUrl ? { apiUrl } : {}) };
  }
  return hosts;
}

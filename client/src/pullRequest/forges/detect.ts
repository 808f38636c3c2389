// Which forge a git remote points at, and where its API lives. Pure: no network, so the guess for a self-hosted
// server comes from the caller's `kind` hint (a setting), not from probing it.
import type { ForgeKind } from './forge';

export interface DetectedForge {
  kind: ForgeKind;
  /** What createForge takes: the REST API root for GitHub and Bitbucket, the web root for GitLab and Gitea. */
  baseUrl: string;
  owner: string;
  repo: string;
}

const knownHosts: Record<string, ForgeKind> = {
  'github.com': 'github',
  'gitlab.com': 'gitlab',
  'codeberg.org': 'gitea',
  'bitbucket.org': 'bitbucket',
};

interface RemoteParts {
  host: string;
  /** Port of an http(s) remote; an ssh port says nothing about the web server. */
  webPort: string;
  secure: boolean;
  path: string;
}

/**
 * Reads `https://host/owner/repo.git`, `ssh://git@host:22/owner/repo.git` and `git@host:owner/repo.git`.
 * Returns undefined for a remote it cannot read, or for an unknown host without a `kind` hint.
 */
export function detectForge(remoteUrl: string, kind?: ForgeKind): DetectedForge | undefined {
  const parts = parseRemote(remoteUrl.trim());
  if (!parts) return undefined;
  const forge = kind ?? knownHosts[parts.host];
  if (!forge) return undefined;

  const segments = parts.path.replace(/\.git\/?$/, '').split('/').filter(Boolean);
  if (segments.length < 2) return undefined;
  const repo = segments.pop() as string;
  // GitLab nests projects in subgroups; the other forges have exactly owner/repo.
  if (forge !== 'gitlab' && segments.length !== 1) return undefined;
  const owner = segments.join('/');

  const web = `${parts.secure ? 'https' : 'http'}://${parts.host}${parts.webPort ? `:${parts.webPort}` : ''}`;
  const baseUrl = apiRoot(forge, parts.host, web);
  return { kind: forge, baseUrl, owner, repo };
}

function apiRoot(forge: ForgeKind, host: string, web: string): string {
  if (forge === 'github') return host === 'github.com' ? 'https://api.github.com' : `${web}/api/v3`;
  // Bitbucket Cloud's API lives on its own host; there is no self-hosted Bitbucket Cloud.
  if (forge === 'bitbucket') return host === 'bitbucket.org' ? 'https://api.bitbucket.org' : web;
  return web;
}

function parseRemote(remote: string): RemoteParts | undefined {
  // scp-like syntax has no scheme and a colon before the path: [user@]host:path
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(remote);
  if (scp && !remote.includes('://')) {
    return { host: scp[1].toLowerCase(), webPort: '', secure: true, path: scp[2] };
  }
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!['https', 'http', 'ssh', 'git+ssh', 'ssh+git'].includes(scheme) || !url.hostname) return undefined;
  const web = scheme === 'https' || scheme === 'http';
  return {
    // The URL may carry user:password; only the host goes into the result.
    host: url.hostname.toLowerCase(),
    webPort: web ? url.port : '',
    secure: scheme !== 'http',
    path: decodeURIComponent(url.pathname),
  };
}

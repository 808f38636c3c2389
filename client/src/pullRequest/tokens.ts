// Forge tokens (GitLab, Gitea/Forgejo, Bitbucket, GitHub Enterprise without a VS Code sign-in) kept per host in the
// editor's secret storage. Plain Node: takes anything shaped like VS Code's SecretStorage, so tests use a Map.
import type { ForgeType } from '../settings';

/** The part of `vscode.SecretStorage` the token store needs. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

const TOKEN_KEY_PREFIX = 'gitops.forgeToken:';
/** SecretStorage cannot list its keys (before VS Code 1.94), so the hosts with a token are kept beside them. */
export const TOKEN_HOSTS_KEY = 'gitops.forgeTokenHosts';

/**
 * A host as tokens are filed: lower case, without scheme, user, path or a trailing dot; a port stays, since two
 * servers on one machine are two forges. Undefined when the text is not a host name.
 */
export function normalizeHost(input: string): string | undefined {
  let text = input.trim().toLowerCase();
  if (!text) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const hostname = url.hostname.replace(/\.$/, '');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(hostname) && !/^\[[0-9a-f:.]+\]$/.test(hostname)) {
    return undefined;
  }
  return url.port ? `${hostname}:${url.port}` : hostname;
}

export function tokenKey(host: string): string {
  return `${TOKEN_KEY_PREFIX}${host}`;
}

export interface ForgeTokenStore {
  get(host: string): Promise<string | undefined>;
  set(host: string, token: string): Promise<void>;
  remove(host: string): Promise<boolean>;
  /** Hosts that have a token, sorted. */
  hosts(): Promise<string[]>;
}

export function createForgeTokenStore(secrets: SecretStore): ForgeTokenStore {
  const readHosts = async (): Promise<string[]> => {
    const raw = await secrets.get(TOKEN_HOSTS_KEY);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === 'string') : [];
    } catch {
      return [];
    }
  };
  const writeHosts = (hosts: string[]) => secrets.store(TOKEN_HOSTS_KEY, JSON.stringify([...new Set(hosts)].sort()));
  const hostOrThrow = (host: string) => {
    const normalized = normalizeHost(host);
    if (!normalized) throw new Error(`Not a host name: ${host}`);
    return normalized;
  };

  return {
    async get(host) {
      const normalized = normalizeHost(host);
      return normalized ? secrets.get(tokenKey(normalized)) : undefined;
    },
    async set(host, token) {
      const normalized = hostOrThrow(host);
      const value = token.trim();
      if (!value) throw new Error('The token is empty');
      await secrets.store(tokenKey(normalized), value);
      await writeHosts([...(await readHosts()), normalized]);
    },
    async remove(host) {
      const normalized = normalizeHost(host);
      if (!normalized) return false;
      const had = (await secrets.get(tokenKey(normalized))) !== undefined;
      await secrets.delete(tokenKey(normalized));
      const hosts = await readHosts();
      if (hosts.includes(normalized)) await writeHosts(hosts.filter((h) => h !== normalized));
      return had;
    },
    async hosts() {
      return [...(await readHosts())].sort();
    },
  };
}

/** Why a token entry is not usable, for the input box's validation; undefined when it is fine. */
export function tokenInputProblem(value: string): string | undefined {
  const token = value.trim();
  if (!token) return 'Paste the token.';
  if (/\s/.test(token)) return 'A token has no spaces or line breaks.';
  if (token.length < 8) return 'This is too short to be a token.';
  return undefined;
}

export interface TokenHelp {
  /** What the input box says: the forge and the scopes the token needs. */
  prompt: string;
  /** The forge's page where such a token is made. */
  createUrl: string;
}

/** Where to make a token for a host and which scopes it needs to push a branch and open a pull request. */
export function tokenHelp(type: ForgeType, host: string): TokenHelp {
  const web = `${host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https'}://${host}`;
  switch (type) {
    case 'github':
      return {
        prompt: `Token for ${host} (GitHub) with the repo scope, or fine-grained with Contents and Pull requests read and write`,
        createUrl: `${web}/settings/tokens/new?scopes=repo&description=GitOps%20Manifests`,
      };
    case 'gitlab':
      return {
        prompt: `Personal access token for ${host} (GitLab) with the api and write_repository scopes`,
        createUrl: `${web}/-/user_settings/personal_access_tokens?name=GitOps%20Manifests&scopes=api,write_repository`,
      };
    case 'gitea':
    case 'forgejo':
      return {
        prompt: `Access token for ${host} (${type === 'gitea' ? 'Gitea' : 'Forgejo'}) with the write:repository scope`,
        createUrl: `${web}/user/settings/applications`,
      };
    case 'bitbucket':
      return {
        prompt: `Repository or workspace access token for ${host} (Bitbucket) with the pullrequest:write and repository:write scopes`,
        createUrl: `${web}/account/settings/`,
      };
  }
}

/** Hosts whose forge is known without a setting, for the token command's host list. */
export const wellKnownTokenHosts: Record<string, ForgeType> = {
  'gitlab.com': 'gitlab',
  'codeberg.org': 'forgejo',
  'bitbucket.org': 'bitbucket',
};

/** How a host's token is obtained: VS Code's GitHub sign-in, its GitHub Enterprise sign-in, or a stored token. */
export type TokenSource = { kind: 'session'; provider: 'github' | 'github-enterprise' } | { kind: 'stored' };

/**
 * github.com uses the `github` authentication provider; the GitHub Enterprise Server that VS Code's
 * `github-enterprise.uri` names uses `github-enterprise`; every other host a token from "GitOps: Set Forge Token".
 */
export function tokenSourceFor(type: ForgeType, host: string, githubEnterpriseUri?: string): TokenSource {
  if (type !== 'github') return { kind: 'stored' };
  if (host === 'github.com') return { kind: 'session', provider: 'github' };
  const enterpriseHost = githubEnterpriseUri ? normalizeHost(githubEnterpriseUri) : undefined;
  return enterpriseHost === host ? { kind: 'session', provider: 'github-enterprise' } : { kind: 'stored' };
}

/** The scopes asked of VS Code's GitHub sign-in: `repo` covers pushing the branch and opening the pull request. */
export const GITHUB_SCOPES = ['repo'];

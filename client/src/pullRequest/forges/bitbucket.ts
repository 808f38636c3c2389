// Bitbucket Cloud (REST 2.0): POST /2.0/repositories/{workspace}/{repo_slug}/pullrequests, with a repository,
// project or workspace access token as Bearer token (the owner is the workspace).
import type { Forge, PullRequestRequest, PullRequestResult } from './forge';
import { ForgeError } from './forge';
import { getJson, postJson, trimBaseUrl } from './http';

export const bitbucketApiUrl = 'https://api.bitbucket.org';

export interface BitbucketOptions {
  /** API root without the version: `https://api.bitbucket.org`. */
  baseUrl?: string;
  token: string;
  timeoutMs?: number;
}

export function createBitbucketForge({ baseUrl = bitbucketApiUrl, token, timeoutMs = 30_000 }: BitbucketOptions): Forge {
  const root = trimBaseUrl(baseUrl);
  const common = { forge: 'bitbucket' as const, baseUrl: root, headers: { Authorization: `Bearer ${token}` }, token, timeoutMs, detailOf: bitbucketMessage };
  const repoPath = (owner: string, repo: string) => `/2.0/repositories/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  return {
    kind: 'bitbucket',
    async createPullRequest(req: PullRequestRequest): Promise<PullRequestResult> {
      const created = await postJson({
        ...common,
        path: `${repoPath(req.owner, req.repo)}/pullrequests`,
        body: {
          title: req.title,
          ...(req.body === undefined ? {} : { description: req.body }),
          source: { branch: { name: req.head } },
          destination: { branch: { name: req.base } },
          ...(req.draft ? { draft: true } : {}),
        },
        req,
      });
      return pullRequestOf(created);
    },
    async findExisting({ owner, repo, head, base }) {
      // BBQL: string values in double quotes.
      const q = [`source.branch.name="${quoted(head)}"`, ...(base ? [`destination.branch.name="${quoted(base)}"`] : [])].join(' AND ');
      const query = new URLSearchParams({ state: 'OPEN', q });
      const listed = await getJson({ ...common, path: `${repoPath(owner, repo)}/pullrequests?${query}`, req: { owner, repo } });
      const values = (listed as { values?: unknown } | undefined)?.values;
      const first: unknown = Array.isArray(values) ? values[0] : undefined;
      return first ? pullRequestOf(first) : undefined;
    },
    async defaultBranch({ owner, repo }) {
      const found = await getJson({ ...common, path: repoPath(owner, repo), req: { owner, repo } });
      const name = (found as { mainbranch?: { name?: unknown } } | undefined)?.mainbranch?.name;
      if (typeof name !== 'string' || !name) throw new ForgeError('server', 'Bitbucket answered without the repository\'s mainbranch; is the URL the Bitbucket Cloud API?');
      return name;
    },
  };
}

function quoted(value: string): string {
  return value.replace(/["\\]/g, (c) => `\\${c}`);
}

/** Bitbucket's pull request: `id` and `links.html.href`. */
function pullRequestOf(body: unknown): PullRequestResult {
  const record = (body ?? {}) as { id?: unknown; links?: { html?: { href?: unknown } } };
  const url = record.links?.html?.href;
  if (typeof record.id !== 'number' || typeof url !== 'string') {
    throw new ForgeError('server', 'Bitbucket answered without the pull request\'s id and links.html.href; is the URL the Bitbucket Cloud API?');
  }
  return { number: record.id, url };
}

/** `{"type": "error", "error": {"message": "…", "fields": {"field": ["problem"]}}}`. */
export function bitbucketMessage(body: unknown): string {
  const error = (body as { error?: { message?: unknown; fields?: unknown } } | undefined)?.error;
  if (!error || typeof error !== 'object') return '';
  const fields = error.fields && typeof error.fields === 'object'
    ? Object.entries(error.fields).map(([field, problems]) => `${field}: ${Array.isArray(problems) ? problems.join(', ') : String(problems)}`)
    : [];
  return [typeof error.message === 'string' ? error.message : '', ...fields].filter(Boolean).join('; ');
}

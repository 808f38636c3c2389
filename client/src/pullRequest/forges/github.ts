// GitHub and GitHub Enterprise Server through Octokit: POST /repos/{owner}/{repo}/pulls.
import { Octokit } from '@octokit/rest';
import { errorForStatus, networkError, type FailedRequest, type Forge, type PullRequestRequest, type PullRequestResult } from './forge';

export interface GitHubOptions {
  /** REST API root: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  baseUrl?: string;
  token: string;
  timeoutMs?: number;
}

export const githubApiUrl = 'https://api.github.com';

export function createGitHubForge({ baseUrl = githubApiUrl, token, timeoutMs = 30_000 }: GitHubOptions): Forge {
  const root = baseUrl.replace(/\/+$/, '');
  const octokit = new Octokit({
    baseUrl: root,
    // Octokit logs 4xx/5xx through console by default; the caller decides what to show.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  // The documented header form (Octokit's `auth` would send `token T`); the API version pins the response shape.
  const headers = {
    authorization: `Bearer ${token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  };
  return {
    kind: 'github',
    async createPullRequest(req: PullRequestRequest): Promise<PullRequestResult> {
      try {
        const { data } = await octokit.rest.pulls.create({
          owner: req.owner,
          repo: req.repo,
          title: req.title,
          head: req.head,
          base: req.base,
          ...(req.body === undefined ? {} : { body: req.body }),
          ...(req.draft ? { draft: true } : {}),
          headers,
          request: { signal: AbortSignal.timeout(timeoutMs) },
        });
        return { number: data.number, url: data.html_url };
      } catch (error) {
        throw toForgeError(error, req, root, token);
      }
    },
    async findExisting({ owner, repo, head, base }) {
      try {
        const { data } = await octokit.rest.pulls.list({
          owner,
          repo,
          // GitHub filters on `user:branch`; a branch of the repository itself belongs to its owner.
          head: head.includes(':') ? head : `${owner}:${head}`,
          ...(base ? { base } : {}),
          state: 'open',
          headers,
          request: { signal: AbortSignal.timeout(timeoutMs) },
        });
        const first = data[0];
        return first ? { number: first.number, url: first.html_url } : undefined;
      } catch (error) {
        throw toForgeError(error, { owner, repo }, root, token);
      }
    },
    async defaultBranch({ owner, repo }) {
      try {
        const { data } = await octokit.rest.repos.get({ owner, repo, headers, request: { signal: AbortSignal.timeout(timeoutMs) } });
        return data.default_branch;
      } catch (error) {
        throw toForgeError(error, { owner, repo }, root, token);
      }
    },
  };
}

interface OctokitRequestError {
  status: number;
  response?: { data?: unknown };
}

/** Octokit reports a failed fetch as status 500 without a response; only a response means GitHub answered. */
function toForgeError(error: unknown, req: FailedRequest['req'], baseUrl: string, token: string): unknown {
  if (!error || typeof error !== 'object' || !('status' in error)) return networkError('github', baseUrl, error, token);
  const { status, response } = error as OctokitRequestError;
  if (!response) return networkError('github', baseUrl, (error as { cause?: unknown }).cause ?? error, token);
  return errorForStatus({ forge: 'github', status, detail: detailOf(response.data), req, token });
}

/** GitHub puts the summary in `message` and the specifics ("A pull request already exists for …") in `errors[]`. */
function detailOf(data: unknown): string {
  if (!data || typeof data !== 'object') return typeof data === 'string' ? data.slice(0, 200) : '';
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const specifics = Array.isArray(errors)
    ? errors.map((e: unknown) => (e && typeof e === 'object' && 'message' in e ? String(e.message) : '')).filter(Boolean)
    : [];
  return [typeof message === 'string' ? message : '', ...specifics].filter(Boolean).join(': ');
}

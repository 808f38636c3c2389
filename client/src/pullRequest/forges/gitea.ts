// Gitea and Forgejo: POST /api/v1/repos/{owner}/{repo}/pulls. Neither has a draft field; a title prefix marks work in
// progress (WORK_IN_PROGRESS_PREFIXES, `WIP:` by default).
import { withTitlePrefix, type Forge, type PullRequestRequest, type PullRequestResult } from './forge';
import { messageOf, postJson, resultFrom, trimBaseUrl } from './http';

export interface GiteaOptions {
  /** Web root of the server, e.g. `https://codeberg.org`. */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

export function createGiteaForge({ baseUrl, token, timeoutMs = 30_000 }: GiteaOptions): Forge {
  const root = trimBaseUrl(baseUrl);
  return {
    kind: 'gitea',
    async createPullRequest(req: PullRequestRequest): Promise<PullRequestResult> {
      const title = req.draft ? withTitlePrefix(req.title, 'WIP: ', /^\s*(WIP:|\[WIP\])/i) : req.title;
      const created = await postJson({
        forge: 'gitea',
        baseUrl: root,
        path: `/api/v1/repos/${encodeURIComponent(req.owner)}/${encodeURIComponent(req.repo)}/pulls`,
        headers: { Authorization: `token ${token}` },
        body: { title, head: req.head, base: req.base, ...(req.body === undefined ? {} : { body: req.body }) },
        req,
        token,
        timeoutMs,
        detailOf: messageOf,
      });
      return resultFrom(created, 'number', 'html_url', 'gitea');
    },
  };
}

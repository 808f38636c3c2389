// Gitea and Forgejo: POST /api/v1/repos/{owner}/{repo}/pulls. Neither has a draft field; a title prefix marks work in
// progress (WORK_IN_PROGRESS_PREFIXES, `WIP:` by default).
import { withTitlePrefix, type Forge, type PullRequestRequest, type PullRequestResult } from './forge';
import { getJson, messageOf, postJson, resultFrom, stringField, trimBaseUrl } from './http';

export interface GiteaOptions {
  /** Web root of the server, e.g. `https://codeberg.org`. */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

export function createGiteaForge({ baseUrl, token, timeoutMs = 30_000 }: GiteaOptions): Forge {
  const root = trimBaseUrl(baseUrl);
  const common = { forge: 'gitea' as const, baseUrl: root, headers: { Authorization: `token ${token}` }, token, timeoutMs, detailOf: messageOf };
  const repoPath = (owner: string, repo: string) => `/api/v1/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  return {
    kind: 'gitea',
    async createPullRequest(req: PullRequestRequest): Promise<PullRequestResult> {
      const title = req.draft ? withTitlePrefix(req.title, 'WIP: ', /^\s*(WIP:|\[WIP\])/i) : req.title;
      const created = await postJson({
        ...common,
        path: `${repoPath(req.owner, req.repo)}/pulls`,
        body: { title, head: req.head, base: req.base, ...(req.body === undefined ? {} : { body: req.body }) },
        req,
      });
      return resultFrom(created, 'number', 'html_url', 'gitea');
    },
    async findExisting({ owner, repo, head, base }) {
      if (base) {
        // The newest pull request between the two branches, whatever its state; 404 when there never was one.
        const found = await getJson({
          ...common,
          path: `${repoPath(owner, repo)}/pulls/${encodeURIComponent(base)}/${encodeURIComponent(head)}`,
          req: { owner, repo },
          absentOn: [404],
        });
        return found && (found as { state?: unknown }).state === 'open' ? resultFrom(found, 'number', 'html_url', 'gitea') : undefined;
      }
      // Without a base: the open pull requests, one page of the most recently updated.
      const listed = await getJson({ ...common, path: `${repoPath(owner, repo)}/pulls?state=open&sort=recentupdate&limit=50`, req: { owner, repo } });
      const match = (Array.isArray(listed) ? listed : []).find((pr: { head?: { ref?: unknown } }) => pr?.head?.ref === head);
      return match ? resultFrom(match, 'number', 'html_url', 'gitea') : undefined;
    },
    async defaultBranch({ owner, repo }) {
      const found = await getJson({ ...common, path: repoPath(owner, repo), req: { owner, repo } });
      return stringField(found, 'default_branch', 'gitea');
    },
  };
}

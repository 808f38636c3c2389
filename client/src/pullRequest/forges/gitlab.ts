// GitLab merge requests: POST /api/v4/projects/:id/merge_requests, the project given as its URL-encoded path
// (`group/subgroup/repo`), so no extra lookup of the numeric id is needed.
import { withTitlePrefix, type Forge, type PullRequestRequest, type PullRequestResult } from './forge';
import { getJson, messageOf, postJson, resultFrom, stringField, trimBaseUrl } from './http';

export interface GitLabOptions {
  /** Web root of the instance, e.g. `https://gitlab.com` or `https://example.com/gitlab`. */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

export function createGitLabForge({ baseUrl, token, timeoutMs = 30_000 }: GitLabOptions): Forge {
  const root = trimBaseUrl(baseUrl);
  const common = { forge: 'gitlab' as const, baseUrl: root, headers: { 'PRIVATE-TOKEN': token }, token, timeoutMs, detailOf: messageOf };
  const projectPath = (owner: string, repo: string) => `/api/v4/projects/${encodeURIComponent(`${owner}/${repo}`)}`;
  return {
    kind: 'gitlab',
    async createPullRequest(req: PullRequestRequest): Promise<PullRequestResult> {
      // GitLab 14+ reads `Draft:` in the title; the older `WIP:` and `[Draft]` forms still count as marked.
      const title = req.draft ? withTitlePrefix(req.title, 'Draft: ', /^\s*(Draft:|\[Draft\]|\(Draft\)|WIP:)/i) : req.title;
      const project = encodeURIComponent(`${req.owner}/${req.repo}`);
      const created = await postJson({
        forge: 'gitlab',
        baseUrl: root,
        path: `/api/v4/projects/${project}/merge_requests`,
        headers: { 'PRIVATE-TOKEN': token },
        body: {
          source_branch: req.head,
          target_branch: req.base,
          title,
          ...(req.body === undefined ? {} : { description: req.body }),
        },
        req,
        token,
        timeoutMs,
        detailOf: messageOf,
      });
      return resultFrom(created, 'iid', 'web_url', 'gitlab');
    },
    async findExisting({ owner, repo, head, base }) {
      const query = new URLSearchParams({ state: 'opened', source_branch: head, ...(base ? { target_branch: base } : {}) });
      const listed = await getJson({ ...common, path: `${projectPath(owner, repo)}/merge_requests?${query}`, req: { owner, repo } });
      const first: unknown = Array.isArray(listed) ? listed[0] : undefined;
      return first ? resultFrom(first, 'iid', 'web_url', 'gitlab') : undefined;
    },
    async defaultBranch({ owner, repo }) {
      return stringField(await getJson({ ...common, path: projectPath(owner, repo), req: { owner, repo } }), 'default_branch', 'gitlab');
    },
  };
}

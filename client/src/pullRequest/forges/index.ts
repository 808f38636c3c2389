// Entry point of the forge clients: pick one by kind, or work the kind out from a git remote.
import type { Forge, ForgeKind } from './forge';
import { createGitHubForge } from './github';
import { createGitLabForge } from './gitlab';
import { createGiteaForge } from './gitea';
import { createBitbucketForge } from './bitbucket';

export * from './forge';
export { detectForge, type DetectedForge } from './detect';
export { createGitHubForge, githubApiUrl } from './github';
export { createGitLabForge } from './gitlab';
export { createGiteaForge } from './gitea';
export { createBitbucketForge, bitbucketApiUrl } from './bitbucket';

export interface ForgeOptions {
  kind: ForgeKind;
  /** As detectForge returns it: the REST API root for GitHub and Bitbucket, the web root for GitLab and Gitea. */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

export function createForge({ kind, baseUrl, token, timeoutMs }: ForgeOptions): Forge {
  switch (kind) {
    case 'github':
      return createGitHubForge({ baseUrl, token, timeoutMs });
    case 'gitlab':
      return createGitLabForge({ baseUrl, token, timeoutMs });
    case 'gitea':
      return createGiteaForge({ baseUrl, token, timeoutMs });
    case 'bitbucket':
      return createBitbucketForge({ baseUrl, token, timeoutMs });
  }
}

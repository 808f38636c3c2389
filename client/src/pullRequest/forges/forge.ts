// What the pull-request flow needs from a forge, independent of GitHub, GitLab or Gitea. Plain Node: no `vscode`.

export type ForgeKind = 'github' | 'gitlab' | 'gitea' | 'bitbucket';

export interface PullRequestRequest {
  /** User, organisation or (GitLab) group path such as `platform/infra`. */
  owner: string;
  repo: string;
  title: string;
  body?: string;
  /** Source branch; `user:branch` for a fork on GitHub and Gitea. */
  head: string;
  /** Target branch. */
  base: string;
  draft?: boolean;
}

export interface PullRequestResult {
  /** The number people see: GitHub/Gitea `number`, GitLab `iid`. */
  number: number;
  /** Web page of the pull request. */
  url: string;
}

/** A repository on the forge. */
export interface RepositoryRef {
  owner: string;
  repo: string;
}

/** An open pull request from `head` (into `base`, when given). */
export interface ExistingPullRequestQuery extends RepositoryRef {
  head: string;
  base?: string;
}

export interface Forge {
  readonly kind: ForgeKind;
  createPullRequest(req: PullRequestRequest): Promise<PullRequestResult>;
  /** The open pull request from `head`, if there is one. */
  findExisting(query: ExistingPullRequestQuery): Promise<PullRequestResult | undefined>;
  /** The branch pull requests target unless told otherwise. */
  defaultBranch(repo: RepositoryRef): Promise<string>;
}

export type ForgeErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'validation'
  | 'network'
  | 'server';

/** A failure the PR flow can explain to the user. The message never contains the token. */
export class ForgeError extends Error {
  override readonly name = 'ForgeError';
  constructor(
    readonly kind: ForgeErrorKind,
    message: string,
    /** HTTP status; undefined when no response arrived. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const forgeNames: Record<ForgeKind, string> = { github: 'GitHub', gitlab: 'GitLab', gitea: 'Gitea', bitbucket: 'Bitbucket' };

/** The scope a token needs to open pull requests, named as each forge's token page names it. */
const tokenScopes: Record<ForgeKind, string> = {
  github: 'the repo scope (fine-grained: Pull requests read and write)',
  gitlab: 'the api scope',
  gitea: 'the write:repository scope',
  bitbucket: 'the pullrequest:write and repository:write scopes',
};

export interface FailedRequest {
  forge: ForgeKind;
  status: number;
  /** Human-readable text from the response body, if any. */
  detail: string;
  /** What was asked: a pull request, or (head and base left out) a look-up in the repository. */
  req: RepositoryRef & { head?: string; base?: string };
  /** Removed from every message, should a server echo it back. */
  token: string;
}

/** Maps an HTTP error status to a ForgeError with a message that says what to do next. */
export function errorForStatus({ forge, status, detail, req, token }: FailedRequest): ForgeError {
  const name = forgeNames[forge];
  const where = `${req.owner}/${req.repo}`;
  const said = detail ? `: ${redact(detail, token)}` : '';
  if (status === 401) {
    return new ForgeError('unauthorized', `${name} rejected the token (401): check that it is valid and has ${tokenScopes[forge]}`, status);
  }
  if (status === 403) {
    return new ForgeError('forbidden', `${name} refused to open a pull request in ${where} (403): the token's user needs write access${said}`, status);
  }
  if (status === 404 && !req.head) {
    return new ForgeError('not-found', `${name} found no repository ${where} (404): check the remote and that the token can see the repository${said}`, status);
  }
  if (status === 404) {
    return new ForgeError('not-found', `${name} found no repository ${where} or no branch ${req.head} or ${req.base} (404): check the remote, that the branch is pushed, and that the token can see the repository${said}`, status);
  }
  // GitHub reports an existing pull request as a 422 validation failure; it is a conflict all the same.
  if (status === 409 || (status === 422 && /already exists/i.test(detail))) {
    return new ForgeError('conflict', `A pull request from ${req.head} into ${req.base} already exists in ${where} (${status})${said}`, status);
  }
  if (status === 400 || status === 422) {
    return new ForgeError('validation', `${name} did not accept the pull request for ${where} (${status})${said}`, status);
  }
  if (status >= 500) {
    return new ForgeError('server', `${name} failed with a server error (${status}); try again later${said}`, status);
  }
  return new ForgeError('server', `${name} answered with unexpected status ${status}${said}`, status);
}

export function networkError(forge: ForgeKind, baseUrl: string, cause: unknown, token: string): ForgeError {
  const reason = cause instanceof Error ? describeCause(cause) : String(cause);
  return new ForgeError('network', `Could not reach ${forgeNames[forge]} at ${baseUrl}: ${redact(reason, token)}`, undefined, { cause });
}

/** fetch hides the socket error (ECONNREFUSED, ENOTFOUND…) in `cause`; that is the part worth showing. */
function describeCause(error: Error): string {
  const inner = error.cause;
  if (inner instanceof Error) return inner.message || ('code' in inner ? String(inner.code) : error.message);
  return error.message;
}

export function redact(text: string, token: string): string {
  return token ? text.split(token).join('***') : text;
}

/** Adds a draft marker to the title unless the user already wrote one. */
export function withTitlePrefix(title: string, prefix: string, alreadyMarked: RegExp): string {
  return alreadyMarked.test(title) ? title : `${prefix}${title}`;
}

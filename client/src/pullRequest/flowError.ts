// Every failure of the pull-request flow is a PullRequestFlowError with a kind the editor and the CLI word and map
// to exit codes; git and forge failures are mapped to those kinds here, the token removed from every message.
import { ForgeError, redact } from './forges';

export type PullRequestFlowErrorKind =
  | 'not-a-repository'
  | 'no-remote'
  | 'unknown-forge'
  | 'no-changes'
  | 'auth'
  | 'branch-exists'
  | 'push-rejected'
  | 'network'
  | 'pull-request-exists'
  | 'forge'
  | 'base-moved'
  | 'cancelled';

export class PullRequestFlowError extends Error {
  override readonly name = 'PullRequestFlowError';
  constructor(
    readonly kind: PullRequestFlowErrorKind,
    message: string,
    readonly details: {
      /** Running the flow again may succeed (network cut, base moved). */
      retryable?: boolean;
      /** The existing pull request (`pull-request-exists`). */
      url?: string;
      /** A branch name that is free on the remote (`branch-exists`). */
      suggestedBranch?: string;
      /** The setting that maps hosts to forges (`unknown-forge`). */
      setting?: string;
      /** The pushed branch, when the failure came after the push. */
      branch?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
  }
  get retryable(): boolean {
    return this.details.retryable ?? false;
  }
}

/** A forge failure after the push: the message says the branch is on the remote. */
export function withBranch(error: unknown, branch: string): unknown {
  if (error instanceof ForgeError) {
    const kind = error.kind === 'unauthorized' || error.kind === 'forbidden' ? 'auth' : error.kind === 'network' ? 'network' : 'forge';
    return new PullRequestFlowError(kind, `${error.message} (branch ${branch} was pushed)`, { branch, retryable: kind === 'network', cause: error });
  }
  return error;
}

/** Maps git and forge failures to the flow's kinds; every message has the token removed. */
export function asFlowError(error: unknown, token: string): PullRequestFlowError {
  if (error instanceof PullRequestFlowError) {
    return error.message.includes(token) && token ? new PullRequestFlowError(error.kind, redact(error.message, token), error.details) : error;
  }
  const e = error as { name?: string; code?: string; message?: string; data?: { statusCode?: number; response?: string } };
  const message = redact(e?.message ?? String(error), token);
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') return new PullRequestFlowError('cancelled', 'Cancelled', { cause: error });
  if (error instanceof ForgeError) {
    if (error.kind === 'unauthorized' || error.kind === 'forbidden') return new PullRequestFlowError('auth', message, { cause: error });
    if (error.kind === 'network') return new PullRequestFlowError('network', message, { retryable: true, cause: error });
    return new PullRequestFlowError('forge', message, { cause: error });
  }
  if (e?.code === 'UserCanceledError' || (e?.code === 'HttpError' && (e.data?.statusCode === 401 || e.data?.statusCode === 403))) {
    return new PullRequestFlowError('auth', 'The remote rejected the token for git: check that it is valid and may push to the repository', { cause: error });
  }
  if (e?.code === 'PushRejectedError' || e?.code === 'GitPushError') {
    return new PullRequestFlowError('push-rejected', `The remote refused the push: ${message}`, { cause: error });
  }
  if (isNetworkFailure(error)) {
    return new PullRequestFlowError('network', `The connection to the remote broke off (${message}); your files are untouched, run again to retry`, { retryable: true, cause: error });
  }
  if (e?.code === 'HttpError') return new PullRequestFlowError('forge', `The remote answered: ${message}`, { cause: error });
  return new PullRequestFlowError('forge', message, { cause: error });
}

function isNetworkFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, message } = current as { code?: string; message?: string };
    if (code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET|ERR_STREAM_PREMATURE_CLOSE)$/.test(code)) return true;
    if (message && /socket hang up|ECONNRESET|premature close|network|aborted/i.test(message)) return true;
  }
  return false;
}

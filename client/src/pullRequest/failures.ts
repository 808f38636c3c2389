// What the user reads when "Create Pull Request" fails, and the one button that fixes each case. Plain Node: the
// command shows the message and performs the chosen fix.
import type { ForgeType } from '../settings';

/** The parts of the flow's PullRequestFlowError that decide the message. */
export interface FlowFailure {
  kind: string;
  message: string;
  details?: { retryable?: boolean; url?: string; suggestedBranch?: string; setting?: string; branch?: string };
}

export type FailureFix =
  | { fix: 'sign-in-again' }
  | { fix: 'enter-token' }
  | { fix: 'use-branch'; branch: string }
  | { fix: 'rename-branch' }
  | { fix: 'open-url'; url: string }
  | { fix: 'open-forge-setting' }
  | { fix: 'add-remote' }
  | { fix: 'retry' }
  | { fix: 'show-output' };

export type FailureAction = FailureFix & { label: string };

export interface FailureMessage {
  /** Undefined when nothing is to be shown (the user cancelled). */
  message?: string;
  actions: FailureAction[];
}

export interface FailureContext {
  /** The forge of the remote, when it is known. */
  forge?: ForgeType;
  host?: string;
  /** "pull request", or "merge request" on GitLab. */
  noun?: string;
  /** Values never to show, should a message carry one (tokens). */
  secrets?: string[];
}

const forgeLabels: Record<ForgeType, string> = { github: 'GitHub', gitlab: 'GitLab', gitea: 'Gitea', forgejo: 'Forgejo', bitbucket: 'Bitbucket' };

/**
 * One message per failure: what happened in plain words (the flow's own sentence, which names files, branches and
 * hosts) and the buttons that fix it. Every secret is removed from the text.
 */
export function failureMessage(failure: FlowFailure, context: FailureContext = {}): FailureMessage {
  const noun = context.noun ?? 'pull request';
  const where = context.host ?? (context.forge ? forgeLabels[context.forge] : 'the forge');
  const said = sentence(redactAll(failure.message, context.secrets ?? []));
  const details = failure.details ?? {};
  const retry: FailureAction = { fix: 'retry', label: 'Retry' };
  switch (failure.kind) {
    case 'cancelled':
      return { actions: [] };
    case 'not-a-repository':
      return { message: `Cannot create a ${noun}: ${said} Open the folder of a git checkout that has a remote.`, actions: [] };
    case 'no-remote':
      return { message: `Cannot create a ${noun}: ${said}`, actions: [{ fix: 'add-remote', label: 'Add Remote…' }] };
    case 'unknown-forge':
      return {
        message: `Cannot create a ${noun}: ${said}`,
        actions: [{ fix: 'open-forge-setting', label: `Open Setting ${details.setting ?? 'gitops.forges'}` }],
      };
    case 'no-changes':
      return { message: `No ${noun} to create: ${said}`, actions: [] };
    case 'auth': {
      const github = context.forge === 'github' && (context.host === 'github.com' || context.host === undefined);
      return {
        message: `${where} did not accept the ${github ? 'GitHub sign-in' : 'token'}: ${said}`,
        actions: [github ? { fix: 'sign-in-again', label: 'Sign In Again' } : { fix: 'enter-token', label: 'Enter New Token…' }],
      };
    }
    case 'branch-exists':
      return {
        message: said,
        actions: [
          ...(details.suggestedBranch ? [{ fix: 'use-branch' as const, branch: details.suggestedBranch, label: `Use ${details.suggestedBranch}` }] : []),
          { fix: 'rename-branch', label: 'Other Name…' },
        ],
      };
    case 'pull-request-exists':
      return {
        message: said,
        actions: [
          ...(details.url ? [{ fix: 'open-url' as const, url: details.url, label: `Open Existing ${titleCase(noun)}` }] : []),
          ...(details.suggestedBranch ? [{ fix: 'use-branch' as const, branch: details.suggestedBranch, label: `New ${titleCase(noun)} on ${details.suggestedBranch}` }] : []),
        ],
      };
    case 'push-rejected':
      return { message: untouched(said), actions: [{ fix: 'rename-branch', label: 'Push to Another Branch…' }, { fix: 'show-output', label: 'Show Output' }] };
    case 'network':
      return { message: untouched(said), actions: [retry] };
    case 'base-moved':
      return { message: said, actions: [retry] };
    case 'forge':
      return { message: `${where} refused: ${said}`, actions: details.retryable ? [retry, { fix: 'show-output', label: 'Show Output' }] : [{ fix: 'show-output', label: 'Show Output' }] };
    default:
      return { message: `Creating the ${noun} failed: ${said}`, actions: [{ fix: 'show-output', label: 'Show Output' }] };
  }
}

/** Replaces each secret (of a plausible length) by `***`. */
export function redactAll(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of secrets) if (secret && secret.length >= 4) result = result.split(secret).join('***');
  return result;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'no reason was given.';
  return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A failure before or during the push leaves the work tree as it was; say so unless the flow already did. */
function untouched(text: string): string {
  return /untouched/i.test(text) ? text : `${text} Your files are untouched.`;
}

function titleCase(noun: string): string {
  return noun.replace(/\b\w/g, (c) => c.toUpperCase());
}

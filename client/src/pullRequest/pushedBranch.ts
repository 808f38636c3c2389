// What "Create Pull Request" offers for the pushed branch: continuing in GitHub Pull Requests instead of opening
// the pull request itself, and checking the branch out afterwards.
import { Uri, commands, env, extensions, window, type LogOutputChannel } from 'vscode';
import type { ForgeType } from '../settings';
import { checkOutPushedBranch } from './checkout';
import type { PullRequestPlan } from './flow';
import { GITHUB_PULL_REQUESTS_EXTENSION, githubCompareUrl, githubPullRequestsArgs } from './steps';

/** Where the pull request goes: the repository, its remote and the forge account. */
interface PushTarget {
  root: string;
  remote: { name: string };
  account: { type: ForgeType; host: string };
}

/** GitHub Pull Requests can take over on GitHub remotes when it is installed. */
export function offersHandOff(target: PushTarget): boolean {
  return target.account.type === 'github' && extensions.getExtension(GITHUB_PULL_REQUESTS_EXTENSION) !== undefined;
}

/** Opens GitHub Pull Requests' create view on the pushed branch; its compare page on GitHub when that fails. */
export async function handOffToGitHubPullRequests(target: PushTarget, plan: PullRequestPlan, branch: string, log: LogOutputChannel): Promise<void> {
  log.info(`Pull request: pushed ${branch}; continuing in GitHub Pull Requests`);
  try {
    await commands.executeCommand('pr.create', githubPullRequestsArgs(target.root, branch));
  } catch (error) {
    log.warn(`GitHub Pull Requests did not open its create view: ${error instanceof Error ? error.message : String(error)}`);
    const open = 'Open on GitHub';
    const choice = await window.showWarningMessage(`${branch} is pushed, but GitHub Pull Requests did not open it.`, open);
    if (choice === open) {
      await env.openExternal(Uri.parse(githubCompareUrl(target.account.host, plan.forge.owner, plan.forge.repo, plan.base, branch)));
    }
  }
}

interface GitExtensionApi {
  getRepository(uri: Uri): { fetch(remote?: string, ref?: string): Promise<void> } | null;
}

/**
 * Fetches through VS Code's git extension (the user's credentials, its GitHub sign-in), then switches with
 * checkout.ts, which carries the pull request's still-uncommitted changes over.
 */
export async function checkOutBranch(target: PushTarget, branch: string, log: LogOutputChannel): Promise<void> {
  const gitExtension = extensions.getExtension<{ getAPI(version: 1): GitExtensionApi }>('vscode.git');
  const repository = gitExtension && (await gitExtension.activate()).getAPI(1).getRepository(Uri.file(target.root));
  try {
    const { mode } = await checkOutPushedBranch({
      root: target.root,
      remote: target.remote.name,
      branch,
      ...(repository ? { fetch: () => repository.fetch(target.remote.name, branch) } : {}),
    });
    log.info(`Checked out ${branch}${mode === 'merge' ? ', with the uncommitted copies of its changes carried over' : ''}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Checking out ${branch} failed: ${message}`);
    void window.showErrorMessage(`Checking out ${branch} failed: ${message}`);
  }
}

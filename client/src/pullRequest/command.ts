// "GitOps: Create Pull Request" in VS Code: pick the files (all changed YAML of the folder by default), confirm or
// change branch, base, title, description and draft in one summary pick, then watch each step in a cancellable
// notification. The flow itself (flow.ts) and every default (steps.ts) and message (failures.ts) are plain modules;
// the file pick (filePick.ts), the summary pick (summaryPick.ts), the progress notification (stepProgress.ts) and
// what follows the push (pushedBranch.ts) are the command's other `vscode` parts.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { Uri, commands, env, window, workspace, type Disposable, type ExtensionContext, type LogOutputChannel, type WorkspaceFolder } from 'vscode';
import { parse as parseYaml } from 'yaml';
import { CommandId } from '../commandIds';
import { SECTION, Setting, parseForgeSettings, type ForgeType } from '../settings';
import { ForgeAuth, type ForgeAccount } from './auth';
import { failureMessage, redactAll, type FailureAction } from './failures';
import { pickFiles, settleUnsaved, toRepositoryPath, unsavedContents, type FileSelection, type FileSource } from './filePick';
// Types only: the flow and git (with the lint engine and isomorphic-git) load when the command first runs.
import type { ForgeHostSetting, PullRequestFlowError, PullRequestFlowErrorKind, PullRequestFlowResult, PullRequestPlan } from './flow';
import type { ManifestFileChange } from './describe';
import type { GitRemote } from './git';
import { checkOutBranch, handOffToGitHubPullRequests, offersHandOff } from './pushedBranch';
import { StepProgress } from './stepProgress';
import { baseBranchItems, branchNameProblem, readCommandArgs, remoteHost, requestNoun, titleCase, type CommandArgs, type PullRequestDraft } from './steps';
import { askBranchName, DescriptionEditor, showSummary } from './summaryPick';

/** Lines for "What merging changes in the cluster" (the drift connection's), or undefined to leave it out. */
export type ClusterChanges = (files: ManifestFileChange[], root: string) => Promise<string[] | undefined>;

export function registerPullRequestCommands(context: ExtensionContext, log: LogOutputChannel, clusterChanges?: ClusterChanges): Disposable[] {
  const auth = new ForgeAuth(context);
  return [
    commands.registerCommand(CommandId.createPullRequest, (args?: unknown) => new PullRequestCommand(auth, log, clusterChanges).run(readCommandArgs(args))),
    commands.registerCommand(CommandId.setForgeToken, (host?: unknown) => auth.setTokenCommand(typeof host === 'string' ? host : undefined)),
    commands.registerCommand(CommandId.removeForgeToken, () => auth.removeTokenCommand()),
  ];
}

/** What one run of the flow is asked for; a fix or a changed choice starts the next run with some of it changed. */
interface RunRequest extends FileSelection {
  base?: string;
  /** What the user changed in the summary pick; kept across runs. */
  edits: Partial<Pick<PullRequestDraft, 'title' | 'body' | 'branch' | 'draft'>>;
  /** Skip the summary pick (a retry of what the user already confirmed). */
  confirmed: boolean;
  /** Stop after the push and continue in GitHub Pull Requests (also on a retry). */
  handOff?: boolean;
}

type RunOutcome =
  | { kind: 'created'; result: PullRequestFlowResult; title: string }
  | { kind: 'handed-off'; branch: string; plan: PullRequestPlan }
  | { kind: 'changed'; request: RunRequest }
  | { kind: 'pick-files' }
  | { kind: 'failed'; error: unknown; request: RunRequest };

interface Target {
  folder: WorkspaceFolder;
  root: string;
  remote: GitRemote;
  /** `gitops.forges` (the user's own): handed to the flow, which reads the repository's `forges:` itself. */
  forgeHosts: Record<string, ForgeHostSetting>;
  account: ForgeAccount;
  noun: string;
}

type FlowModule = typeof import('./flow');
type GitModule = typeof import('./git');

class PullRequestCommand {
  private token = '';
  private target: Target | undefined;
  private flow!: FlowModule;
  private git!: GitModule;

  constructor(
    private readonly auth: ForgeAuth,
    private readonly log: LogOutputChannel,
    private readonly clusterChanges?: ClusterChanges,
  ) {}

  async run(args: CommandArgs): Promise<void> {
    try {
      [this.flow, this.git] = await Promise.all([import('./flow'), import('./git')]);
      const target = await this.findTarget(args);
      if (!target) return;
      this.target = target;
      let selection = args.files ? await settleUnsaved(target, this.requestedFiles(target, args.files), args.includeUnsaved === true) : await pickFiles(target, undefined, this.fileSource());
      if (!selection) return;
      const token = await this.auth.token(target.account);
      if (!token) return;
      this.token = token;

      let request: RunRequest = { ...selection, edits: args.title ? { title: args.title } : {}, confirmed: false };
      for (;;) {
        const outcome = await this.runFlow(target, request);
        if (outcome.kind === 'created') return void (await this.showCreated(target, outcome.result, outcome.title));
        if (outcome.kind === 'handed-off') return void (await handOffToGitHubPullRequests(target, outcome.plan, outcome.branch, this.log));
        if (outcome.kind === 'changed') {
          request = outcome.request;
          continue;
        }
        if (outcome.kind === 'pick-files') {
          selection = await pickFiles(target, request.files, this.fileSource());
          if (!selection) return;
          request = { ...request, ...selection, confirmed: false };
          continue;
        }
        const next = await this.showFailure(outcome.error, outcome.request);
        if (!next) return;
        request = next;
      }
    } catch (error) {
      // Failures before the flow runs (reading the repository, the setting): shown the same way.
      await this.showFailure(error, undefined);
    }
  }

  /** The workspace folder, its repository, remote and forge, before any question is asked. */
  private async findTarget(args: CommandArgs): Promise<Target | undefined> {
    const folder = await pickWorkspaceFolder(args);
    if (!folder) return undefined;
    // The repository of the files or the source control the command was called on; else the folder's.
    const start = args.files?.[0] ? dirname(args.files[0]) : (args.folder ?? folder.uri.fsPath);
    const repository = await this.git.findRepository(start);
    if (!repository) throw this.failure('not-a-repository', `${folder.name} is not inside a git repository`);
    if (repository.remotes.length === 0) {
      throw this.failure('no-remote', 'The repository has no remote to push to: add one with `git remote add origin URL`');
    }
    const remote = repository.remotes.find((r) => r.name === 'origin') ?? repository.remotes[0];
    const forgeHosts = forgesOfSetting(this.log);
    const allHosts = { ...(await forgesOfConfigFile(repository.root, this.flow)), ...forgeHosts };
    const detected = this.flow.resolveForge(remote.url, undefined, allHosts);
    const host = remoteHost(remote.url) ?? new URL(detected.baseUrl).host;
    const configuredType = allHosts[host]?.type;
    const type: ForgeType = configuredType === 'forgejo' ? 'forgejo' : detected.kind;
    return { folder, root: repository.root, remote, forgeHosts, account: { type, host }, noun: requestNoun(detected.kind) };
  }

  /** The caller's files as repository paths; one outside the repository cannot be proposed. */
  private requestedFiles(target: Target, files: string[]): string[] {
    const paths = files.map((file) => toRepositoryPath(target.root, file));
    const outside = files.filter((_, i) => paths[i].startsWith('..') || isAbsolute(paths[i]));
    if (outside.length) throw this.failure('no-changes', `${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not inside the repository ${target.root}`);
    return paths;
  }

  private failure(kind: PullRequestFlowErrorKind, message: string): PullRequestFlowError {
    return new this.flow.PullRequestFlowError(kind, message);
  }

  private fileSource(): FileSource {
    return { changedYamlFiles: (root) => this.git.changedYamlFiles(root), failure: (kind, message) => this.failure(kind, message) };
  }

  private async runFlow(target: Target, request: RunRequest): Promise<RunOutcome> {
    const controller = new AbortController();
    const progress = new StepProgress(`${titleCase(target.noun)} on ${target.account.host}`, controller);
    let changed: RunOutcome | undefined;
    // Set by review(), which the flow calls before it writes or pushes anything.
    let lastPlan: PullRequestPlan | undefined;
    let current = request;
    const started = Date.now();
    try {
      const result = await this.flow.createPullRequest({
        folder: target.root,
        files: request.files,
        contents: unsavedContents(target.root, request.unsaved),
        token: this.token,
        remote: target.remote.name,
        forgeHosts: target.forgeHosts,
        clusterChanges: this.clusterChanges,
        ...(request.base ? { base: request.base } : {}),
        ...(request.edits.branch ? { branch: request.edits.branch } : {}),
        ...(request.edits.title ? { title: request.edits.title } : {}),
        ...(request.edits.draft !== undefined ? { draft: request.edits.draft } : {}),
        signal: controller.signal,
        onProgress: (step, message) => {
          // The user chose to continue in GitHub Pull Requests: stop once the branch is pushed.
          if (current.handOff && step === 'pull-request' && lastPlan) {
            changed = { kind: 'handed-off', branch: lastPlan.branch, plan: lastPlan };
            throw this.failure('cancelled', 'Pushed; the pull request is made in GitHub Pull Requests');
          }
          this.log.info(`Pull request: ${step}: ${message}`);
          progress.report(message);
        },
        review: async (plan) => {
          progress.pause();
          lastPlan = plan;
          if (current.confirmed) return { ...current.edits };
          const reviewed = await this.review(target, plan, current);
          if ('outcome' in reviewed) {
            changed = reviewed.outcome;
            return undefined;
          }
          current = { ...current, edits: reviewed.edits, confirmed: true, handOff: reviewed.handOff ?? false };
          lastPlan = { ...plan, ...reviewed.edits };
          return reviewed.edits;
        },
      });
      this.log.info(`Pull request #${result.number} created in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.url}`);
      return { kind: 'created', result, title: lastPlan?.title ?? current.edits.title ?? result.branch };
    } catch (error) {
      return changed ?? { kind: 'failed', error, request: current };
    } finally {
      progress.pause();
    }
  }

  /** The summary pick: Enter creates; every other row changes one thing and comes back. */
  private async review(
    target: Target,
    plan: PullRequestPlan,
    request: RunRequest,
  ): Promise<{ edits: RunRequest['edits']; handOff?: boolean } | { outcome: RunOutcome }> {
    const draft: PullRequestDraft = {
      title: request.edits.title ?? plan.title,
      body: request.edits.body ?? plan.body,
      branch: plan.branch,
      base: plan.base,
      draft: plan.draft,
      files: plan.files,
    };
    const edits: RunRequest['edits'] = { ...request.edits };
    const description = new DescriptionEditor(draft.body);
    try {
      for (;;) {
        draft.body = description.text;
        const action = await showSummary(target, draft, offersHandOff(target));
        draft.body = description.text;
        switch (action) {
          case undefined:
            return { outcome: { kind: 'failed', error: this.failure('cancelled', 'Cancelled before anything was pushed'), request } };
          case 'create':
          case 'handoff':
            return { edits: { ...edits, body: draft.body, title: draft.title, branch: draft.branch, draft: draft.draft }, handOff: action === 'handoff' };
          case 'title': {
            const title = await window.showInputBox({ title: 'Title', value: draft.title, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Enter a title.') });
            if (title) draft.title = edits.title = title.trim();
            break;
          }
          case 'body':
            await description.show();
            // A notification, not the pick, waits for the user: it leaves the focus in the editor.
            await window.showInformationMessage(`Edit the description in the editor tab, then continue to the summary.`, 'Continue');
            break;
          case 'branch': {
            const branch = await askBranchName(draft.branch);
            if (branch) draft.branch = edits.branch = branch;
            break;
          }
          case 'base': {
            const base = await this.pickBase(target, draft.base);
            if (base && base !== draft.base) {
              // A new base changes what the commit holds and the description says: prepare again on it.
              const body = description.text !== plan.body ? { body: description.text } : {};
              return { outcome: { kind: 'changed', request: { ...request, base, edits: { ...edits, ...body }, confirmed: false } } };
            }
            break;
          }
          case 'draft':
            draft.draft = edits.draft = !draft.draft;
            break;
          case 'files':
            return { outcome: { kind: 'pick-files' } };
        }
      }
    } finally {
      await description.dispose();
    }
  }

  private async pickBase(target: Target, current: string): Promise<string | undefined> {
    let branches: string[] = [];
    try {
      const listed = await this.git.listRemoteBranches({ url: target.remote.url, auth: { username: gitUsername(target.account.type), token: this.token } });
      branches = [...listed.heads.keys()];
    } catch (error) {
      this.log.warn(`Could not list the remote's branches: ${redactAll(error instanceof Error ? error.message : String(error), [this.token])}`);
    }
    if (branches.length === 0) {
      return window.showInputBox({ title: 'Base Branch', value: current, ignoreFocusOut: true, validateInput: branchNameProblem });
    }
    const picked = await window.showQuickPick(baseBranchItems(branches, current), { title: 'Base Branch', placeHolder: 'The branch to merge into', ignoreFocusOut: true });
    return picked?.label;
  }

  private async showCreated(target: Target, result: PullRequestFlowResult, title: string): Promise<void> {
    const open = `Open ${titleCase(target.noun)}`;
    const checkOut = 'Check Out Branch';
    const choice = await window.showInformationMessage(
      `${titleCase(target.noun)} #${result.number} opened on ${target.account.host}: ${title}`,
      open,
      checkOut,
    );
    if (choice === open) await env.openExternal(Uri.parse(result.url));
    if (choice === checkOut) await checkOutBranch(target, result.branch, this.log);
  }

  /** Shows the failure once with its fixes; returns the next request when the chosen fix runs the flow again. */
  private async showFailure(error: unknown, request: RunRequest | undefined): Promise<RunRequest | undefined> {
    const target = this.target;
    const failure =
      this.flow && error instanceof this.flow.PullRequestFlowError
        ? error
        : { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) };
    const shown = failureMessage(failure, { forge: target?.account.type, host: target?.account.host, noun: target?.noun, secrets: [this.token] });
    if (!shown.message) return undefined;
    this.log.error(`Pull request: ${failure.kind}: ${shown.message}`);
    const actions = request ? shown.actions : shown.actions.filter((a) => !runsAgain(a));
    const choice = await window.showErrorMessage(shown.message, ...actions.map((a) => a.label));
    const action = actions.find((a) => a.label === choice);
    if (!action) return undefined;
    switch (action.fix) {
      case 'sign-in-again':
      case 'enter-token': {
        if (!target || !request) return undefined;
        const token = await this.auth.token(target.account, { renew: true });
        if (!token) return undefined;
        this.token = token;
        return request;
      }
      case 'use-branch':
        return request && { ...request, edits: { ...request.edits, branch: action.branch } };
      case 'rename-branch': {
        const branch = request && (await askBranchName(request.edits.branch ?? ''));
        return branch ? { ...request, edits: { ...request.edits, branch } } : undefined;
      }
      case 'retry':
        return request;
      case 'open-url':
        await env.openExternal(Uri.parse(action.url));
        return undefined;
      case 'open-forge-setting':
        await commands.executeCommand('workbench.action.openSettings', `${SECTION}.${Setting.forges}`);
        return undefined;
      case 'add-remote':
        await commands.executeCommand('git.addRemote');
        return undefined;
      case 'show-output':
        this.log.show();
        return undefined;
    }
  }
}

function runsAgain(action: FailureAction): boolean {
  return ['sign-in-again', 'enter-token', 'use-branch', 'rename-branch', 'retry'].includes(action.fix);
}

async function pickWorkspaceFolder(args: CommandArgs): Promise<WorkspaceFolder | undefined> {
  const hint = args.files?.[0] ?? args.folder ?? window.activeTextEditor?.document.uri.fsPath;
  const hinted = hint ? workspace.getWorkspaceFolder(Uri.file(hint)) : undefined;
  if (hinted) return hinted;
  const folders = workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0];
  if (folders.length === 0) {
    void window.showErrorMessage('Open the folder of a git checkout to create a pull request from it.');
    return undefined;
  }
  return window.showWorkspaceFolderPick({ placeHolder: 'Folder whose changes to propose' });
}

function forgesOfSetting(log: LogOutputChannel): Record<string, ForgeHostSetting> {
  const { hosts, problems } = parseForgeSettings(workspace.getConfiguration(SECTION).get(Setting.forges));
  for (const problem of problems) log.warn(problem);
  return hosts;
}

/** `forges:` of the repository's `.gitops-manifests.yaml`, read as the flow reads it: the forge type of the host. */
async function forgesOfConfigFile(root: string, flow: FlowModule): Promise<Record<string, ForgeHostSetting>> {
  for (const name of ['.gitops-manifests.yaml', '.gitops-manifests.yml']) {
    let text: string;
    try {
      text = await readFile(join(root, name), 'utf8');
    } catch {
      continue;
    }
    try {
      return flow.readForgeHosts((parseYaml(text) as { forges?: unknown } | null)?.forges);
    } catch {
      return {};
    }
  }
  return {};
}

/** User names forges document for a token over HTTPS, for listing the remote's branches. */
function gitUsername(type: ForgeType): string {
  return type === 'github' ? 'x-access-token' : type === 'bitbucket' ? 'x-token-auth' : 'oauth2';
}

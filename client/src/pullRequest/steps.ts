// The choices of "GitOps: Create Pull Request" as data: which files are offered and picked, which branch names are
// valid, what the summary pick shows. Plain Node, so every default is tested without VS Code; command.ts shows them.

/** A file the pull request may carry, as the flow reports the work tree and the editor its unsaved buffers. */
export interface FileCandidate {
  /** Path relative to the repository root, with `/`. */
  path: string;
  /** Change of the saved file against HEAD; undefined when only the unsaved buffer differs. */
  status?: 'modified' | 'added' | 'deleted';
  /** The editor holds unsaved changes of this file. */
  unsaved?: boolean;
}

export interface FileSelectionInput {
  candidates: FileCandidate[];
  /** The workspace folder relative to the repository root (`''` when they are the same), with `/`. */
  folder: string;
  /** Whether the user agreed to put unsaved buffers' contents in the pull request. */
  includeUnsaved: boolean;
  /** Files the caller named (the Drift view's "Adopt Live State and Open PR"); when given, exactly these are picked. */
  requested?: string[];
}

export interface FileChoice {
  path: string;
  picked: boolean;
  /** Where the content comes from: the unsaved buffer, or the file on disk (including a deletion). */
  source: 'buffer' | 'disk';
  status?: FileCandidate['status'];
}

const YAML_FILE = /\.ya?ml$/i;

export function isYamlPath(path: string): boolean {
  return YAML_FILE.test(path);
}

function inFolder(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder.replace(/\/+$/, '')}/`);
}

/**
 * The files offered, in path order, and which are picked: by default every modified or new YAML file of the workspace
 * folder, plus files whose unsaved buffer the user agreed to include. Other changed files, and deletions (which prune
 * objects from the cluster), are offered but not picked. A file that differs only in an unsaved buffer is left out
 * when unsaved contents were declined.
 */
export function fileChoices({ candidates, folder, includeUnsaved, requested }: FileSelectionInput): FileChoice[] {
  const requestedSet = requested ? new Set(requested) : undefined;
  const byPath = new Map<string, FileChoice>();
  for (const candidate of candidates) {
    const source = candidate.unsaved && includeUnsaved ? 'buffer' : 'disk';
    if (source === 'disk' && !candidate.status && !requestedSet?.has(candidate.path)) continue;
    const picked = requestedSet
      ? requestedSet.has(candidate.path)
      : isYamlPath(candidate.path) && inFolder(candidate.path, folder) && (source === 'buffer' || candidate.status !== 'deleted');
    const previous = byPath.get(candidate.path);
    byPath.set(candidate.path, {
      path: candidate.path,
      picked: picked || (previous?.picked ?? false),
      source: previous?.source === 'buffer' ? 'buffer' : source,
      status: candidate.status ?? previous?.status,
    });
  }
  // A requested file that has no change of its own (e.g. its content is supplied by the caller) is still offered.
  for (const path of requested ?? []) {
    if (!byPath.has(path)) byPath.set(path, { path, picked: true, source: 'disk' });
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** Unsaved YAML buffers of the repository worth asking about: those inside the workspace folder. */
export function unsavedToAskAbout(candidates: FileCandidate[], folder: string): string[] {
  return candidates.filter((c) => c.unsaved && isYamlPath(c.path) && inFolder(c.path, folder)).map((c) => c.path);
}

export interface FilePickItem {
  label: string;
  description?: string;
  picked: boolean;
  path: string;
}

const statusWords: Record<NonNullable<FileCandidate['status']>, string> = {
  modified: 'modified',
  added: 'new',
  deleted: 'deleted',
};

/** Quick pick rows: the file name as label, its folder and its change as description. */
export function filePickItems(choices: FileChoice[]): FilePickItem[] {
  return choices.map((choice) => {
    const slash = choice.path.lastIndexOf('/');
    const name = choice.path.slice(slash + 1);
    const dir = slash >= 0 ? choice.path.slice(0, slash) : '';
    const notes = [
      dir,
      choice.status ? statusWords[choice.status] : undefined,
      choice.source === 'buffer' ? 'unsaved changes' : undefined,
    ].filter(Boolean);
    return { label: name, description: notes.join(' · ') || undefined, picked: choice.picked, path: choice.path };
  });
}

/**
 * Why git would refuse `name` as a branch (the rules of `git check-ref-format --branch`); undefined when it is fine.
 * Checked before anything is built, so a typo costs no round trip.
 */
export function branchNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'Enter a branch name.';
  if (name !== name.trim()) return 'A branch name cannot start or end with a space.';
  if (/\s/.test(name)) return 'A branch name cannot contain spaces.';
  if (/[\x00-\x1f\x7f~^:?*[\\]/.test(name)) return 'A branch name cannot contain ~ ^ : ? * [ \\ or control characters.';
  if (name.includes('..')) return 'A branch name cannot contain "..".';
  if (name.includes('@{')) return 'A branch name cannot contain "@{".';
  if (name === '@') return '"@" is not a branch name.';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'Slashes separate non-empty parts of a branch name.';
  if (name.startsWith('-')) return 'A branch name cannot start with "-".';
  if (name.endsWith('.')) return 'A branch name cannot end with ".".';
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) {
    return 'No part of a branch name may start with "." or end with ".lock".';
  }
  return undefined;
}

/**
 * The next free name after `name` was taken on the remote: `x` → `x-2`, `x-2` → `x-3`, skipping `taken` ones. Only a
 * short number counts as a counter, so a time such as `-0226` in the proposed name is kept.
 */
export function nextBranchName(name: string, taken: Iterable<string> = []): string {
  const used = new Set(taken);
  used.add(name);
  const match = /^(.*)-([1-9]\d?)$/.exec(name);
  const stem = match ? match[1] : name;
  let n = match ? Number(match[2]) + 1 : 2;
  while (used.has(`${stem}-${n}`)) n++;
  return `${stem}-${n}`;
}

/** What the pull request will be, as the summary pick shows and edits it. */
export interface PullRequestDraft {
  title: string;
  body: string;
  branch: string;
  base: string;
  draft: boolean;
  files: string[];
}

export type SummaryAction = 'create' | 'handoff' | 'title' | 'body' | 'branch' | 'base' | 'draft' | 'files';

export interface SummaryItem {
  action: SummaryAction;
  label: string;
  description?: string;
  detail?: string;
}

export interface SummaryOptions {
  /** The forge's name for what is opened: "pull request", or "merge request" on GitLab. */
  noun: string;
  /** GitHub Pull Requests is installed and the remote is on GitHub: offer to continue there. */
  offerHandoff: boolean;
  /** Whether the file list can be changed here (not when the caller named the files). */
  filesEditable: boolean;
}

/**
 * The one pick between the defaults and the pull request: Enter on the first row creates it; the other rows change
 * one thing each and come back here.
 */
export function summaryItems(draft: PullRequestDraft, options: SummaryOptions): SummaryItem[] {
  const noun = options.noun;
  const create = draft.draft ? `Create Draft ${titleCase(noun)}` : `Create ${titleCase(noun)}`;
  const files = draft.files.length === 1 ? draft.files[0] : `${draft.files.length} files`;
  const items: SummaryItem[] = [
    { action: 'create', label: `$(git-pull-request) ${create}`, description: `${draft.branch} → ${draft.base}`, detail: `${files}: ${draft.title}` },
  ];
  if (options.offerHandoff) {
    items.push({
      action: 'handoff',
      label: '$(github) Push Branch and Continue in GitHub Pull Requests',
      description: 'title, description, reviewers and labels there',
    });
  }
  items.push(
    { action: 'title', label: '$(edit) Title', description: draft.title },
    { action: 'body', label: '$(markdown) Description', description: firstLine(draft.body) || '(empty)', detail: 'Preview and edit it in an editor tab' },
    { action: 'branch', label: '$(git-branch) Branch', description: draft.branch },
    { action: 'base', label: '$(git-merge) Base Branch', description: draft.base },
    { action: 'draft', label: draft.draft ? '$(pass-filled) Draft' : '$(circle-large-outline) Draft', description: draft.draft ? 'yes: open it as a draft' : 'no: ready for review' },
  );
  if (options.filesEditable) items.push({ action: 'files', label: '$(files) Files', description: draft.files.join(', ') });
  return items;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  const plain = line.replace(/^#+\s*/, '').trim();
  return plain.length > 80 ? `${plain.slice(0, 79)}…` : plain;
}

export function titleCase(noun: string): string {
  return noun.replace(/\b\w/g, (c) => c.toUpperCase());
}

/** GitLab calls them merge requests; everyone else pull requests. */
export function requestNoun(forge: string): string {
  return forge === 'gitlab' ? 'merge request' : 'pull request';
}

/** Base branches offered: the proposed one first, then the remote's others in name order. */
export function baseBranchItems(branches: string[], proposed: string): { label: string; description?: string }[] {
  const others = [...new Set(branches)].filter((b) => b !== proposed).sort((a, b) => a.localeCompare(b));
  return [{ label: proposed, description: 'default' }, ...others.map((label) => ({ label }))];
}

/** Arguments of GitHub Pull Requests' `pr.create` command for a branch already pushed. */
export function githubPullRequestsArgs(repoRoot: string, branch: string): { repoPath: string; compareBranch: string } {
  return { repoPath: repoRoot, compareBranch: branch };
}

/** The GitHub Pull Requests extension's id, as VS Code's `extensions.getExtension` takes it. */
export const GITHUB_PULL_REQUESTS_EXTENSION = 'GitHub.vscode-pull-request-github';

/** What the command was called with: the Drift view's `{files: [{uri}], title?}`, or a source control from its title bar. */
export interface CommandArgs {
  /** File system paths of the files to propose. */
  files?: string[];
  title?: string;
  /** A folder to work in (the source control's root). */
  folder?: string;
  /** The caller wrote the files' unsaved changes at the user's request (Adopt Live State): include them unasked. */
  includeUnsaved?: boolean;
}

/** Reads the command's argument leniently: menus pass their own objects, other extensions may pass anything. */
export function readCommandArgs(args: unknown): CommandArgs {
  if (!args || typeof args !== 'object') return {};
  const record = args as { files?: unknown; title?: unknown; rootUri?: unknown; includeUnsaved?: unknown };
  const result: CommandArgs = {};
  if (Array.isArray(record.files)) {
    const files = record.files
      .map((entry: unknown) => fsPathOf((entry as { uri?: unknown } | null)?.uri ?? entry))
      .filter((path): path is string => path !== undefined);
    if (files.length) result.files = files;
  }
  if (typeof record.title === 'string' && record.title.trim()) result.title = record.title.trim();
  const folder = fsPathOf(record.rootUri);
  if (folder) result.folder = folder;
  if (record.includeUnsaved === true && result.files) result.includeUnsaved = true;
  return result;
}

function fsPathOf(uri: unknown): string | undefined {
  if (!uri || typeof uri !== 'object') return undefined;
  const { fsPath, scheme } = uri as { fsPath?: unknown; scheme?: unknown };
  return typeof fsPath === 'string' && fsPath && (scheme === undefined || scheme === 'file') ? fsPath : undefined;
}

/**
 * The host a remote's tokens are filed under: lower case, with the port of an http(s) remote (an ssh port says
 * nothing about the web server), as the flow matches `gitops.forges` entries.
 */
export function remoteHost(remoteUrl: string): string | undefined {
  const url = remoteUrl.trim();
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)/.exec(url);
  if (scp && !url.includes('://')) return scp[1].toLowerCase();
  try {
    const parsed = new URL(url);
    if (!parsed.hostname) return undefined;
    const name = parsed.hostname.toLowerCase();
    const web = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    return web && parsed.port ? `${name}:${parsed.port}` : name;
  } catch {
    return undefined;
  }
}

/** GitHub's page to open a pull request from a pushed branch: where the hand-off falls back to. */
export function githubCompareUrl(host: string, owner: string, repo: string, base: string, branch: string): string {
  const ref = (name: string) => name.split('/').map(encodeURIComponent).join('/');
  return `https://${host}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/compare/${ref(base)}...${ref(branch)}?expand=1`;
}

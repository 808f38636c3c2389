// The files of "Create Pull Request": the changed manifests in a multi-select pick, and the unsaved buffers, which
// go in only after asking (their text is handed to the flow; neither the buffer nor the disk changes).
import { isAbsolute, join, relative, sep } from 'node:path';
import { window, workspace, type TextDocument, type WorkspaceFolder } from 'vscode';
import type { PullRequestFlowError, PullRequestFlowErrorKind } from './flow';
import { fileChoices, filePickItems, titleCase, unsavedToAskAbout, type FileCandidate } from './steps';

/** The files to propose, and which of them are taken from their unsaved buffer. */
export interface FileSelection {
  files: string[];
  unsaved: string[];
}

/** The workspace folder and the repository the files are picked in. */
export interface FilePickTarget {
  folder: WorkspaceFolder;
  root: string;
  /** What the forge calls a pull request. */
  noun: string;
}

/** The changed files of the repository and the flow's error (both loaded with the command's first run). */
export interface FileSource {
  changedYamlFiles(root: string): Promise<FileCandidate[]>;
  failure(kind: PullRequestFlowErrorKind, message: string): PullRequestFlowError;
}

/** Asks about unsaved buffers, then offers the changed files with the defaults picked. Undefined: cancelled. */
export async function pickFiles(target: FilePickTarget, previous: string[] | undefined, source: FileSource): Promise<FileSelection | undefined> {
  // The workspace folder inside the repository; a repository nested in the folder counts as a whole.
  const inRepository = toRepositoryPath(target.root, target.folder.uri.fsPath);
  const folder = inRepository.startsWith('..') || isAbsolute(inRepository) ? '' : inRepository;
  const unsaved = unsavedDocuments(target.root);
  const candidates: FileCandidate[] = [...(await source.changedYamlFiles(target.root)), ...unsaved.map(({ path }) => ({ path, unsaved: true }))];
  const ask = unsavedToAskAbout(candidates, folder);
  const includeUnsaved = ask.length > 0 ? await askAboutUnsaved(unsaved.filter((u) => ask.includes(u.path)).map((u) => u.document), target.noun) : false;
  if (includeUnsaved === undefined) return undefined;
  const choices = fileChoices({ candidates, folder, includeUnsaved, requested: previous });
  if (choices.length === 0) {
    throw source.failure('no-changes', `No YAML file in ${target.folder.name} differs from the last commit`);
  }
  const picked = await window.showQuickPick(filePickItems(choices), {
    title: `Create ${titleCase(target.noun)}: Files`,
    placeHolder: 'The changed manifests to propose (Enter keeps the selection)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked || picked.length === 0) return undefined;
  const files = picked.map((item) => item.path);
  const fromBuffers = new Set(choices.filter((c) => c.source === 'buffer').map((c) => c.path));
  return { files, unsaved: files.filter((path) => fromBuffers.has(path)) };
}

/**
 * Files named by the caller: ask before unsaved ones go in, unless the caller made those changes at the user's
 * request (the Drift view's Adopt Live State and Open Pull Request). Undefined: cancelled.
 */
export async function settleUnsaved(target: FilePickTarget, files: string[], includeUnasked: boolean): Promise<FileSelection | undefined> {
  const unsaved = unsavedDocuments(target.root).filter((u) => files.includes(u.path));
  if (unsaved.length === 0) return { files, unsaved: [] };
  const include = includeUnasked || (await askAboutUnsaved(unsaved.map((u) => u.document), target.noun));
  if (include === undefined) return undefined;
  return { files, unsaved: include ? unsaved.map((u) => u.path) : [] };
}

/**
 * Whether unsaved buffers go into the pull request: their text is committed as it is in the editor, and neither
 * the buffer nor the file on disk changes. True: include; false: use the saved versions; undefined: cancelled.
 */
async function askAboutUnsaved(documents: TextDocument[], noun: string): Promise<boolean | undefined> {
  const names = documents.map((d) => workspace.asRelativePath(d.uri));
  const include = 'Include Unsaved Changes';
  const skip = 'Use Saved Versions';
  const choice = await window.showWarningMessage(
    documents.length === 1 ? `${names[0]} has unsaved changes.` : `${documents.length} manifests have unsaved changes.`,
    { modal: true, detail: `Put the editor's unsaved text into the ${noun}? Nothing is saved.\n\n${names.join('\n')}` },
    include,
    skip,
  );
  return choice === include ? true : choice === skip ? false : undefined;
}

/** The editor's current text of the files the user let in unsaved, by absolute path, as the flow takes it. */
export function unsavedContents(root: string, paths: string[]): Map<string, string> {
  const contents = new Map<string, string>();
  for (const { path, document } of unsavedDocuments(root)) if (paths.includes(path)) contents.set(join(root, path), document.getText());
  return contents;
}

function unsavedDocuments(root: string): { path: string; document: TextDocument }[] {
  return workspace.textDocuments
    .filter((d) => d.isDirty && d.uri.scheme === 'file')
    .map((document) => ({ path: toRepositoryPath(root, document.uri.fsPath), document }))
    .filter(({ path }) => path !== '' && !path.startsWith('..'));
}

/** Path relative to the repository root with `/`; starts with `..` (or stays absolute) outside it. */
export function toRepositoryPath(root: string, file: string): string {
  return relative(root, isAbsolute(file) ? file : join(root, file)).split(sep).join('/');
}

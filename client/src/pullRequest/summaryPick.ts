// The summary pick of "Create Pull Request": the plan in one quick pick (Enter creates, a row changes one thing),
// the description in a Markdown editor beside it, and the branch-name prompt.
import { ViewColumn, commands, window, workspace, type Disposable, type QuickPickItem, type TextDocument } from 'vscode';
import { branchNameProblem, summaryItems, titleCase, type PullRequestDraft, type SummaryAction } from './steps';

export async function showSummary(target: { noun: string; account: { host: string } }, draft: PullRequestDraft, offerHandoff: boolean): Promise<SummaryAction | undefined> {
  const items = summaryItems(draft, { noun: target.noun, offerHandoff, filesEditable: true });
  const pick = window.createQuickPick<QuickPickItem & { action: SummaryAction }>();
  pick.title = `Create ${titleCase(target.noun)} on ${target.account.host}`;
  pick.placeholder = 'Enter creates it; choose a row to change it';
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  pick.items = items;
  return new Promise((resolve) => {
    let chosen: SummaryAction | undefined;
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.action;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

export function askBranchName(value: string): Thenable<string | undefined> {
  return window.showInputBox({ title: 'Branch Name', value, prompt: 'The new branch the change is pushed to', ignoreFocusOut: true, validateInput: branchNameProblem });
}

/** The description in an untitled Markdown editor beside the summary; what the user types there goes in. */
export class DescriptionEditor {
  private document: TextDocument | undefined;
  private latest: string;
  private readonly listener: Disposable;

  constructor(initial: string) {
    this.latest = initial;
    this.listener = workspace.onDidChangeTextDocument((event) => {
      if (event.document === this.document) this.latest = event.document.getText();
    });
  }

  get text(): string {
    return this.document && !this.document.isClosed ? this.document.getText() : this.latest;
  }

  async show(): Promise<void> {
    if (!this.document || this.document.isClosed) {
      this.document = await workspace.openTextDocument({ language: 'markdown', content: this.latest });
    }
    await window.showTextDocument(this.document, { viewColumn: ViewColumn.Beside, preview: false, preserveFocus: false });
  }

  /** Closes the tab without the save prompt an untitled document would bring: its text is in the pull request. */
  async dispose(): Promise<void> {
    this.listener.dispose();
    const document = this.document;
    if (!document || document.isClosed) return;
    try {
      await window.showTextDocument(document, { preview: false, preserveFocus: false });
      await commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } catch {
      // The tab stays open; nothing is lost.
    }
  }
}

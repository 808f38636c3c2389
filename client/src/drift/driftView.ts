// The Drift view (GitOps side bar), its badge, the `⎈ context · 3 drifted` status bar item, the live-vs-predicted
// diff editor and the drift commands. Thin `vscode` glue: the results come from the language server's notifications,
// and what the rows and texts say is in the pure modules beside this file. Nothing here waits on the network: the
// server talks to the cluster.
import {
  EventEmitter,
  Position,
  Range,
  Selection,
  StatusBarAlignment,
  ThemeColor,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
  WorkspaceEdit,
  commands,
  env,
  window,
  workspace,
  type ExtensionContext,
  type LogOutputChannel,
  type TextDocumentContentProvider,
  type TreeDataProvider,
} from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { DriftStatus } from '../../../server/src/drift/types';
import {
  DriftMethod,
  type DriftAdoptParams,
  type DriftAdoptResult,
  type DriftContextsResult,
  type DriftDiffResult,
  type DriftDocumentParams,
  type DriftInitializationOptions,
  type DriftResultsParams,
} from '../../../server/src/lsp/driftProtocol';
import { CommandId } from '../commandIds';
import { SECTION, Setting } from '../settings';
import { DRIFT_SCHEME, diffPath, diffQuery, parseDiffQuery, unifiedDiff, type DiffSide } from './driftDiff';
import { adoptPickItems, adoptTitle } from './adoptLiveState';
import { contextValue, documentRow, fieldRow, fileRow, type RowText } from './driftLabels';
import { contextPickItems, contextStateKey, noticeFor, statusBarText, viewMessage } from './driftStatusText';
import { DriftResults, children, type DocumentNode, type DriftNode, type DriftViewOptions, type FieldNode } from './driftTree';

export const DRIFT_VIEW_ID = 'gitops.drift';

/** The workspace folder whose remembered context applies: the active editor's, else the first. */
function currentFolderUri(): string | undefined {
  const active = window.activeTextEditor?.document.uri;
  const folder = (active && workspace.getWorkspaceFolder(active)) ?? workspace.workspaceFolders?.[0];
  return folder?.uri.toString();
}

/** What the language server is started with, read again at every (re)start. */
export function driftInitializationOptions(context: ExtensionContext): DriftInitializationOptions {
  return { workspaceTrusted: workspace.isTrusted, context: context.workspaceState.get<string>(contextStateKey(currentFolderUri())) };
}

export function registerDriftView(context: ExtensionContext, client: LanguageClient, log: LogOutputChannel): void {
  const results = new DriftResults();
  let status: DriftStatus | undefined;
  const shownNotices = new Set<string>();
  const options = (): DriftViewOptions => ({
    showControllerOwned: workspace.getConfiguration(SECTION).get<boolean>(Setting.driftShowControllerOwned, true),
  });

  // ---- the tree ----
  const changed = new EventEmitter<DriftNode | undefined>();
  const provider: TreeDataProvider<DriftNode> = {
    onDidChangeTreeData: changed.event,
    getChildren: (node) => children(node, results, options()),
    getTreeItem: (node) => treeItem(node),
  };
  const view = window.createTreeView(DRIFT_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  const folderUris = () => (workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  function treeItem(node: DriftNode): TreeItem {
    if (node.type === 'file') {
      const row = fileRow(node.uri, folderUris());
      const item = withRow(new TreeItem(row.label, TreeItemCollapsibleState.Expanded), row);
      item.resourceUri = Uri.parse(node.uri);
      item.id = node.uri;
      return item;
    }
    if (node.type === 'document') {
      const row = documentRow(node);
      const item = withRow(new TreeItem(row.label, node.fields.length ? TreeItemCollapsibleState.Collapsed : TreeItemCollapsibleState.None), row);
      item.id = `${node.uri}#${node.object.documentIndex}`;
      item.contextValue = contextValue(node);
      const args: DriftDocumentParams = { uri: node.uri, documentIndex: node.object.documentIndex };
      item.command = { title: 'Show Drift Diff', command: CommandId.driftShowDiff, arguments: [args] };
      return item;
    }
    const row = fieldRow(node, Date.now());
    const item = withRow(new TreeItem(row.label, TreeItemCollapsibleState.None), row);
    item.id = `${node.uri}#${node.object.documentIndex}#${node.field.path}`;
    item.contextValue = contextValue(node);
    const line = node.field.line ?? node.object.line;
    item.command = {
      title: 'Go to Field',
      command: 'vscode.open',
      arguments: [Uri.parse(node.uri), { selection: new Range(new Position(line, 0), new Position(line, 0)), preserveFocus: false }],
    };
    return item;
  }

  // ---- status bar, badge, message ----
  const statusItem = window.createStatusBarItem('gitops.drift', StatusBarAlignment.Left, 50);
  statusItem.name = 'GitOps Drift';
  statusItem.command = CommandId.driftSelectContext;
  const render = () => {
    const drifted = results.driftedCount(options());
    const bar = statusBarText(status, drifted);
    statusItem.text = bar.text;
    statusItem.tooltip = bar.tooltip;
    statusItem.backgroundColor = bar.warning ? new ThemeColor('statusBarItem.warningBackground') : undefined;
    if (bar.visible) statusItem.show();
    else statusItem.hide();
    view.badge = drifted > 0 ? { value: drifted, tooltip: `${drifted} drifted ${drifted === 1 ? 'object' : 'objects'}` } : undefined;
    view.message = viewMessage(status, results.size > 0);
  };

  // ---- the diff editor's documents ----
  const diffChanged = new EventEmitter<Uri>();
  const openDiffs = new Map<string, Uri[]>();
  const diffContent: TextDocumentContentProvider = {
    onDidChange: diffChanged.event,
    async provideTextDocumentContent(uri) {
      const target = parseDiffQuery(uri.query);
      if (!target) return '';
      const diff = await requestDiff({ uri: target.uri, documentIndex: target.documentIndex });
      return diff ? diff[target.side] : '# The cluster has not been read for this document yet.\n';
    },
  };
  const diffUri = (node: { uri: string; documentIndex: number; kind: string; name: string }, side: DiffSide) =>
    Uri.from({ scheme: DRIFT_SCHEME, path: diffPath(node.kind, node.name, side), query: diffQuery({ uri: node.uri, documentIndex: node.documentIndex, side }) });

  async function requestDiff(params: DriftDocumentParams): Promise<DriftDiffResult | null> {
    if (!client.isRunning()) return null;
    try {
      return await client.sendRequest<DriftDiffResult | null>(DriftMethod.diff, params);
    } catch (error) {
      log.error('Drift diff request failed', error);
      return null;
    }
  }

  // ---- notifications from the server ----
  client.onNotification(DriftMethod.results, (p: DriftResultsParams) => {
    if (!results.set(p.uri, p.objects)) return;
    changed.fire(undefined);
    render();
    for (const uri of openDiffs.get(p.uri) ?? []) diffChanged.fire(uri);
  });
  client.onNotification(DriftMethod.status, (s: DriftStatus) => {
    status = s;
    render();
    if (s.state === 'connected') shownNotices.clear();
    const notice = noticeFor(s, workspace.getConfiguration(SECTION).get<string>(Setting.driftKubeconfig, ''));
    if (!notice || shownNotices.has(notice.key)) return;
    shownNotices.add(notice.key);
    void window.showWarningMessage(notice.message, ...notice.actions).then((action) => {
      if (action === 'Select Context') void commands.executeCommand(CommandId.driftSelectContext);
      if (action === 'Open Settings') void commands.executeCommand('workbench.action.openSettings', `${SECTION}.drift`);
    });
  });

  // ---- commands ----
  const documentArgs = (arg: unknown): DriftDocumentParams | undefined => {
    const a = arg as Partial<DocumentNode & DriftDocumentParams> | undefined;
    if (a?.type === 'document' && a.object) return { uri: a.uri!, documentIndex: a.object.documentIndex };
    if (typeof a?.uri === 'string' && typeof a.documentIndex === 'number') return { uri: a.uri, documentIndex: a.documentIndex };
    return undefined;
  };
  const objectFor = (p: DriftDocumentParams) => results.get(p.uri).find((o) => o.documentIndex === p.documentIndex);

  const showDiff = async (arg: unknown) => {
    const p = documentArgs(arg);
    const object = p && objectFor(p);
    if (!p || !object) return;
    const node = { ...p, kind: object.kind, name: object.name };
    const live = diffUri(node, 'live');
    const predicted = diffUri(node, 'predicted');
    openDiffs.set(p.uri, [live, predicted]);
    const title = `${object.kind}/${object.name}: live ↔ next sync${object.approximate ? ' (approximate)' : ''}`;
    await commands.executeCommand('vscode.diff', live, predicted, title, { preview: true });
  };

  const copyDiff = async (arg: unknown) => {
    const p = documentArgs(arg);
    const object = p && objectFor(p);
    if (!p || !object) return;
    const diff = await requestDiff(p);
    if (!diff) {
      void window.showWarningMessage('GitOps drift: there is no diff for this document yet.');
      return;
    }
    const name = `${object.kind}/${object.name}`;
    await env.clipboard.writeText(unifiedDiff(diff.live, diff.predicted, `${name} (live)`, `${name} (next sync)`) || '# no differences\n');
    window.setStatusBarMessage(`Copied the drift diff of ${name}`, 3000);
  };

  /** Writes one field's live value into the buffer (not saved); false when it could not, with the reason shown. */
  const adoptField = async (uri: string, documentIndex: number, segments: DriftAdoptParams['segments']): Promise<boolean> => {
    const params: DriftAdoptParams = { uri, documentIndex, segments };
    const result = await client.sendRequest<DriftAdoptResult>(DriftMethod.adopt, params);
    if (!result.edits) {
      void window.showWarningMessage(`GitOps drift: ${result.error ?? 'nothing to adopt.'}`);
      return false;
    }
    const edit = new WorkspaceEdit();
    const target = Uri.parse(uri);
    for (const e of result.edits) {
      edit.replace(target, new Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
    }
    // Applied to the buffer, not saved: the change is reviewed and committed like any other.
    if (!(await workspace.applyEdit(edit))) {
      void window.showWarningMessage('GitOps drift: the edit could not be applied (the file changed?).');
      return false;
    }
    const editor = await window.showTextDocument(target, { preserveFocus: false });
    const at = result.edits[0].range.start;
    editor.selection = new Selection(at.line, at.character, at.line, at.character);
    return true;
  };

  const adopt = async (arg: unknown) => {
    const node = arg as FieldNode | undefined;
    if (node?.type !== 'field') return;
    await adoptField(node.uri, node.object.documentIndex, node.field.segments);
  };

  // The chosen fields' live values written into the buffer, then the pull-request flow for that file in one step.
  const adoptAndOpenPullRequest = async (arg: unknown) => {
    const node = arg as DocumentNode | FieldNode | undefined;
    if (node?.type !== 'document' && node?.type !== 'field') return;
    const items = adoptPickItems(node.object, Date.now());
    if (items.length === 0) {
      void window.showWarningMessage(node.object.kind === 'Secret' ? 'GitOps drift: Secret values are never copied from the cluster into files.' : 'GitOps drift: nothing to adopt.');
      return;
    }
    let fields = node.type === 'field' ? [node.field] : undefined;
    if (!fields) {
      const picked = await window.showQuickPick(items, {
        title: `Adopt Live State: ${node.object.kind}/${node.object.name}`,
        placeHolder: 'Fields whose live value goes into the file, then into a pull request',
        canPickMany: true,
        ignoreFocusOut: true,
      });
      if (!picked?.length) return;
      fields = picked.map((item) => item.field);
    }
    for (const field of fields) if (!(await adoptField(node.uri, node.object.documentIndex, field.segments))) return;
    await commands.executeCommand(CommandId.createPullRequest, { files: [{ uri: Uri.parse(node.uri) }], title: adoptTitle(node.object, fields), includeUnsaved: true });
  };

  const refresh = async () => {
    if (!client.isRunning()) return;
    await window.withProgress({ location: { viewId: DRIFT_VIEW_ID } }, () => client.sendRequest(DriftMethod.refresh));
  };

  const selectContext = async () => {
    if (!client.isRunning()) {
      void window.showWarningMessage('GitOps drift: the language server is not running.', 'Show Output').then((a) => a && log.show());
      return;
    }
    const listed = await client.sendRequest<DriftContextsResult>(DriftMethod.contexts);
    if (listed.contexts.length === 0) {
      const why = status?.message ?? 'No kubeconfig context is available.';
      if (status?.state === 'untrusted') {
        const action = await window.showWarningMessage(`GitOps drift: ${why}`, 'Manage Workspace Trust');
        if (action) void commands.executeCommand('workbench.trust.manage');
        return;
      }
      const action = await window.showWarningMessage(`GitOps drift: ${why}`, 'Open Settings');
      if (action) void commands.executeCommand('workbench.action.openSettings', `${SECTION}.drift`);
      return;
    }
    const picked = await window.showQuickPick(contextPickItems(listed), {
      title: 'Cluster Context for Drift',
      placeHolder: listed.kubeconfig ? `Contexts of ${listed.kubeconfig}` : 'Kubeconfig contexts',
    });
    if (!picked) return;
    await context.workspaceState.update(contextStateKey(currentFolderUri()), picked.label);
    await client.sendRequest(DriftMethod.useContext, { context: picked.label });
  };

  const guarded = (name: string, run: (arg: unknown) => Promise<void>) => async (arg: unknown) => {
    try {
      await run(arg);
    } catch (error) {
      log.error(`${name} failed`, error);
      void window.showErrorMessage(`GitOps drift: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  // A minute-old "2 min ago" would be wrong: redraw the times while results are shown.
  const clock = setInterval(() => results.size > 0 && changed.fire(undefined), 60_000);

  context.subscriptions.push(
    view,
    statusItem,
    changed,
    diffChanged,
    { dispose: () => clearInterval(clock) },
    workspace.registerTextDocumentContentProvider(DRIFT_SCHEME, diffContent),
    commands.registerCommand(CommandId.driftShowDiff, guarded('Show Drift Diff', showDiff)),
    commands.registerCommand(CommandId.driftCopyDiff, guarded('Copy Diff', copyDiff)),
    commands.registerCommand(CommandId.driftAdoptLiveValue, guarded('Adopt Live Value', adopt)),
    commands.registerCommand(CommandId.driftAdoptAndOpenPullRequest, guarded('Adopt Live State and Open Pull Request', adoptAndOpenPullRequest)),
    commands.registerCommand(CommandId.driftRefresh, guarded('Refresh Drift', refresh)),
    commands.registerCommand(CommandId.driftSelectContext, guarded('Select Cluster Context', selectContext)),
    workspace.onDidGrantWorkspaceTrust(() => {
      if (client.isRunning()) void client.sendNotification(DriftMethod.trust, { trusted: true });
    }),
    workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${Setting.driftShowControllerOwned}`)) {
        changed.fire(undefined);
        render();
      }
    }),
    client.onDidChangeState((e) => {
      // A stopped server's results are stale; a restarted one sends its own.
      if (e.newState === State.Stopped) {
        results.clear();
        status = undefined;
        changed.fire(undefined);
        render();
      }
    }),
  );
  render();
}

function withRow(item: TreeItem, row: RowText): TreeItem {
  item.description = row.description;
  item.tooltip = row.tooltip;
  if (row.icon) item.iconPath = new ThemeIcon(row.icon.id, row.icon.color ? new ThemeColor(row.icon.color) : undefined);
  return item;
}

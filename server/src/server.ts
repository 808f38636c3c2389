// The language server: wires the LSP features (one file each under lsp/) to the shared engine.
import {
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerContext, uriToPath } from './lsp/serverContext';
import { DiagnosticsScheduler } from './lsp/diagnostics';
import { documentSymbols } from './lsp/documentSymbols';
import { codeActions } from './lsp/codeActions';
import { hover } from './lsp/hover';
import { completion, COMPLETION_TRIGGERS } from './lsp/completion';
import { readSettings } from './lsp/settings';
import { isRulesConfigFile } from './rules/configSchema';
import { indexFile, indexWorkspaceCrds } from './lsp/workspaceIndex';
import { createServerConnection } from './lsp/transport';
import { registerDrift } from './lsp/drift';
import { DriftSession } from './drift/session';

const connection = createServerConnection();
const documents = new TextDocuments(TextDocument);
const ctx = new ServerContext(connection, documents);
const diagnostics = new DiagnosticsScheduler(ctx);
const drift = registerDrift(connection, documents, { createSession: (opts) => new DriftSession(opts), objects: () => ctx.engine.workspace.objects });
let workspaceFolders: string[] = [];
let canPullConfiguration = false;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  workspaceFolders = (params.workspaceFolders ?? [])
    .map((f) => uriToPath(f.uri))
    .filter((p): p is string => p !== undefined);
  const init = params.initializationOptions as { settings?: unknown } | undefined;
  if (init?.settings) ctx.settings = readSettings(init.settings);
  drift.initializeFrom(params);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'gitops-manifests' },
  };
});

connection.onInitialized(async () => {
  await refreshSettings();
  drift.configure(ctx.settings.drift);
  if (indexingEnabled() && workspaceFolders.length) {
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin('GitOps Manifests: indexing the workspace', 0, 'reading YAML files');
    const crdsBefore = ctx.engine.workspace.crds.version;
    const files = await indexWorkspaceCrds(ctx, workspaceFolders, (n, total) =>
      progress.report(total ? Math.round((100 * n) / total) : 0, `${n} of ${total} files`),
    );
    progress.done();
    connection.console.info(`Indexed ${files} YAML files; ${ctx.engine.workspace.crds.all().length} custom resource versions known`);
    if (ctx.engine.workspace.crds.version !== crdsBefore) diagnostics.scheduleAll();
  }
});

async function refreshSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  try {
    ctx.settings = readSettings(await connection.workspace.getConfiguration('gitops'));
  } catch (err) {
    connection.console.warn(`Could not read settings: ${(err as Error).message}`);
  }
}

connection.onDidChangeConfiguration(async (change) => {
  if (canPullConfiguration) await refreshSettings();
  else ctx.settings = readSettings((change.settings as { gitops?: unknown } | undefined)?.gitops);
  drift.configure(ctx.settings.drift);
  diagnostics.scheduleAll();
});

/** The index serves CRDs (custom resource validation) and the cross-object rules. */
function indexingEnabled(): boolean {
  return ctx.settings.crds.enable || ctx.settings.rules.enable;
}

connection.onDidChangeWatchedFiles(async ({ changes }) => {
  // A changed `.gitops-manifests.yaml` changes the rules of every file below it.
  if (changes.some((c) => isRulesConfigFile(c.uri))) {
    ctx.forgetRulesConfig();
    diagnostics.scheduleAll();
  }
  if (!indexingEnabled()) return;
  let changed = false;
  for (const c of changes) {
    const path = uriToPath(c.uri);
    if (!path) continue;
    changed = (c.type === FileChangeType.Deleted ? ctx.engine.workspace.forgetSource(c.uri) : await indexFile(ctx, path)) || changed;
  }
  if (changed) diagnostics.scheduleAll();
});

documents.onDidOpen((e) => diagnostics.schedule(e.document, true));
documents.onDidChangeContent((e) => diagnostics.schedule(e.document));
documents.onDidClose((e) => {
  ctx.forget(e.document.uri);
  diagnostics.clear(e.document.uri);
  // The file on disk is the truth again for its CRDs.
  const path = uriToPath(e.document.uri);
  if (path) void indexFile(ctx, path).then((changed) => changed && diagnostics.scheduleAll());
});

connection.onHover((p) => hover(ctx, p));
connection.onCompletion((p) => completion(ctx, p));
connection.onDocumentSymbol((p) => documentSymbols(ctx, p));
connection.onCodeAction((p) => codeActions(ctx, p));

documents.listen(connection);
connection.listen();

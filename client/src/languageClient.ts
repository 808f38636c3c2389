// Builds the client for the GitOps Manifests language server (dist/server.js).
import { SERVER_EXEC_ARGV } from './serverRuntime';
import { workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SECTION } from './settings';
import { driftInitializationOptions } from './drift/driftView';
import type { DriftInitializationOptions } from '../../server/src/lsp/driftProtocol';

/** What the server receives in `initialize.initializationOptions`. */
export interface InitializationOptions {
  /** Install folder of the extension: bundled schemas live in `<extensionPath>/schemas/k8s`. */
  extensionPath: string;
  /** Workspace trust and the remembered cluster context. */
  drift: DriftInitializationOptions;
}

export function createLanguageClient(context: ExtensionContext, outputChannel: LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // stdio: the server then sends diagnostics as JSON encoded once per document (lsp/transport.ts).
    run: { module, transport: TransportKind.stdio, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  // A function: read again at every (re)start, so trust and the chosen context are current.
  const initializationOptions = (): InitializationOptions => ({ extensionPath: context.extensionPath, drift: driftInitializationOptions(context) });
  const manifestWatcher = workspace.createFileSystemWatcher('**/*.{yaml,yml}');
  context.subscriptions.push(manifestWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      // Tells the server when a `gitops.*` setting changes, so it re-reads the (resource-scoped) values.
      configurationSection: SECTION,
      // Lets the server keep its index of CustomResourceDefinitions and cross-file references current
      // for files that are not open in an editor.
      fileEvents: manifestWatcher,
    },
    initializationOptions,
    outputChannel,
  };
  // The id is the settings section: the client reads its trace level from `gitops.trace.server`.
  return new LanguageClient(SECTION, 'GitOps Manifests', serverOptions, clientOptions);
}

// Activation only: start the language server client and register commands and the status bar item.
import { commands, window, type ExtensionContext, type LogOutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CommandId } from './commandIds';
import { loadBundledVersions, registerKubernetesVersionPicker } from './kubernetesVersion';
import { createLanguageClient } from './languageClient';
import { registerDriftView } from './drift/driftView';
import { registerPullRequestCommands } from './pullRequest/command';
import { clusterChangesFrom } from './pullRequest/clusterChanges';

let client: LanguageClient | undefined;

export function activate(context: ExtensionContext): void {
  const outputChannel = window.createOutputChannel('GitOps Manifests', { log: true });
  const languageClient = createLanguageClient(context, outputChannel);
  client = languageClient;

  context.subscriptions.push(
    outputChannel,
    commands.registerCommand(CommandId.restartServer, () => restartServer(languageClient, outputChannel)),
    commands.registerCommand(CommandId.showOutput, () => outputChannel.show()),
  );
  registerKubernetesVersionPicker(context, loadBundledVersions(context, outputChannel));
  registerDriftView(context, languageClient, outputChannel);
  const clusterChanges = clusterChangesFrom(languageClient, (message) => outputChannel.info(message));
  context.subscriptions.push(...registerPullRequestCommands(context, outputChannel, clusterChanges));

  // Not awaited: commands (Restart, Show Output) must stay usable when the server fails to start.
  // The client already reports a failed start to the user.
  languageClient.start().catch((error: unknown) => outputChannel.error('Language server did not start', error));
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

async function restartServer(languageClient: LanguageClient, outputChannel: LogOutputChannel): Promise<void> {
  try {
    await languageClient.restart();
    outputChannel.info('Language server restarted');
  } catch (error) {
    outputChannel.error('Restarting the language server failed', error);
    const choice = await window.showErrorMessage('GitOps Manifests: restarting the language server failed.', 'Show Output');
    if (choice) outputChannel.show();
  }
}

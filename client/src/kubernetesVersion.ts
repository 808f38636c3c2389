// The Kubernetes version picker: the "K8s 1.37" status bar item on YAML editors and the command behind it.
import { readFileSync } from 'node:fs';
import {
  ConfigurationTarget,
  StatusBarAlignment,
  commands,
  window,
  workspace,
  type ExtensionContext,
  type LogOutputChannel,
  type Uri,
} from 'vscode';
import { CommandId } from './commandIds';
import {
  SECTION,
  Setting,
  bundledVersionsFromManifest,
  parseBundledVersions,
  resolveKubernetesVersion,
  settingTargetFor,
  versionPickItems,
  versionTooltip,
  type BundledVersions,
  type SettingTarget,
} from './settings';

const configurationTargets: Record<SettingTarget, ConfigurationTarget> = {
  workspaceFolder: ConfigurationTarget.WorkspaceFolder,
  workspace: ConfigurationTarget.Workspace,
  global: ConfigurationTarget.Global,
};

/**
 * Reads `schemas/k8s/versions.json` from the install folder. Falls back to the versions the manifest
 * declares, so the picker still works in a checkout whose schemas have not been generated.
 */
export function loadBundledVersions(context: ExtensionContext, log: LogOutputChannel): BundledVersions | undefined {
  const file = context.asAbsolutePath('schemas/k8s/versions.json');
  try {
    const bundled = parseBundledVersions(JSON.parse(readFileSync(file, 'utf8')));
    if (bundled) return bundled;
    log.warn(`${file} does not list the bundled versions as { "default": "1.x", "versions": [...] }`);
  } catch (error) {
    log.warn(`Cannot read the bundled Kubernetes versions: ${error instanceof Error ? error.message : String(error)}`);
  }
  return bundledVersionsFromManifest(context.extension.packageJSON);
}

export function registerKubernetesVersionPicker(context: ExtensionContext, bundled: BundledVersions | undefined): void {
  const configuredVersion = (resource: Uri | undefined) =>
    workspace.getConfiguration(SECTION, resource).get<string>(Setting.kubernetesVersion);

  const statusItem = window.createStatusBarItem('gitops.kubernetesVersion', StatusBarAlignment.Right, 100);
  statusItem.name = 'GitOps Kubernetes Version';
  statusItem.command = CommandId.selectKubernetesVersion;

  const refreshStatus = () => {
    const document = window.activeTextEditor?.document;
    if (!bundled || document?.languageId !== 'yaml') {
      statusItem.hide();
      return;
    }
    const configured = configuredVersion(document.uri);
    const effective = resolveKubernetesVersion(configured, bundled);
    statusItem.text = `K8s ${effective}`;
    statusItem.tooltip = versionTooltip(configured, effective);
    statusItem.show();
  };

  const selectVersion = async () => {
    if (!bundled) {
      void window.showErrorMessage('GitOps Manifests: no bundled Kubernetes schemas were found. Reinstall the extension.');
      return;
    }
    const resource = window.activeTextEditor?.document.uri;
    const configuration = workspace.getConfiguration(SECTION, resource);
    const effective = resolveKubernetesVersion(configuration.get<string>(Setting.kubernetesVersion), bundled);
    const picked = await window.showQuickPick(versionPickItems(bundled, effective), {
      title: 'Kubernetes Version for Validation',
      placeHolder: `Manifests are validated against Kubernetes ${effective}`,
    });
    if (!picked) return;
    const target = settingTargetFor(
      configuration.inspect(Setting.kubernetesVersion),
      (workspace.workspaceFolders?.length ?? 0) > 0,
    );
    await configuration.update(Setting.kubernetesVersion, picked.label, configurationTargets[target]);
  };

  context.subscriptions.push(
    statusItem,
    commands.registerCommand(CommandId.selectKubernetesVersion, selectVersion),
    window.onDidChangeActiveTextEditor(refreshStatus),
    // Changing an editor's language mode reopens its document.
    workspace.onDidOpenTextDocument((document) => {
      if (document === window.activeTextEditor?.document) refreshStatus();
    }),
    workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.${Setting.kubernetesVersion}`)) refreshStatus();
    }),
  );
  refreshStatus();
}

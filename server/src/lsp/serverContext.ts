// What every LSP feature shares: the connection, open documents, the engine and the settings.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine, type LintResult } from '../engine/engine';
import { DEFAULT_SETTINGS, settingsRulesConfig, type ServerSettings } from './settings';
import { findRulesConfig, mergeConfig, type RulesConfig } from '../rules/config';
import { isExcluded } from '../engine/globs';

export class ServerContext {
  private current: ServerSettings = DEFAULT_SETTINGS;
  /** Rule configuration per folder, with its cache key: finding it walks the folders up, on every request. */
  private readonly rulesByFolder = new Map<string, { config: RulesConfig; key: string } | undefined>();
  private readonly results = new Map<string, { version: number; settingsKey: string; crds: number; index: number; result: LintResult }>();

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly engine = new Engine(),
  ) {}

  get settings(): ServerSettings {
    return this.current;
  }

  set settings(settings: ServerSettings) {
    this.current = settings;
    this.rulesByFolder.clear();
  }

  /** A `.gitops-manifests.yaml` appeared, changed or went away. */
  forgetRulesConfig(): void {
    this.rulesByFolder.clear();
  }

  /** The lint result for a document's current version (computed once per version and settings). */
  lint(doc: TextDocument): LintResult {
    const filePath = uriToPath(doc.uri);
    const found = this.rulesFor(filePath);
    const rules = found?.config;
    const settingsKey = `${this.settings.kubernetesVersion}/${this.settings.crds.enable}/${found?.key ?? ''}`;
    const crds = this.engine.workspace.crds.version;
    const cached = this.results.get(doc.uri);
    const index = this.engine.workspace.objects.version;
    if (cached && cached.version === doc.version && cached.settingsKey === settingsKey && cached.crds === crds && cached.index === index) {
      return cached.result;
    }
    const result = this.engine.lint({
      text: doc.getText(),
      source: doc.uri,
      filePath,
      kubernetesVersion: this.settings.kubernetesVersion || undefined,
      useCrds: this.settings.crds.enable,
      rules,
    });
    // Linting may register CRDs from this very file, which changes the CRD version: key on the version after.
    this.results.set(doc.uri, { version: doc.version, settingsKey, crds: this.engine.workspace.crds.version, index: this.engine.workspace.objects.version, result });
    return result;
  }

  /** The file's `.gitops-manifests.yaml` over the `gitops.rules.*` settings; undefined when rules are off. */
  private rulesFor(filePath: string | undefined): { config: RulesConfig; key: string } | undefined {
    if (!this.settings.rules.enable) return undefined;
    const folder = filePath ? dirname(filePath) : '';
    if (this.rulesByFolder.has(folder)) return this.rulesByFolder.get(folder);
    const found = filePath ? findRulesConfig(filePath) : undefined;
    if (found?.error) this.connection.console.warn(`${found.path}: ${found.error} (using editor settings)`);
    const config = mergeConfig(found?.config, settingsRulesConfig(this.settings.rules));
    const entry = { config, key: JSON.stringify(config) };
    this.rulesByFolder.set(folder, entry);
    return entry;
  }

  isValidated(uri: string): boolean {
    if (!this.settings.validate.enable) return false;
    const path = uriToPath(uri);
    return !(path && isExcluded(path, this.settings.files.exclude));
  }

  forget(uri: string): void {
    this.results.delete(uri);
    this.engine.forgetParsed(uri);
  }
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

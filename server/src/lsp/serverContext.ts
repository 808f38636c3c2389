// What every LSP feature shares: the connection, open documents, the engine and the settings.
import { fileURLToPath } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine, type LintResult } from '../engine/engine';
import { DEFAULT_SETTINGS, type ServerSettings } from './settings';
import { isExcluded } from './globs';

export class ServerContext {
  settings: ServerSettings = DEFAULT_SETTINGS;
  private readonly results = new Map<string, { version: number; settingsKey: string; crds: number; result: LintResult }>();

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly engine = new Engine(),
  ) {}

  /** The lint result for a document's current version (computed once per version and settings). */
  lint(doc: TextDocument): LintResult {
    const settingsKey = `${this.settings.kubernetesVersion}/${this.settings.crds.enable}`;
    const crds = this.engine.store.crds.version;
    const cached = this.results.get(doc.uri);
    if (cached && cached.version === doc.version && cached.settingsKey === settingsKey && cached.crds === crds) return cached.result;
    const filePath = uriToPath(doc.uri);
    const result = this.engine.lint({
      text: doc.getText(),
      source: doc.uri,
      filePath,
      kubernetesVersion: this.settings.kubernetesVersion || undefined,
      useCrds: this.settings.crds.enable,
    });
    // Linting may register CRDs from this very file, which changes the CRD version: key on the version after.
    this.results.set(doc.uri, { version: doc.version, settingsKey, crds: this.engine.store.crds.version, result });
    return result;
  }

  isValidated(uri: string): boolean {
    if (!this.settings.validate.enable) return false;
    const path = uriToPath(uri);
    return !(path && isExcluded(path, this.settings.files.exclude));
  }

  forget(uri: string): void {
    this.results.delete(uri);
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

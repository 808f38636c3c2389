// What every LSP feature shares: the connection, open documents, the engine and the settings.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, Position, Range, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine, type LintResult } from '../engine/engine';
import { DEFAULT_SETTINGS, settingsRulesConfig, type ServerSettings } from './settings';
import { findRulesConfig, mergeConfig, type RulesConfig } from '../rules/config';
import { isExcluded } from '../engine/globs';
import { setInternalErrorSink } from '../engine/internalErrors';

/** Texts smaller than this are linted in one go: it takes less than a pause would cost. */
const YIELD_ABOVE = 64 * 1024;

export class ServerContext {
  private current: ServerSettings = DEFAULT_SETTINGS;
  /** Rule configuration per folder, with its cache key: finding it walks the folders up, on every request. */
  private readonly rulesByFolder = new Map<string, { config: RulesConfig; key: string } | undefined>();
  /** Keyed on the text, not the version: a client may send another text under a version it used before. */
  private readonly results = new Map<string, { text: string; settingsKey: string; crds: number; index: number; result: LintResult }>();
  /** Per folder, the `exclude:` globs of its `.gitops-manifests.yaml` (the CLI honours them too). */
  private readonly excludeByFolder = new Map<string, { globs: string[]; source?: string }>();
  private readonly warned = new Set<string>();

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly engine = new Engine(),
  ) {
    // A rule or engine bug goes to the output channel, once, never as a finding.
    setInternalErrorSink((message) => connection.console.error(message));
  }

  get settings(): ServerSettings {
    return this.current;
  }

  set settings(settings: ServerSettings) {
    this.current = settings;
    this.rulesByFolder.clear();
    this.excludeByFolder.clear();
    const fallback = this.engine.versionFallback(settings.kubernetesVersion);
    if (fallback) this.warnOnce(`gitops.kubernetesVersion: ${fallback}`);
  }

  /** A `.gitops-manifests.yaml` appeared, changed or went away. */
  forgetRulesConfig(): void {
    this.rulesByFolder.clear();
    this.excludeByFolder.clear();
  }

  /** A warning for the output channel, said once per server session. */
  warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.connection.console.warn(message);
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
    // The document hands out the same string while its text is unchanged: comparing is a pointer check then.
    const text = doc.getText();
    if (cached && cached.text === text && cached.settingsKey === settingsKey && cached.crds === crds && cached.index === index) {
      return cached.result;
    }
    if (rules?.kubernetesVersion && !this.settings.kubernetesVersion) {
      const fallback = this.engine.versionFallback(rules.kubernetesVersion);
      if (fallback) this.warnOnce(`${rules.source ?? '.gitops-manifests.yaml'}: ${fallback}`);
    }
    const result = this.engine.lint({
      text,
      source: doc.uri,
      filePath,
      kubernetesVersion: this.settings.kubernetesVersion || undefined,
      useCrds: this.settings.crds.enable,
      rules,
    });
    // Linting may register CRDs from this very file, which changes the CRD version: key on the version after.
    this.results.set(doc.uri, { text, settingsKey, crds: this.engine.workspace.crds.version, index: this.engine.workspace.objects.version, result });
    return result;
  }

  /**
   * The lint result as `lint(doc)` gives it, computed with pauses between slices of documents: requests (hover on
   * another file) are answered while a large file is read. Undefined when the text changed meanwhile.
   */
  async lintYielding(doc: TextDocument): Promise<LintResult | undefined> {
    const text = doc.getText();
    const cached = this.results.get(doc.uri);
    if (!(cached && cached.text === text) && text.length > YIELD_ABOVE) {
      const filePath = uriToPath(doc.uri);
      const req = { text, source: doc.uri, filePath, kubernetesVersion: this.settings.kubernetesVersion || undefined, useCrds: this.settings.crds.enable, rules: this.rulesFor(filePath)?.config };
      const current = () => this.documents.get(doc.uri)?.getText() === text;
      await this.engine.prepare(req, () => new Promise((resolve) => setImmediate(resolve)), current);
      if (!current()) return undefined;
    }
    return this.lint(doc);
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
    if (!path) return true;
    const badGlob = (message: string) => this.warnOnce(`gitops.files.exclude: ${message}`);
    if (isExcluded(path, this.settings.files.exclude, badGlob)) return false;
    const config = this.configExclude(path);
    return !(config.globs.length && isExcluded(path, config.globs, (m) => this.warnOnce(`${config.source}: ${m}`)));
  }

  /** The `exclude:` list of the file's `.gitops-manifests.yaml` (whether or not rules are on: it excludes files). */
  private configExclude(filePath: string): { globs: string[]; source?: string } {
    const folder = dirname(filePath);
    let entry = this.excludeByFolder.get(folder);
    if (!entry) {
      const found = findRulesConfig(filePath);
      entry = { globs: found?.config?.exclude ?? [], source: found?.path };
      this.excludeByFolder.set(folder, entry);
    }
    return entry;
  }

  forget(uri: string): void {
    this.results.delete(uri);
    this.engine.forgetParsed(uri);
  }
}

/**
 * The open document a request names, or undefined when its parameters are not what the protocol says (a client
 * bug or garbage): the request then answers "nothing here" rather than an internal error message.
 */
export function requestedDocument(ctx: ServerContext, params: unknown): TextDocument | undefined {
  const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
  return typeof uri === 'string' ? ctx.documents.get(uri) : undefined;
}

export function isPosition(p: unknown): p is Position {
  const { line, character } = (p ?? {}) as { line?: unknown; character?: unknown };
  return Number.isSafeInteger(line) && Number.isSafeInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

export function isRange(r: unknown): r is Range {
  const { start, end } = (r ?? {}) as { start?: unknown; end?: unknown };
  return isPosition(start) && isPosition(end);
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

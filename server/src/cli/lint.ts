// `gitops-manifests lint`: the editor's engine over files, for CI.
import { readFileSync } from 'node:fs';
import { basename, relative, resolve, isAbsolute } from 'node:path';
import { Engine, MAX_FILE_BYTES } from '../engine/engine';
import { ConfigError, EMPTY_CONFIG, findRulesConfig, type RulesConfig } from '../rules/config';
import { validateRulesConfig } from '../rules/configSchema';
import { parseManifestDocument } from '../parse/manifestDocument';
import { isExcluded } from '../engine/globs';
import { collectYamlFiles } from './files';
import { formatJson, formatSarif, formatText, type OutputFormat } from './formats';
import { toReported, type ReportedFinding } from './report';

export interface LintCommand {
  paths: string[];
  format: OutputFormat;
  kubernetesVersion?: string;
  /** An explicit config for every file; otherwise each file's nearest `.gitops-manifests.yaml`. */
  config?: RulesConfig;
  cwd: string;
  toolVersion: string;
}

export interface LintOutcome {
  output: string;
  findings: ReportedFinding[];
  files: number;
  documents: number;
  internalErrors: string[];
  /** Said on stderr, the exit status unchanged: files skipped, globs that are not globs, a version not bundled. */
  warnings: string[];
}

export function runLint(cmd: LintCommand, engine = new Engine()): LintOutcome {
  const internalErrors: string[] = [];
  const warnings: string[] = [];
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (!warned.has(message)) warnings.push(message);
    warned.add(message);
  };
  const files = collectYamlFiles(
    cmd.paths.map((p) => resolve(cmd.cwd, p)),
    { onSkip: (m) => warn(m), onError: (m) => internalErrors.push(m) },
  );
  const texts = new Map<string, string>();
  for (const file of files) {
    try {
      const text = readFileSync(file, 'utf8');
      texts.set(file, text);
      // CRDs and objects anywhere among the inputs apply to every file, whatever the order; a file over the limit
      // is not validated, so it is not read into the index either.
      if (text.length <= MAX_FILE_BYTES) engine.workspace.indexFile(file, text);
    } catch (err) {
      internalErrors.push(`${display(file, cmd.cwd)}: ${(err as Error).message}`);
    }
  }

  const findings: ReportedFinding[] = [];
  // An explicit `--config` file is held to the schema the editor holds `.gitops-manifests.yaml` to.
  const configFile = cmd.config?.source && resolve(cmd.cwd, cmd.config.source);
  if (configFile && !texts.has(configFile)) findings.push(...configFileFindings(configFile, cmd.cwd));
  let documents = 0;
  for (const [file, text] of texts) {
    try {
      const found = cmd.config ? undefined : findRulesConfig(file);
      if (found?.error) throw new ConfigError(`${found.path}: ${found.error}`);
      const rules = cmd.config ?? found?.config ?? EMPTY_CONFIG;
      if (rules.exclude.length && isExcluded(file, rules.exclude, (m) => warn(`${rules.source ? `${display(rules.source, cmd.cwd)}: ` : ''}${m}`))) continue;
      const kubernetesVersion = cmd.kubernetesVersion ?? rules.kubernetesVersion;
      const fallback = engine.versionFallback(kubernetesVersion);
      if (fallback) warn(fallback);
      const result = engine.lint({ text, source: file, filePath: file, kubernetesVersion, rules });
      documents += result.documents.length;
      findings.push(...toReported(display(file, cmd.cwd), text, result.findings));
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      internalErrors.push(`${display(file, cmd.cwd)}: internal error: ${(err as Error).stack ?? err}`);
    }
  }

  const output =
    cmd.format === 'json' ? formatJson(findings) : cmd.format === 'sarif' ? formatSarif(findings, cmd.toolVersion) : formatText(findings);
  return { output, findings, files: files.length, documents, internalErrors, warnings };
}

function configFileFindings(path: string, cwd: string): ReportedFinding[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return toReported(display(path, cwd), text, validateRulesConfig(parseManifestDocument(text), basename(path)));
}

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

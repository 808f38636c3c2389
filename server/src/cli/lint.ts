// `gitops-manifests lint`: the editor's engine over files, for CI.
import { readFileSync } from 'node:fs';
import { relative, resolve, isAbsolute } from 'node:path';
import { Engine } from '../engine/engine';
import { ConfigError, EMPTY_CONFIG, findRulesConfig, type RulesConfig } from '../rules/config';
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
}

export function runLint(cmd: LintCommand, engine = new Engine()): LintOutcome {
  const files = collectYamlFiles(cmd.paths.map((p) => resolve(cmd.cwd, p)));
  const texts = new Map<string, string>();
  const internalErrors: string[] = [];
  for (const file of files) {
    try {
      const text = readFileSync(file, 'utf8');
      texts.set(file, text);
      // CRDs and objects anywhere among the inputs apply to every file, whatever the order.
      engine.workspace.indexFile(file, text);
    } catch (err) {
      internalErrors.push(`${display(file, cmd.cwd)}: ${(err as Error).message}`);
    }
  }

  const findings: ReportedFinding[] = [];
  let documents = 0;
  for (const [file, text] of texts) {
    try {
      const found = cmd.config ? undefined : findRulesConfig(file);
      if (found?.error) throw new ConfigError(`${found.path}: ${found.error}`);
      const rules = cmd.config ?? found?.config ?? EMPTY_CONFIG;
      if (rules.exclude.length && isExcluded(file, rules.exclude)) continue;
      const kubernetesVersion = cmd.kubernetesVersion ?? rules.kubernetesVersion;
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
  return { output, findings, files: files.length, documents, internalErrors };
}

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

// `gitops-manifests lint`: the editor's engine over files, for CI.
import { readFileSync } from 'node:fs';
import { relative, resolve, isAbsolute } from 'node:path';
import { Engine } from '../engine/engine';
import { collectYamlFiles } from './files';
import { formatJson, formatSarif, formatText, type OutputFormat } from './formats';
import { toReported, type ReportedFinding } from './report';

export interface LintCommand {
  paths: string[];
  format: OutputFormat;
  kubernetesVersion?: string;
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
      // CRDs anywhere among the inputs apply to every file, whatever the order.
      engine.indexCrds(file, text);
    } catch (err) {
      internalErrors.push(`${display(file, cmd.cwd)}: ${(err as Error).message}`);
    }
  }

  const findings: ReportedFinding[] = [];
  let documents = 0;
  for (const [file, text] of texts) {
    try {
      const result = engine.lint({ text, source: file, filePath: file, kubernetesVersion: cmd.kubernetesVersion });
      documents += result.documents.length;
      findings.push(...toReported(display(file, cmd.cwd), text, result.findings));
    } catch (err) {
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

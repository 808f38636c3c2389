// The CLI over a whole corpus in one process: wall time, CPU, peak memory, findings and documents per second.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { collectYamlFiles } from '../../server/src/cli/files';
import { isHelmTemplate } from '../../server/src/engine/engine';
import { childrenCpuTimeMs, memoryUsage } from './procStats';

export interface CliBenchResult {
  files: number;
  documents: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  findings: number;
  exitCode: number;
  /** Files the CLI could not lint (exit 2), with the first such message. */
  internalErrors: number;
  firstInternalError?: string;
}

/** Non-empty YAML documents in the files the CLI lints (Helm templates are skipped by the CLI, so here too). */
export function countCorpusDocuments(corpus: string): { files: number; documents: number } {
  const files = collectYamlFiles([corpus]);
  let documents = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (isHelmTemplate(file, text)) continue;
    documents += parseAllDocuments(text, { strict: false }).filter((d) => d.contents !== null).length;
  }
  return { files: files.length, documents };
}

export async function runCliBench(cliPath: string, corpus: string, timeoutMs: number): Promise<CliBenchResult> {
  const { files, documents } = countCorpusDocuments(corpus);
  // The CLI's CPU is what this process's reaped children used meanwhile (no other child ends during the run).
  const childCpuBefore = childrenCpuTimeMs();
  const started = performance.now();
  const child = spawn(process.execPath, [cliPath, 'lint', '--format', 'json', corpus], { stdio: ['ignore', 'pipe', 'pipe'] });
  let peakRssMb = 0;
  const sampleMemory = () => {
    try {
      // While the process execs or exits, its status has no Vm* lines (NaN).
      const { peakRssMb: peak } = memoryUsage(child.pid!);
      if (Number.isFinite(peak)) peakRssMb = Math.max(peakRssMb, peak);
    } catch {
      // exited between samples
    }
  };
  const sampler = setInterval(sampleMemory, 5);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => stdout.push(c));
  child.stderr!.on('data', (c: Buffer) => stderr.push(c));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exitCode = await new Promise<number>((resolve) => child.once('close', (code, signal) => resolve(code ?? (signal ? -1 : 0))));
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  clearInterval(sampler);

  // 0 = clean, 1 = error findings, 2 = some files could not be linted (the report still covers the rest).
  const errorText = Buffer.concat(stderr).toString('utf8');
  let report: { findings: unknown[] } | undefined;
  try {
    report = JSON.parse(Buffer.concat(stdout).toString('utf8')) as { findings: unknown[] };
  } catch {
    // judged below
  }
  if (!report || exitCode < 0 || exitCode > 2) {
    const how = exitCode === -1 ? `a signal (timeout ${timeoutMs} ms?)` : `exit ${exitCode}`;
    throw new Error(`CLI ended with ${how} and no JSON report: ${errorText.trim().slice(0, 500)}`);
  }
  const internal = errorText.split('\n').filter((l) => /^gitops-manifests: .*internal error/.test(l));
  return {
    files,
    documents,
    wallMs,
    cpuMs: childrenCpuTimeMs() - childCpuBefore,
    peakRssMb,
    findings: report.findings.length,
    exitCode,
    internalErrors: internal.length,
    firstInternalError: internal[0]?.replace(/^gitops-manifests: /, ''),
  };
}

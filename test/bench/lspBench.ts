// One benchmark run: a fresh server opens one generated file, then edits one document at a time.
// A fresh process per file keeps the larger file from profiting from the smaller one's warm caches.
import type { Diagnostic } from 'vscode-languageserver/node';
import type { GeneratedManifests } from './generate';
import { LspServer, type ServerLaunch } from './lspDriver';
import { cpuTimeMs, memoryUsage } from './procStats';

export interface LspBenchOptions {
  uri: string;
  manifests: GeneratedManifests;
  edits: number;
  /** Edits made before measuring, so that the numbers describe a warmed-up server as an editor sees it. */
  warmupEdits: number;
  /** Stop editing early once this much time has gone by (slow servers on large files). */
  editBudgetMs: number;
  openTimeoutMs: number;
  editTimeoutMs: number;
}

export interface LspBenchResult {
  openMs: number;
  /** Server CPU from didOpen to its first diagnostics. */
  openCpuMs: number;
  editLatencies: number[];
  cpuPerEditMs: number;
  /** The same over the warm-up edits right after opening (the JIT and the garbage collector still settling). */
  warmupCpuPerEditMs: number;
  peakRssMb: number;
  rssAfterMb: number;
  diagnostics: number;
  /** Deliberate errors that got a diagnostic on their line. */
  expectedErrorsFound: number;
  expectedErrors: number;
  requestedContent: LspServer['requestedContent'];
}

export async function runLspBench(launch: ServerLaunch, opts: LspBenchOptions): Promise<LspBenchResult> {
  const server = await LspServer.start(launch);
  try {
    const { uri, manifests } = opts;
    const lines = manifests.text.split('\n');

    const cpuBeforeOpen = cpuTimeMs(server.pid);
    const opened = await server.open(uri, manifests.text, opts.openTimeoutMs);
    const openCpuMs = cpuTimeMs(server.pid) - cpuBeforeOpen;

    let version = 1;
    let last = opened.diagnostics;
    const edit = async (n: number) => {
      // Spread edits over the file, each with a value never used before so no result can come from a cache.
      const site = manifests.replicasSites[(n * 7) % manifests.replicasSites.length];
      const line = lines[site.line];
      const start = line.indexOf('replicas: ') + 'replicas: '.length;
      const value = String(10 + n);
      lines[site.line] = line.slice(0, start) + value;
      const range = { start: { line: site.line, character: start }, end: { line: site.line, character: line.length } };
      const result = await server.change(uri, ++version, range, value, opts.editTimeoutMs);
      last = result.diagnostics;
      return result.ms;
    };

    const cpuBeforeWarmup = cpuTimeMs(server.pid);
    for (let n = 0; n < opts.warmupEdits; n++) await edit(n);
    const warmupCpuPerEditMs = opts.warmupEdits ? (cpuTimeMs(server.pid) - cpuBeforeWarmup) / opts.warmupEdits : 0;
    const editLatencies: number[] = [];
    const loopStarted = performance.now();
    const cpuBeforeEdits = cpuTimeMs(server.pid);
    for (let n = opts.warmupEdits; n < opts.warmupEdits + opts.edits; n++) {
      editLatencies.push(await edit(n));
      if (performance.now() - loopStarted > opts.editBudgetMs) break;
    }
    const cpuPerEditMs = (cpuTimeMs(server.pid) - cpuBeforeEdits) / editLatencies.length;
    const memory = memoryUsage(server.pid);

    return {
      openMs: opened.ms,
      openCpuMs,
      editLatencies,
      cpuPerEditMs,
      warmupCpuPerEditMs,
      peakRssMb: memory.peakRssMb,
      rssAfterMb: memory.rssMb,
      diagnostics: last.length,
      expectedErrorsFound: manifests.expectedErrors.filter((e) => last.some((d) => spans(d, e.line))).length,
      expectedErrors: manifests.expectedErrors.length,
      requestedContent: server.requestedContent,
    };
  } finally {
    await server.stop();
  }
}

/** A diagnostic on that line; one spanning a whole document would prove nothing, so ranges stay short. */
function spans(d: Diagnostic, line: number): boolean {
  return d.range.start.line <= line && line <= d.range.end.line && d.range.end.line - d.range.start.line <= 10;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

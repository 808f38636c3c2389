// The benchmark's Markdown report: one table row per server and file, targets judged beside our own rows.
import type { CliBenchResult } from './cliBench';
import type { IndexBenchResult } from './indexBench';
import { percentile, type LspBenchResult } from './lspBench';

export interface Target {
  label: string;
  limit: number;
  unit: string;
  actual: (r: LspBenchResult) => number;
}

export interface LspRow {
  run: string;
  file: string;
  /** A result, or why there is none. */
  outcome: LspBenchResult | string;
  targets: Target[];
}

export interface CliRow {
  run: string;
  outcome: CliBenchResult | string;
}

export interface IndexRow {
  run: string;
  outcome: IndexBenchResult | string;
  /** Target for indexing the whole workspace, ms. */
  limitMs: number;
}

const HEADER = [
  'run',
  'file',
  'open → first diagnostics (ms) (server CPU)',
  'edit → diagnostics median (ms)',
  'edit → diagnostics p95 (ms)',
  'server CPU per edit (ms)',
  'peak RSS (MB)',
  'RSS after (MB)',
  'diagnostics',
  'targets / notes',
];

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const mb = (n: number) => n.toFixed(0);

export function judge(targets: Target[], r: LspBenchResult): string {
  return targets.map((t) => `${t.label} ≤ ${t.limit} ${t.unit}: ${t.actual(r) <= t.limit ? 'PASS' : 'MISS'}`).join('; ');
}

function lspCells(row: LspRow): string[] {
  const r = row.outcome;
  if (typeof r === 'string') return [row.run, row.file, `n/a (${r})`, '', '', '', '', '', '', ''];
  const missed = r.expectedErrorsFound < r.expectedErrors ? ' (INVALID: the schema was not applied to every document)' : '';
  const errors = `${r.expectedErrorsFound}/${r.expectedErrors} deliberate errors flagged${missed}`;
  const warmup = `first edits after opening: ${r.warmupCpuPerEditMs.toFixed(1)} ms CPU each`;
  const notes = [row.targets.length ? judge(row.targets, r) : '', errors, `${r.editLatencies.length} edits`, warmup].filter(Boolean).join('; ');
  return [
    row.run,
    row.file,
    `${ms(r.openMs)} (CPU ${ms(r.openCpuMs)})`,
    ms(percentile(r.editLatencies, 50)),
    ms(percentile(r.editLatencies, 95)),
    r.cpuPerEditMs.toFixed(1),
    mb(r.peakRssMb),
    mb(r.rssAfterMb),
    String(r.diagnostics),
    notes,
  ];
}

function cliCells(row: CliRow): string[] {
  const r = row.outcome;
  if (typeof r === 'string') return [row.run, 'corpus', `n/a (${r})`, '', '', '', '', '', '', ''];
  const perSecond = r.documents / (r.wallMs / 1000);
  return [
    row.run,
    `corpus: ${r.files} files, ${r.documents} docs`,
    '',
    '',
    '',
    '',
    mb(r.peakRssMb),
    '',
    String(r.findings),
    `**${perSecond.toFixed(0)} documents/s** (wall ${ms(r.wallMs)} ms, CPU ${ms(r.cpuMs)} ms, exit ${r.exitCode})` +
      (r.internalErrors ? `; ${r.internalErrors} files not linted (internal error), first: ${r.firstInternalError}` : ''),
  ];
}

function indexCells(row: IndexRow): string[] {
  const r = row.outcome;
  if (typeof r === 'string') return [row.run, 'workspace', `n/a (${r})`, '', '', '', '', '', '', ''];
  return [
    row.run,
    `workspace: ${r.files.toLocaleString('en')} files`,
    `index ${ms(r.indexMs)} (CPU ${ms(r.indexCpuMs)})`,
    `${ms(r.incrementalMs)} (a file added on disk)`,
    '',
    '',
    mb(r.peakRssMb),
    '',
    '',
    `index ≤ ${row.limitMs / 1000} s: ${r.indexMs <= row.limitMs ? 'PASS' : 'MISS'}; ${r.progressReports} progress reports; the open file's cross-object finding followed the new file`,
  ];
}

export function renderTable(lspRows: LspRow[], cliRows: CliRow[], indexRows: IndexRow[] = []): string {
  const rows = [...lspRows.map(lspCells), ...cliRows.map(cliCells), ...indexRows.map(indexCells)];
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...rows.map(line)].join('\n');
}

/** What yaml-language-server asked its client for, grouped by URL. */
export function renderRequestedContent(requests: LspBenchResult['requestedContent']): string {
  const byUri = new Map<string, { count: number; bytes: number; served: boolean }>();
  for (const r of requests) {
    const seen = byUri.get(r.uri) ?? { count: 0, bytes: r.bytes, served: r.served };
    seen.count++;
    byUri.set(r.uri, seen);
  }
  if (byUri.size === 0) return '- (no `vscode/content` requests)';
  return [...byUri]
    .map(([uri, s]) => `- \`${uri}\` × ${s.count}: ${s.served ? `served ${(s.bytes / 1024).toFixed(0)} KiB` : 'refused'}`)
    .join('\n');
}

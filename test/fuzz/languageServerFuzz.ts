// Fuzzes the bundled language server over stdio as a hostile editor would: random edits across open documents,
// versions reused and going backwards, requests at random positions, garbage settings. It fails on a crash, a
// request error or a late answer, a diagnostic outside its document, or memory that does not come back.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams, Range } from 'vscode-languageserver/node';
import { startLanguageServer, fileUri, type LspSession } from '../lsp/lspClient';
import { Random, hugeDocument, loadCorpus, minimise, mutate, showInput } from './inputs';

export interface LanguageServerFuzzOptions {
  seed: number;
  /** Edits in all (each followed, some of the time, by a request). */
  edits: number;
  documents?: number;
  /** The Node binary that runs the server. */
  node?: string;
  /**
   * Every answer within this (2 s); while documents over 1 MB are being edited (each edit a message of megabytes
   * the server decodes and lints before the request's turn) `largeResponseMs`.
   */
  responseMs?: number;
  largeResponseMs?: number;
  /** Also edit with `../shared/corpus` (the long run). */
  wide?: boolean;
  log?: (line: string) => void;
}

export interface FuzzFailure {
  seed: number;
  step: number;
  problem: string;
  /** The document text when it happened, and the smallest text found that still fails. */
  input?: string;
  minimised?: string;
}

export interface LanguageServerFuzzResult {
  failures: FuzzFailure[];
  edits: number;
  requests: number;
  slowestMs: number;
  slowestLargeMs: number;
  rssSteadyMb: number;
  rssAfterMb: number;
  publishes: number;
}

const LARGE = 1024 * 1024;

/** Settings a confused or hostile client may send; the server must read what it can and ignore the rest. */
const GARBAGE_SETTINGS: unknown[] = [
  null,
  [],
  'gitops',
  { kubernetesVersion: 42, validate: { enable: 'yes', debounceMs: -5 }, files: { exclude: 'x' } },
  { kubernetesVersion: '9.99', files: { exclude: ['[', '**/{a,b', 'a'.repeat(70_000), null, 3] } },
  { rules: { enable: true, severity: { SEC001: 'bogus', RES004: 'error' }, allowedRegistries: 'ghcr.io', optional: [null] } },
  { validate: { debounceMs: 1e12 }, crds: { enable: null }, drift: { enable: false } },
  { validate: { debounceMs: 0 }, rules: { profile: 'restricted' } },
];

export async function fuzzLanguageServer(opts: LanguageServerFuzzOptions): Promise<LanguageServerFuzzResult> {
  const rnd = new Random(opts.seed);
  const corpus = loadCorpus(opts.wide);
  const responseMs = opts.responseMs ?? 2000;
  const largeResponseMs = opts.largeResponseMs ?? 6000;
  const log = opts.log ?? (() => undefined);
  const workspace = mkdtempSync(join(tmpdir(), 'gm-fuzz-lsp-'));
  let settings: unknown = { validate: { debounceMs: 0 } };
  const lsp = await startLanguageServer({ workspace, node: opts.node, settings: { validate: { debounceMs: 0 } } });
  lsp.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
  lsp.connection.onNotification('window/logMessage', () => undefined);

  const failures: FuzzFailure[] = [];
  let crashed = false;
  let stopping = false;
  lsp.process.once('exit', (code, signal) => {
    if (stopping) return;
    crashed = true;
    failures.push({ seed: opts.seed, step: -1, problem: `server exited (code ${code}, signal ${signal})` });
  });

  let currentStep = 0;
  // What each document held under each version it was sent with (a version may be reused for another text).
  const sent = new Map<string, Map<number, SentText[]>>();
  let publishes = 0;
  lsp.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    publishes++;
    const candidates = p.version === undefined ? [...(sent.get(p.uri)?.values() ?? [])].flat() : (sent.get(p.uri)?.get(p.version) ?? []);
    if (candidates.length === 0 && p.diagnostics.length === 0) return;
    const outside = p.diagnostics.find((d) => !candidates.some((t) => insideLines(lineLengths(t), d.range)));
    if (outside) {
      const text = candidates[candidates.length - 1]?.text ?? '';
      failures.push({ seed: opts.seed, step: currentStep, problem: `diagnostic outside its document (version ${p.version}): ${JSON.stringify(outside.range)} ${outside.message}`, input: text });
    }
  });

  const documents = Array.from({ length: opts.documents ?? 20 }, (_, i) => ({ uri: fileUri(join(workspace, `doc${i}.yaml`)), version: 1, text: rnd.pick(corpus) }));
  const remember = (uri: string, version: number, text: string) => {
    let byVersion = sent.get(uri);
    if (!byVersion) sent.set(uri, (byVersion = new Map()));
    const texts = byVersion.get(version) ?? [];
    texts.push({ text });
    // Only the last few texts of a version can still be what the server answers about.
    byVersion.set(version, texts.slice(-4));
    if (byVersion.size > 64) byVersion.delete(byVersion.keys().next().value as number);
  };
  for (const d of documents) {
    remember(d.uri, d.version, d.text);
    lsp.open(d.uri, d.text);
  }

  let requests = 0;
  let slowestMs = 0;
  let slowestLargeMs = 0;
  /** A document over 1 MB was edited since the last request. */
  let largeEdited = false;
  await timed(lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: documents[documents.length - 1].uri } }), 30_000);
  // Memory is measured with every document closed, after the first half (schemas of the kinds met compiled,
  // V8's heap grown to what large documents need) and after the second: what is left must not keep growing.
  const closeAll = async (): Promise<number> => {
    for (const d of documents) lsp.connection.sendNotification('textDocument/didClose', { textDocument: { uri: d.uri } });
    await timed(lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: documents[0].uri }, position: { line: 0, character: 0 } }), 30_000);
    // V8's memory reducer runs once the process is idle: give it some seconds.
    let rss = rssMb(lsp.process.pid);
    for (let waited = 0, last = Infinity; waited < 10_000 && rss < last; waited += 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      last = rss;
      rss = rssMb(lsp.process.pid);
    }
    return rss;
  };
  const reopenAll = () => {
    for (const d of documents) {
      d.version++;
      remember(d.uri, d.version, d.text);
      lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: 'yaml', version: d.version, text: d.text } });
    }
  };
  let rssSteady = 0;

  for (let step = 0; step < opts.edits && !crashed; step++) {
    currentStep = step;
    if (step === Math.floor(opts.edits / 2)) {
      // The first half ends with a document of megabytes, linted and closed: V8's heap has grown to that.
      const huge = fileUri(join(workspace, 'huge.yaml'));
      const hugeText = hugeDocument(rnd, corpus);
      remember(huge, 1, hugeText);
      lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: huge, languageId: 'yaml', version: 1, text: hugeText } });
      await timed(lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: huge } }), 30_000);
      lsp.connection.sendNotification('textDocument/didClose', { textDocument: { uri: huge } });
      rssSteady = await closeAll();
      log(`RSS ${rssSteady} MB with every document closed after ${step} edits`);
      reopenAll();
    }
    const d = rnd.pick(documents);
    const before = d.text;
    d.text = mutate(rnd, d.text, corpus);
    if (d.text.length > 6 * LARGE) d.text = d.text.slice(0, 6 * LARGE);
    if (d.text.length > LARGE || before.length > LARGE) largeEdited = true;
    const roll = rnd.next();
    d.version = roll < 0.85 ? d.version + 1 : roll < 0.93 ? d.version : Math.max(0, d.version - 1 - rnd.int(4));
    remember(d.uri, d.version, d.text);
    lsp.change(d.uri, d.version, d.text);
    if (step % 250 === 249) {
      settings = rnd.pick(GARBAGE_SETTINGS);
      lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: { gitops: settings } });
    }
    if (!rnd.chance(0.3)) continue;
    const { method, params } = randomRequest(rnd, d.uri, d.text);
    requests++;
    const outcome = await timed(lsp.connection.sendRequest(method, params), Math.max(largeResponseMs, responseMs) + 1000);
    const limit = largeEdited ? largeResponseMs : responseMs;
    if (largeEdited) slowestLargeMs = Math.max(slowestLargeMs, outcome.ms);
    else slowestMs = Math.max(slowestMs, outcome.ms);
    if (outcome.ms > responseMs / 2) log(`step ${step}: ${method} on ${d.text.length} characters took ${Math.round(outcome.ms)} ms (largest open: ${Math.max(...documents.map((x) => x.text.length))})`);
    largeEdited = false;
    if (outcome.error || outcome.ms > limit) {
      const problem = outcome.error ? `${method} failed: ${outcome.error}` : `${method} answered after ${Math.round(outcome.ms)} ms (limit ${limit})`;
      log(`step ${step}: ${problem}`);
      failures.push({ seed: opts.seed, step, problem, input: d.text });
      if (failures.length >= 5) break;
    }
    if (step % 100 === 99) log(`${step + 1} edits, ${requests} requests, slowest ${Math.round(slowestMs)} ms`);
  }

  const rssAfter = crashed ? 0 : await closeAll();
  log(`RSS ${rssAfter} MB with every document closed at the end`);
  // Garbage is collected when V8 decides: a margin over the first measurement, not growth with every edit.
  const bound = rssSteady * 1.25 + 100;
  if (!crashed && rssSteady > 0 && rssAfter > bound) failures.push({ seed: opts.seed, step: opts.edits, problem: `memory with every document closed grew from ${rssSteady} MB (half-way) to ${rssAfter} MB, over the bound ${Math.round(bound)} MB` });
  stopping = true;
  await lsp.stop();

  for (const f of failures) {
    if (f.input !== undefined && (f.problem.includes('failed') || f.problem.includes('outside'))) {
      f.minimised = await minimise(f.input ?? '', (candidate) => failsAlone(candidate, f.problem, opts.node), 40);
    }
  }
  return { failures, edits: opts.edits, requests, slowestMs, slowestLargeMs, rssSteadyMb: rssSteady, rssAfterMb: rssAfter, publishes };
}

/** A request of a random kind at a random place, parameters sometimes out of range. */
function randomRequest(rnd: Random, uri: string, text: string): { method: string; params: unknown } {
  const lines = text.split(/\r\n|\r|\n/);
  const position = () => {
    const line = rnd.chance(0.05) ? lines.length + rnd.int(10) : rnd.int(lines.length);
    return { line, character: rnd.chance(0.05) ? 10_000 : rnd.int((lines[line]?.length ?? 0) + 2) };
  };
  const textDocument = { uri };
  switch (rnd.int(4)) {
    case 0:
      return { method: 'textDocument/hover', params: { textDocument, position: position() } };
    case 1:
      return { method: 'textDocument/completion', params: { textDocument, position: position() } };
    case 2: {
      const start = position();
      const end = rnd.chance(0.5) ? start : position();
      const [a, b] = start.line < end.line || (start.line === end.line && start.character <= end.character) ? [start, end] : [end, start];
      return { method: 'textDocument/codeAction', params: { textDocument, range: { start: a, end: b }, context: { diagnostics: [] } } };
    }
    default:
      return { method: 'textDocument/documentSymbol', params: { textDocument } };
  }
}

interface SentText {
  text: string;
  /** Line lengths, computed once when a diagnostic is checked against this text. */
  lines?: number[];
}

function lineLengths(t: SentText): number[] {
  t.lines ??= t.text.split(/\r\n|\r|\n/).map((l) => l.length);
  return t.lines;
}

/** True when the range lies within the text (lines end at `\n`, `\r\n` or `\r`, as LSP counts them). */
export function inside(text: string, range: Range): boolean {
  return insideLines(lineLengths({ text }), range);
}

function insideLines(lines: number[], range: Range): boolean {
  const ok = (p: { line: number; character: number }) => p.line >= 0 && p.character >= 0 && p.line < lines.length && p.character <= lines[p.line];
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}

async function timed<T>(promise: Promise<T>, timeoutMs: number): Promise<{ ms: number; value?: T; error?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const value = await Promise.race([promise, timeout]);
    return { ms: performance.now() - started, value };
  } catch (err) {
    return { ms: performance.now() - started, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** Does a fresh server fail the same way on this text alone (for the minimiser)? */
async function failsAlone(text: string, problem: string, node?: string): Promise<boolean> {
  const workspace = mkdtempSync(join(tmpdir(), 'gm-fuzz-min-'));
  let lsp: LspSession | undefined;
  try {
    lsp = await startLanguageServer({ workspace, node, settings: { validate: { debounceMs: 0 } } });
    const uri = fileUri(join(workspace, 'min.yaml'));
    let bad = false;
    const lengths = lineLengths({ text });
    lsp.connection.onNotification('textDocument/publishDiagnostics', (p: { diagnostics: Diagnostic[] }) => {
      if (p.diagnostics.some((d) => !insideLines(lengths, d.range))) bad = true;
    });
    lsp.open(uri, text);
    const lines = text.split(/\r\n|\r|\n/);
    for (let line = 0; line < Math.min(lines.length, 50) && !bad; line++) {
      for (const method of ['textDocument/hover', 'textDocument/completion']) {
        const r = await timed(lsp.connection.sendRequest(method, { textDocument: { uri }, position: { line, character: Math.min(2, lines[line].length) } }), 3000);
        if (r.error) bad = true;
      }
    }
    const symbols = await timed(lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), 3000);
    if (symbols.error || lsp.process.exitCode !== null) bad = true;
    return bad && (problem.includes('outside') || problem.includes('failed') || problem.includes('exited'));
  } catch {
    return true;
  } finally {
    await lsp?.stop();
  }
}

export function describeFailure(f: FuzzFailure): string {
  const lines = [`seed ${f.seed}, step ${f.step}: ${f.problem}`];
  if (f.minimised !== undefined) lines.push(`  minimised input: ${showInput(f.minimised)}`);
  else if (f.input !== undefined) lines.push(`  input: ${showInput(f.input)}`);
  lines.push(`  replay: npm run fuzz -- --seed ${f.seed}`);
  return lines.join('\n');
}

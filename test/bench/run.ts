// `npm run bench`: server CPU per edit and edit-to-diagnostics latency over LSP stdio for our server and
// yaml-language-server 1.x (same Kubernetes schema, same files, same run), plus the CLI over the shared corpus.
// Prints a Markdown table and writes it to .cache/bench/latest.md.
// GITOPS_BENCH_DIST=<dir> benchmarks another build's server.js/cli.js (its schemas/k8s is found above it).
// GITOPS_BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each of our server runs there (node --cpu-prof).
import { SERVER_EXEC_ARGV } from '../../client/src/serverRuntime';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { findSchemasDir } from '../../server/src/schema/bundledSchemas';
import { cacheDir, repoRoot } from '../infra/paths';
import { peersNodeDir } from '../infra/peers';
import { runCliBench } from './cliBench';
import { runIndexBench } from './indexBench';
import { renderPrBench, runPrBench, type PrBenchResult } from './prBench';
import { DRIFT_TARGETS, renderDriftSection, runDriftBenchProcess, type DriftBenchResult } from './driftBench';
import { generateManifests } from './generate';
import { runLspBench, type LspBenchOptions, type LspBenchResult } from './lspBench';
import type { ServerLaunch } from './lspDriver';
import { renderRequestedContent, renderTable, type CliRow, type IndexRow, type LspRow, type Target } from './report';
import { buildYannhSchemaSet, serveYannhUrl, type YannhSchemaSet } from './yamlLsSchemas';

const execFileAsync = promisify(execFile);

const distDir = resolve(process.env.GITOPS_BENCH_DIST ?? join(repoRoot, 'dist'));
const benchDir = join(cacheDir, 'bench');
const corpusDir = resolve(repoRoot, '..', 'shared', 'corpus');
const yamlLsDir = join(peersNodeDir, 'node_modules', 'yaml-language-server');

const SIZES = [
  { file: '2,000 lines', documents: 100, name: 'manifests-2k.yaml' },
  { file: '20,000 lines', documents: 1000, name: 'manifests-20k.yaml' },
] as const;

const TIMEOUTS = { openTimeoutMs: 60_000, editTimeoutMs: 30_000 };
// The first edits after opening a large file still pay for compiling hot code and collecting the open's garbage;
// the table's CPU per edit is typing once that has settled, and its notes give the warm-up edits' cost.
const WARMUP_EDITS = 30;
// Ours is cheap per edit, so more edits cost little and smooth out the 10 ms tick of /proc CPU times;
// yaml-language-server takes ~0.3–1 s per edit, so it gets fewer, within a time budget.
const OUR_EDITS = { edits: 100, editBudgetMs: 30_000 };
const YAML_LS_EDITS = { edits: 30, editBudgetMs: 40_000 };

const cpu = (limit: number): Target => ({ label: 'CPU/edit', limit, unit: 'ms', actual: (r) => r.cpuPerEditMs });
const rss: Target = { label: 'RSS', limit: 150, unit: 'MB', actual: (r) => r.peakRssMb };
const open: Target = { label: 'open', limit: 1000, unit: 'ms', actual: (r) => r.openMs };
const OUR_TARGETS: Target[][] = [
  [cpu(5), rss],
  [cpu(20), open, rss],
];

function profileArgs(): string[] {
  const dir = process.env.GITOPS_BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', resolve(dir)] : [];
}

/** Ours with schema validation only, or with every best-practice rule on as well (the default). */
function ourServer(rules: boolean): ServerLaunch {
  return {
    label: 'gitops-manifests',
    command: process.execPath,
    // Started as the extension starts it (same V8 flags).
    args: [...SERVER_EXEC_ARGV, ...profileArgs(), join(distDir, 'server.js'), '--stdio'],
    // No debounce: the latency then measures the work, not the wait.
    configuration: (section) => (section === 'gitops' ? { validate: { debounceMs: 0 }, rules: { enable: rules } } : null),
    versionedDiagnostics: true,
  };
}

function yamlLanguageServer(schemas: YannhSchemaSet): ServerLaunch {
  const yamlSettings = {
    validate: true,
    // The absolute directory: its glob (picomatch) would not let `**/*.yaml` cross the dot directory `.cache`.
    schemas: { kubernetes: [`${benchDir}/*.yaml`] },
    kubernetesVersion: schemas.version,
    // Per-document kind detection against all.json, as with yannh's real files; nothing else may go online.
    kubernetesCRDStore: { enable: true },
    schemaStore: { enable: false },
    format: { enable: false },
  };
  return {
    label: 'yaml-language-server',
    command: process.execPath,
    args: [join(yamlLsDir, 'bin', 'yaml-language-server'), '--stdio'],
    configuration: (section) => (section === 'yaml' ? yamlSettings : {}),
    content: (uri) => serveYannhUrl(schemas, uri),
    afterInitialized: [{ method: 'yaml/registerContentRequest', params: null }],
    versionedDiagnostics: false,
    // It applies pulled settings asynchronously; opening before that would validate without a schema.
    settleMs: 300,
  };
}

/** yaml-language-server 1.x in the peers prefix (what `npm run peers` installs), installed if missing. */
async function ensureYamlLanguageServer(): Promise<string> {
  const manifest = join(yamlLsDir, 'package.json');
  if (!existsSync(manifest)) {
    mkdirSync(peersNodeDir, { recursive: true });
    await execFileAsync('npm', ['install', '--prefix', peersNodeDir, '--no-audit', '--no-fund', 'yaml-language-server@1'], {
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  if (!version.startsWith('1.')) throw new Error(`found yaml-language-server ${version}, expected 1.x`);
  return version;
}

/** The first line of an error; for a failed npm, its first error line that is not the pointer to its log. */
function reason(err: unknown): string {
  const stderr = (err as { stderr?: string }).stderr ?? '';
  const npmError = stderr.split('\n').find((l) => l.startsWith('npm error') && !l.includes('complete log'));
  if (npmError) return npmError;
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

async function main(): Promise<void> {
  for (const f of ['server.js', 'cli.js']) {
    if (!existsSync(join(distDir, f))) throw new Error(`${join(distDir, f)} is missing: run npm run build`);
  }
  let schemasDir: string;
  try {
    schemasDir = findSchemasDir(distDir);
  } catch {
    throw new Error('The bundled Kubernetes schemas (schemas/k8s/versions.json) are not generated yet: run npm run schemas');
  }
  mkdirSync(benchDir, { recursive: true });
  const files = SIZES.map((s) => {
    const manifests = generateManifests(s.documents);
    const path = join(benchDir, s.name);
    writeFileSync(path, manifests.text);
    return { ...s, manifests, uri: pathToFileURL(path).href };
  });
  const options = (f: (typeof files)[number], edits: { edits: number; editBudgetMs: number }): LspBenchOptions => ({
    ...TIMEOUTS,
    ...edits,
    warmupEdits: WARMUP_EDITS,
    uri: f.uri,
    manifests: f.manifests,
  });
  const started = performance.now();
  // Other work on the machine skews every number here; the load average says how much there was.
  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
  let failed = false;
  const attempt = async (label: string, run: () => Promise<LspBenchResult>): Promise<LspBenchResult | string> => {
    process.stderr.write(`bench: ${label}…\n`);
    try {
      const result = await run();
      // Without these the server did not apply the schema, and its numbers would compare nothing.
      if (result.expectedErrorsFound < result.expectedErrors) {
        process.stderr.write(`bench: ${label}: only ${result.expectedErrorsFound} of ${result.expectedErrors} deliberate errors were flagged\n`);
        failed = true;
      }
      return result;
    } catch (err) {
      process.stderr.write(`bench: ${label} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      failed = true;
      return `failed: ${reason(err)}`;
    }
  };

  const lspRows: LspRow[] = [];
  for (const rules of [false, true]) {
    const run = rules ? 'gitops-manifests, schema + all rules' : 'gitops-manifests, schema';
    for (const [i, f] of files.entries()) {
      const outcome = await attempt(`${run}, ${f.file}`, () => runLspBench(ourServer(rules), options(f, OUR_EDITS)));
      lspRows.push({ run, file: `${f.file} (${f.manifests.lines} lines, ${f.documents} docs)`, outcome, targets: OUR_TARGETS[i] });
    }
  }

  let yamlLsLabel = 'yaml-language-server';
  let schemaNote = '';
  let yamlLsSetup: YannhSchemaSet | string;
  try {
    yamlLsLabel = `yaml-language-server ${await ensureYamlLanguageServer()}`;
    const t = performance.now();
    yamlLsSetup = buildYannhSchemaSet(schemasDir);
    schemaNote = `all.json: ${yamlLsSetup.kinds} kinds; _definitions.json: ${yamlLsSetup.definitions} schemas, ${(yamlLsSetup.definitionsJson.length / 1024 / 1024).toFixed(1)} MB (built in ${(performance.now() - t).toFixed(0)} ms); yaml.kubernetesVersion ${yamlLsSetup.version}`;
  } catch (err) {
    yamlLsSetup = `not available: ${reason(err)}`;
  }
  const yamlLsRequests: LspBenchResult['requestedContent'] = [];
  let yamlLsRuns = 0;
  for (const f of files) {
    const setup = yamlLsSetup;
    const outcome = typeof setup === 'string' ? setup : await attempt(`${yamlLsLabel}, ${f.file}`, () => runLspBench(yamlLanguageServer(setup), options(f, YAML_LS_EDITS)));
    if (typeof outcome !== 'string') {
      yamlLsRuns++;
      yamlLsRequests.push(...outcome.requestedContent);
    }
    lspRows.push({ run: yamlLsLabel, file: `${f.file} (${f.manifests.lines} lines, ${f.documents} docs)`, outcome, targets: [] });
  }

  process.stderr.write('bench: CLI over the corpus…\n');
  const cliRow: CliRow = { run: 'gitops-manifests CLI (`lint --format json`)', outcome: '' };
  try {
    cliRow.outcome = await runCliBench(join(distDir, 'cli.js'), corpusDir, 120_000);
  } catch (err) {
    failed = true;
    cliRow.outcome = `failed: ${reason(err)}`;
  }

  process.stderr.write('bench: workspace indexing…\n');
  const indexRow: IndexRow = { run: 'gitops-manifests, workspace index (all rules)', outcome: '', limitMs: 10_000 };
  try {
    indexRow.outcome = await runIndexBench(ourServer(true), join(benchDir, 'workspace-5000'), 5000, 60_000);
    if (indexRow.outcome.indexMs > indexRow.limitMs) failed = true;
  } catch (err) {
    failed = true;
    indexRow.outcome = `failed: ${reason(err)}`;
  }

  process.stderr.write('bench: live drift against the test apiserver, beside kubectl diff --server-side…\n');
  let drift: DriftBenchResult | string;
  try {
    drift = await runDriftBenchProcess();
  } catch (err) {
    failed = true;
    drift = `failed: ${reason(err)}`;
  }

  process.stderr.write('bench: pull request on a loopback Gitea…\n');
  let prResult: PrBenchResult | string;
  try {
    prResult = await runPrBench();
    if (prResult.flowMedianMs > prResult.limitMs) failed = true;
  } catch (err) {
    failed = true;
    prResult = `failed: ${reason(err)}`;
  }

  const report = [
    `## Benchmark (${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPUs, load average at start ${loadAtStart})`,
    '',
    renderTable(lspRows, [cliRow], [indexRow]),
    '',
    renderPrBench(prResult),
    '',
    'Targets (ours): CPU per edit ≤ 5 ms at 2,000 lines and ≤ 20 ms at 20,000 lines; open → first diagnostics ≤ 1 s at 20,000 lines; peak RSS ≤ 150 MB; a 5,000-file workspace indexed ≤ 10 s.',
    '',
    `Method: a fresh server process per file; didOpen of the whole file, ${WARMUP_EDITS} warm-up edits, then ${OUR_EDITS.edits} measured edits (yaml-language-server: ${YAML_LS_EDITS.edits}, at most ${YAML_LS_EDITS.editBudgetMs / 1000} s),`,
    'each a ranged didChange setting one `replicas:` to a value not used before, timed until that version\'s publishDiagnostics.',
    'CPU per edit = server utime+stime (/proc/<pid>/stat, all threads) over the measured edits / edits; wall times suffer more than CPU',
    'times from other load on the machine (see the load average). Ours runs with `validate.debounceMs: 0`;',
    'yaml-language-server has a fixed 200 ms validation delay (`validationDelayMs`, not configurable), included in its latencies but not in its CPU.',
    'Workspace index: 5,000 one-document files in 50 folders given as the workspace folder; `initialized` → end of the server\'s work-done progress,',
    'then an autoscaler file added on disk (`didChangeWatchedFiles`) → the open Deployment\'s diagnostics without its REL005 finding.',
    '',
    `yaml-language-server's schema: our bundled schemas converted to the yannh standalone-strict layout (${schemaNote || 'n/a'}).`,
    `Over its ${yamlLsRuns} runs it requested (\`vscode/content\`):`,
    renderRequestedContent(yamlLsRequests),
    '',
    '### Live drift',
    '',
    renderDriftSection(drift),
    '',
    `Targets (drift): first complete result ≤ ${DRIFT_TARGETS.firstCompleteMs} ms and ≥ ${DRIFT_TARGETS.kubectlFactor}× faster than \`kubectl diff --server-side\` on the same files; a live change by another field manager → result ≤ ${DRIFT_TARGETS.liveChangeMs} ms; a buffer edit → result ≤ ${DRIFT_TARGETS.bufferEditMs} ms; memory ≤ ${DRIFT_TARGETS.memoryMb} MB above lint-only.`,
    'Method: 200 objects (Deployments, Services, ConfigMaps, ServiceAccounts in 2 namespaces) in 10 files, server-side applied as `kustomize-controller` to the test kube-apiserver (test/infra), then 7 of them changed live by a person (`kubectl-edit`: two ConfigMap values, one image, two labels, an annotation, a ConfigMap key);',
    'a DriftSession (debounce 0) gets the 10 files once it is connected; first complete = every object has its result (193 in sync, 7 drifted); objects whose apply provably changes nothing (the applier owns exactly the declared fields, live holds the declared values: `drift/noOpApply`) need no dry run and are exact at once, the others get a quick approximate answer first; in brackets every result exact. Live change: a `kubectl-edit` merge patch of one ConfigMap until its file shows the field;',
    'buffer edit: one image changed in one file until its result shows it. Memory: the session process\'s heap after a full GC (and RSS) with every result held and watched, minus before loading the session as bundled for the language server (drift code and client-node included).',
    'kubectl (built from k8s.io/kubectl by test/infra/kubectl/build.sh) runs `diff --server-side --force-conflicts -f <folder>` three times (without `--force-conflicts` it fails on the fields people took over); the median is shown.',
    '',
    `Total bench time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  ].join('\n');
  console.log(report);
  writeFileSync(join(benchDir, 'latest.md'), `${report}\n`);
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

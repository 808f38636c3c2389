// Fuzzes `gitops-manifests lint` with malformed manifests, configurations and arguments, and special files.
// Most runs are in-process through runLint with one schema store (fast), a share through the bundled dist/cli.js
// (exit status and stderr as CI sees them). It fails on an exit status other than 0, 1 or 2 as documented, a
// stack trace, or a run over 2 s.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { SchemaStore } from '../../server/src/schema/schemaStore';
import { ConfigError, parseRulesConfig } from '../../server/src/rules/config';
import { runLint } from '../../server/src/cli/lint';
import { InputError, readRegularFile } from '../../server/src/cli/files';
import { repoRoot } from '../infra/paths';
import { Random, loadCorpus, minimise, mutate, showInput } from './inputs';
import type { FuzzFailure } from './languageServerFuzz';

export interface CliFuzzOptions {
  seed: number;
  /** Inputs linted in-process. */
  runs: number;
  /** Of which also this many through dist/cli.js (plus the special files). */
  spawned: number;
  node?: string;
  limitMs?: number;
  wide?: boolean;
  log?: (line: string) => void;
}

export interface CliFuzzResult {
  failures: FuzzFailure[];
  runs: number;
  spawned: number;
  slowestMs: number;
  exitCodes: Record<string, number>;
}

const CONFIGS = [
  'profile: restricted\n',
  'rules:\n  SEC001: off\n  RES001: error\n',
  'exclude: ["generated/**"]\nkubernetesVersion: "1.35"\n',
  'rules:\n  allowedRegistries: [ghcr.io]\n  optional: [IMG002]\npodTemplatePaths:\n  - kind: Rollout\n    path: spec.template\n',
  'labels:\n  required: [team]\ningress:\n  approvedDomains: [example.com]\n',
];

const STACK = /^\s+at .+:\d+:\d+\)?$|internal error:/m;

export async function fuzzCli(opts: CliFuzzOptions): Promise<CliFuzzResult> {
  const rnd = new Random(opts.seed);
  const corpus = loadCorpus(opts.wide).filter((t) => t.length < 200_000);
  const limitMs = opts.limitMs ?? 2000;
  const log = opts.log ?? (() => undefined);
  const store = new SchemaStore();
  const failures: FuzzFailure[] = [];
  const exitCodes: Record<string, number> = {};
  let slowestMs = 0;
  let spawned = 0;
  const root = mkdtempSync(join(tmpdir(), 'gm-fuzz-cli-'));
  const count = (code: number | string) => (exitCodes[code] = (exitCodes[code] ?? 0) + 1);

  // Warm the schemas: the first run of a kind compiles its validator, a cost paid once per process.
  runLint({ paths: [join(repoRoot, 'test', 'fixtures')], format: 'text', cwd: root, toolVersion: 'fuzz' }, new Engine(store));

  for (let run = 0; run < opts.runs && failures.length < 5; run++) {
    const dir = join(root, `r${run}`);
    mkdirSync(dir);
    let text = rnd.pick(corpus);
    for (let i = 1 + rnd.int(4); i > 0; i--) text = mutate(rnd, text, corpus);
    if (text.length > 1024 * 1024) text = text.slice(0, 1024 * 1024);
    const file = join(dir, rnd.pick(['a.yaml', 'b.yml', 'templates/c.yaml', 'kustomization.yaml', 'patch.yaml']));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    let config: string | undefined;
    if (rnd.chance(0.3)) {
      config = rnd.pick(CONFIGS);
      for (let i = rnd.int(3); i > 0; i--) config = mutate(rnd, config, CONFIGS);
      writeFileSync(join(dir, rnd.chance(0.5) ? '.gitops-manifests.yaml' : 'ci-config.yaml'), config);
    }
    const format = rnd.pick(['text', 'json', 'sarif'] as const);
    const explicitConfig = config !== undefined && rnd.chance(0.5) ? join(dir, 'ci-config.yaml') : undefined;
    const kubernetesVersion = rnd.chance(0.1) ? rnd.pick(['9.99', '1.0', '1.35', 'v1.36.2']) : undefined;

    const outcome = lintInProcess(store, dir, format, explicitConfig, kubernetesVersion);
    slowestMs = Math.max(slowestMs, outcome.ms);
    count(outcome.code);
    const problem = outcome.error ?? (outcome.ms > limitMs ? `took ${Math.round(outcome.ms)} ms` : undefined);
    if (problem) {
      log(`run ${run}: ${problem}`);
      const failing = (candidate: string) => {
        writeFileSync(file, candidate);
        const again = lintInProcess(store, dir, format, explicitConfig, kubernetesVersion);
        return Promise.resolve(again.error !== undefined || again.ms > limitMs);
      };
      failures.push({ seed: opts.seed, step: run, problem: `in-process lint: ${problem}`, input: text, minimised: await minimise(text, failing, 60) });
      continue;
    }
    if (spawned < opts.spawned && run % Math.max(1, Math.floor(opts.runs / opts.spawned)) === 0) {
      spawned++;
      const args = ['lint', '--format', format, ...(explicitConfig ? ['--config', explicitConfig] : []), ...(kubernetesVersion ? ['--kubernetes-version', kubernetesVersion] : []), dir];
      const f = spawnedRun(opts.node, root, args, limitMs + 1500);
      count(`cli ${f.code}`);
      if (f.problem) failures.push({ seed: opts.seed, step: run, problem: `dist/cli.js ${args.join(' ')}: ${f.problem}`, input: text });
    }
  }

  for (const [name, args] of specialCases(root)) {
    spawned++;
    const f = spawnedRun(opts.node, root, args, limitMs + 1500);
    count(`cli ${f.code}`);
    if (f.problem) failures.push({ seed: opts.seed, step: -1, problem: `${name}: ${f.problem}` });
    else if (f.code !== 2 && name !== 'walked folder of special files') failures.push({ seed: opts.seed, step: -1, problem: `${name}: exit ${f.code}, not 2` });
  }
  return { failures, runs: opts.runs, spawned, slowestMs, exitCodes };
}

/** What `lint` would exit with, run in-process; `error` when the CLI would print a stack trace or crash. */
function lintInProcess(store: SchemaStore, dir: string, format: 'text' | 'json' | 'sarif', configPath: string | undefined, kubernetesVersion: string | undefined): { code: number; ms: number; error?: string } {
  const started = performance.now();
  const ms = () => performance.now() - started;
  try {
    const config = configPath ? parseRulesConfig(readRegularFile(configPath), configPath) : undefined;
    const outcome = runLint({ paths: [dir], format, cwd: dir, toolVersion: 'fuzz', config, kubernetesVersion: kubernetesVersion ?? config?.kubernetesVersion }, new Engine(store));
    if (format !== 'text') JSON.parse(outcome.output);
    const internal = outcome.internalErrors.find((e) => STACK.test(e));
    if (internal) return { code: 2, ms: ms(), error: internal.split('\n').slice(0, 3).join(' | ') };
    return { code: outcome.internalErrors.length ? 2 : outcome.findings.some((f) => f.severity === 'error') ? 1 : 0, ms: ms() };
  } catch (err) {
    // The two errors main() reports in one line with exit 2; anything else would be an internal error.
    if (err instanceof ConfigError || err instanceof InputError) return { code: 2, ms: ms() };
    return { code: 2, ms: ms(), error: `threw ${(err as Error).stack?.split('\n').slice(0, 4).join(' | ') ?? err}` };
  }
}

function spawnedRun(node: string | undefined, cwd: string, args: string[], timeoutMs: number): { code: number | null; problem?: string } {
  const started = Date.now();
  const r = spawnSync(node ?? process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  const ms = Date.now() - started;
  if (r.status === null) return { code: null, problem: `no exit within ${timeoutMs} ms (${r.signal ?? r.error?.message})` };
  if (![0, 1, 2].includes(r.status)) return { code: r.status, problem: `exit ${r.status}` };
  if (STACK.test(r.stderr)) return { code: r.status, problem: `stack trace on stderr: ${r.stderr.slice(0, 400)}` };
  // Node's start-up is part of a spawned run: the limit is the in-process one plus that.
  if (ms > timeoutMs) return { code: r.status, problem: `took ${ms} ms` };
  return { code: r.status };
}

/** FIFOs, devices, links and folders where files are expected: each must end, with exit 2, in one line. */
function specialCases(root: string): [string, string[]][] {
  const dir = join(root, 'special');
  mkdirSync(dir);
  writeFileSync(join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
  spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
  symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
  mkdirSync(join(dir, 'folder.yaml'));
  const ok = join(dir, 'ok.yaml');
  return [
    ['FIFO as input', ['lint', join(dir, 'pipe.yaml')]],
    ['/dev/zero as input', ['lint', '/dev/zero']],
    ['symlink loop as input', ['lint', join(dir, 'loop.yaml')]],
    ['missing input', ['lint', join(dir, 'missing.yaml')]],
    ['FIFO as --config', ['lint', '--config', join(dir, 'pipe.yaml'), ok]],
    ['/dev/zero as --config', ['lint', '--config', '/dev/zero', ok]],
    ['folder as --config', ['lint', '--config', join(dir, 'folder.yaml'), ok]],
    ['symlink loop as --config', ['lint', '--config', join(dir, 'loop.yaml'), ok]],
    ['unknown format', ['lint', '--format', 'xml', ok]],
    ['bad Kubernetes version', ['lint', '--kubernetes-version', 'latest', ok]],
    ['unknown option', ['lint', '--frobnicate', ok]],
    ['no path', ['lint']],
    ['unknown command', ['lnit', ok]],
    ['walked folder of special files', ['lint', dir]],
  ];
}

export function describeCliFailure(f: FuzzFailure): string {
  const lines = [`seed ${f.seed}, run ${f.step}: ${f.problem}`];
  if (f.minimised !== undefined) lines.push(`  minimised input: ${showInput(f.minimised)}`);
  else if (f.input !== undefined) lines.push(`  input: ${showInput(f.input)}`);
  lines.push(`  replay: npm run fuzz -- --cli --seed ${f.seed}`);
  return lines.join('\n');
}

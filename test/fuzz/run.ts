// `npm run fuzz`: the long fuzzing run on demand (10,000 language-server edits, 1,000 CLI inputs, a random seed
// unless one is given). `npm run fuzz -- --seed 42` replays a run; `--lsp` or `--cli` runs one of the two;
// `--edits N` / `--runs N` change the counts. Exit status 1 when anything failed; every failure prints its seed.
import { parseArgs } from 'node:util';
import { fuzzLanguageServer, describeFailure } from './languageServerFuzz';
import { fuzzCli, describeCliFailure } from './cliFuzz';
import { testNode } from './testNode';

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      edits: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '1000' },
      lsp: { type: 'boolean', default: false },
      cli: { type: 'boolean', default: false },
    },
  });
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
  const both = !values.lsp && !values.cli;
  const node = await testNode();
  const log = (line: string) => console.log(`  ${line}`);
  let failed = false;
  console.log(`fuzzing with seed ${seed}`);
  if (both || values.lsp) {
    const r = await fuzzLanguageServer({ seed, edits: Number(values.edits), node, wide: true, log });
    console.log(`language server: ${r.edits} edits, ${r.requests} requests, slowest ${Math.round(r.slowestMs)} ms (while documents over 1 MB were edited: ${Math.round(r.slowestLargeMs)} ms), ${r.publishes} diagnostics published, RSS ${r.rssSteadyMb} MB steady, ${r.rssAfterMb} MB after`);
    for (const f of r.failures) console.log(describeFailure(f));
    failed ||= r.failures.length > 0;
  }
  if (both || values.cli) {
    const runs = Number(values.runs);
    const r = await fuzzCli({ seed, runs, spawned: Math.ceil(runs / 10), node, wide: true, log });
    console.log(`CLI: ${r.runs} inputs in-process, ${r.spawned} runs of dist/cli.js, slowest ${Math.round(r.slowestMs)} ms, exit statuses ${JSON.stringify(r.exitCodes)}`);
    for (const f of r.failures) console.log(describeCliFailure(f));
    failed ||= r.failures.length > 0;
  }
  console.log(failed ? `FAILED (seed ${seed})` : `no failures (seed ${seed})`);
  return failed ? 1 : 0;
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);

// The bounded fuzzing run of `npm test`: a fixed seed, so a failure here replays with `npm run fuzz -- --seed`.
// The long run (10,000 edits, 1,000 CLI inputs, a new seed each time) is `npm run fuzz`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzLanguageServer, describeFailure } from './languageServerFuzz';
import { fuzzCli, describeCliFailure } from './cliFuzz';

const SEED = 20261204;

test(`language server over stdio: 1,000 random edits across 20 documents with requests between them (seed ${SEED})`, { timeout: 180_000 }, async () => {
  const r = await fuzzLanguageServer({ seed: SEED, edits: 1000 });
  assert.deepEqual(r.failures.map(describeFailure), []);
  assert.ok(r.requests > 200 && r.publishes > 200, JSON.stringify(r));
});

test(`CLI: 300 malformed manifests and configurations, 15 of them through dist/cli.js, and the special files (seed ${SEED})`, { timeout: 180_000 }, async () => {
  const r = await fuzzCli({ seed: SEED, runs: 300, spawned: 15 });
  assert.deepEqual(r.failures.map(describeCliFailure), []);
  // Each documented outcome occurs: clean, error findings, and usage or configuration errors.
  for (const code of ['0', '1', '2']) assert.ok((r.exitCodes[code] ?? 0) > 0, JSON.stringify(r.exitCodes));
});

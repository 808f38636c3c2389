#!/usr/bin/env node
// Runs every test suite with Node's own test runner (TypeScript through tsx).
// Usage: node test/run.mjs [unit|lsp|cli|integration|e2e ...]  (default: all suites)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const allSuites = ['unit', 'lsp', 'cli', 'fuzz', 'integration', 'e2e'];
const suites = process.argv.slice(2).length ? process.argv.slice(2) : allSuites;

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' ? [] : walk(p);
    return name.endsWith('.test.ts') ? [p] : [];
  });
}

const files = suites.flatMap((s) => walk(join(root, 'test', s))).map((f) => relative(root, f)).sort();
if (files.length === 0) {
  console.error(`no test files found for: ${suites.join(', ')}`);
  process.exit(1);
}
// @kubernetes/client-node 2.x (through undici 8) needs Node >= 22.19, as does the VS Code tooling; on an older
// machine Node the suites run on the Node 24 that the VS Code tests install from npm into the project cache.
const runtime = nodeForTests();
const result = spawnSync(
  runtime,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);

function nodeForTests() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 19)) return process.execPath;
  const ensure = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', "const t = require('./test/e2e/tools'); t.ensureNode24().then(() => console.log(t.node24Binary))"],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const binary = ensure.stdout.trim().split('\n').pop();
  if (ensure.status !== 0 || !binary || !existsSync(binary)) {
    console.error('Could not install Node 24 from npm for the tests (see above).');
    process.exit(2);
  }
  console.log(`Running the tests on Node ${spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim()} (${binary})`);
  return binary;
}

#!/usr/bin/env node
// Runs every test suite with Node's own test runner (TypeScript through tsx).
// Usage: node test/run.mjs [unit|lsp|cli|integration|e2e ...]  (default: all suites)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const allSuites = ['unit', 'lsp', 'cli', 'integration', 'e2e'];
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
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);

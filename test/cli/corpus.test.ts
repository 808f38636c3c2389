// Every file of the shared real-world corpus goes through the CLI without an internal error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../infra/paths';

const CORPUS = join(repoRoot, '..', 'shared', 'corpus');

test('the corpus lints with zero internal errors', { skip: !existsSync(CORPUS) && 'shared corpus not present' }, () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'lint', '--format', 'json', CORPUS], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(r.stderr, '', 'no internal errors on stderr');
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}`);
  const { findings } = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; message: string }[] };
  // The corpus is real, deployed configuration: what we report must be real problems, not noise.
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  assert.ok((byRule.get('API001') ?? 0) >= 10, 'the removed APIs the corpus is known to use are found');
  // The schema stage (yaml, schema, API001) must stay quiet on deployed configuration; best-practice rules
  // legitimately report much more (missing probes, limits, security contexts) and are judged by their own tests.
  const core = findings.filter((f) => ['yaml', 'schema', 'API001'].includes(f.ruleId));
  assert.ok(core.length < 400, `${core.length} schema findings is noise for a deployed corpus`);
  const crashed = findings.filter((f) => /^Rule \S+ failed on this object/.test(f.message));
  assert.deepEqual(crashed, [], 'no rule throws on real-world manifests');
});

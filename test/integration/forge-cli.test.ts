// `npm run forge` (test/infra/forge-cli.ts): one READY line whose token and URLs work, a repository holding the
// sample GitOps repo, and Ctrl-C (SIGINT) stopping Gitea and removing its data.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { buildGitea } from '../infra/gitea';
import { repoRoot } from '../infra/paths';

const execFileAsync = promisify(execFile);

interface Ready {
  apiUrl: string;
  cloneUrl: string;
  token: string;
  owner: string;
  repo: string;
}

/** The work path of the Gitea the forge process started (its child's `--work-path`). */
function giteaWorkPath(pid: number): string | undefined {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  for (const child of children) {
    const args = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
    const at = args.indexOf('--work-path');
    if (args.some((a) => a.endsWith('/gitea')) && at >= 0) return args[at + 1];
  }
  return undefined;
}

test('npm run forge prints one READY line, serves the sample repository, and Ctrl-C removes its data', { timeout: 30 * 60_000 }, async () => {
  await buildGitea();
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'infra', 'forge-cli.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
      });
      void exited.then((code) => reject(new Error(`forge exited ${code} before READY: ${stderr}`)));
    });
    assert.match(line, /^READY \{/);
    const ready = JSON.parse(line.slice('READY '.length)) as Ready;
    assert.deepEqual(Object.keys(ready), ['apiUrl', 'cloneUrl', 'token', 'owner', 'repo']);
    assert.equal(ready.cloneUrl, `${ready.apiUrl}/${ready.owner}/${ready.repo}.git`);

    // The repository holds the sample GitOps repo, file for file.
    const clone = await mkdtemp(join(tmpdir(), 'forge-cli-test-'));
    try {
      const env = { PATH: process.env.PATH, HOME: clone, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
      await execFileAsync('git', ['clone', '--quiet', ready.cloneUrl, join(clone, 'repo')], { env });
      const fixture = join(repoRoot, 'test', 'fixtures', 'sample-gitops-repo');
      const files = (await execFileAsync('git', ['ls-files'], { cwd: join(clone, 'repo'), env })).stdout.trim().split('\n');
      assert.ok(files.includes('apps/web/deployment.yaml'), files.join(' '));
      for (const path of files) assert.equal(readFileSync(join(clone, 'repo', path), 'utf8'), readFileSync(join(fixture, path), 'utf8'), path);
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
    const repository = await fetch(`${ready.apiUrl}/api/v1/repos/${ready.owner}/${ready.repo}`, { headers: { Authorization: `token ${ready.token}` } });
    assert.equal(repository.status, 200, 'the token works');

    const workPath = giteaWorkPath(child.pid as number);
    assert.ok(workPath && existsSync(workPath), `Gitea's work path ${workPath}`);
    child.kill('SIGINT');
    assert.equal(await exited, 0, stderr);
    assert.equal(existsSync(workPath), false, 'the data is removed');
    assert.equal(stdout.trim().split('\n').length, 1, 'exactly one line on stdout');
    await assert.rejects(fetch(`${ready.apiUrl}/api/v1/version`), 'Gitea is stopped');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

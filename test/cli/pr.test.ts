// `gitops-manifests pr` as CI runs it (the bundled dist/cli.js) against a real Gitea: exit codes, the URL or JSON on
// stdout, messages on stderr, and the token in no output at all. Also `lint --format markdown`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startCluster } from '../infra/cluster';
import { kubeWriter } from '../infra/kubeWrites';
import { startGitea, type Gitea, type GiteaPullRequest, type GiteaRepo } from '../infra/gitea';
import { seedGiteaRepo } from '../infra/giteaSeed';
import { repoRoot } from '../infra/paths';
import { assertUntouched, cloneWithGit, snapshotRepo } from '../integration/pullRequestKit';

const CLI = join(repoRoot, 'dist', 'cli.js');
const fixture = join(repoRoot, 'test', 'fixtures', 'sample-gitops-repo');
const DEPLOYMENT = 'apps/web/deployment.yaml';

let gitea: Gitea;
let repo: GiteaRepo;
let scratch: string;
let clones = 0;
const outputs: string[] = [];

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pr-cli-test-'));
  gitea = await startGitea();
  repo = await seedGiteaRepo(gitea, 'manifests', fixture);
}, { timeout: 30 * 60_000 });

after(async () => {
  // Whatever a run printed, the token was not part of it.
  for (const output of outputs) assert.ok(!output.includes(gitea.token), 'no output contains the token');
  await gitea?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: scratch, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

async function changedClone(replicas: number): Promise<string> {
  const dir = join(scratch, `clone-${++clones}`);
  await cloneWithGit(repo.cloneUrl, dir, scratch);
  const path = join(dir, DEPLOYMENT);
  await writeFile(path, (await readFile(path, 'utf8')).replace(/replicas: \d+/, `replicas: ${replicas}`));
  return dir;
}

const token = () => ({ GITEA_TOKEN: gitea.token });

test('pr prints the URL of the pull request it opened; exit 0; the clone untouched', async () => {
  const dir = await changedClone(4);
  const snapshot = await snapshotRepo(dir);
  const run = await cli(dir, ['pr', '--forge', 'gitea', '--branch', 'gitops/cli-text', DEPLOYMENT], token());
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`^${repo.htmlUrl.replace(/[.]/g, '\\.')}/pulls/\\d+\\n$`));
  const number = Number(/(\d+)\n$/.exec(run.stdout)?.[1]);
  const pr = await gitea.api<GiteaPullRequest>('GET', `/repos/${repo.fullName}/pulls/${number}`);
  assert.equal(pr.body.title, 'Scale web to 4 replicas');
  assert.equal(pr.body.head.ref, 'gitops/cli-text');
  assertUntouched(snapshot, await snapshotRepo(dir));
});

test('pr --format json prints url, number, branch and commit; --repo, --title, --draft and GITOPS_FORGE_TOKEN', async () => {
  const dir = await changedClone(5);
  const run = await cli(scratch, ['pr', '--repo', dir, '--forge', 'gitea', '--api-url', gitea.url, '--format', 'json', '--title', 'Five web replicas', '--draft', '--branch', 'gitops/cli-json', DEPLOYMENT], {
    GITOPS_FORGE_TOKEN: gitea.token,
  });
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(result), ['url', 'number', 'branch', 'commit']);
  assert.equal(result.branch, 'gitops/cli-json');
  assert.match(String(result.commit), /^[0-9a-f]{40}$/);
  const pr = await gitea.api<GiteaPullRequest & { head: { sha: string } }>('GET', `/repos/${repo.fullName}/pulls/${String(result.number)}`);
  assert.equal(pr.body.html_url, result.url);
  assert.equal(pr.body.title, 'WIP: Five web replicas');
  assert.equal(pr.body.head.sha, result.commit);
});

test('pr --kubeconfig: the description says what merging changes in the cluster', { timeout: 10 * 60_000 }, async () => {
  const cluster = await startCluster();
  try {
    const writer = kubeWriter(cluster.kubeconfig);
    await writer.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n', 'kustomize-controller');
    // Live as the last sync left it (2 replicas), in the namespace its kustomization gives it.
    await writer.apply(await readFile(join(fixture, DEPLOYMENT), 'utf8'), 'kustomize-controller', 'web');
    const dir = await changedClone(6);
    const run = await cli(dir, ['pr', '--forge', 'gitea', '--branch', 'gitops/cli-cluster', '--kubeconfig', cluster.kubeconfig, '--format', 'json', DEPLOYMENT], token());
    assert.equal(run.code, 0, run.stderr);
    const pr = await gitea.api<GiteaPullRequest>('GET', `/repos/${repo.fullName}/pulls/${String((JSON.parse(run.stdout) as { number: number }).number)}`);
    assert.match(pr.body.body, /## What merging changes in the cluster\n\n- Deployment web\/web: spec\.replicas 2 → 6\n/);
  } finally {
    await cluster.stop();
  }
});

test('pr --kubeconfig with a cluster that does not answer: the pull request opens without the cluster section, with a warning', async () => {
  const kubeconfig = join(scratch, 'unreachable-kubeconfig');
  await writeFile(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: gone',
    'clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1"}}]',
    'users: [{name: u, user: {token: t}}]',
    'contexts: [{name: gone, context: {cluster: gone, user: u}}]', '',
  ].join('\n'));
  const dir = await changedClone(7);
  const run = await cli(dir, ['pr', '--forge', 'gitea', '--branch', 'gitops/cli-no-cluster', '--kubeconfig', kubeconfig, '--format', 'json', DEPLOYMENT], token());
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /could not compare with the cluster/);
  const pr = await gitea.api<GiteaPullRequest>('GET', `/repos/${repo.fullName}/pulls/${String((JSON.parse(run.stdout) as { number: number }).number)}`);
  assert.doesNotMatch(pr.body.body, /What merging changes in the cluster/);
});

test('pr against a branch that already has a pull request: exit 1, the URL on stderr', async () => {
  const dir = await changedClone(6);
  const first = await cli(dir, ['pr', '--forge', 'gitea', '--branch', 'gitops/cli-twice', DEPLOYMENT], token());
  assert.equal(first.code, 0, first.stderr);
  const again = await cli(dir, ['pr', '--forge', 'gitea', '--branch', 'gitops/cli-twice', DEPLOYMENT], token());
  assert.equal(again.code, 1);
  assert.equal(again.stdout, '');
  assert.ok(again.stderr.includes(first.stdout.trim()), again.stderr);
});

test('pr with a token Gitea rejects: exit 1, no token in the message', async () => {
  const dir = await changedClone(7);
  const bad = 'feedface0123456789abcdef0123456789abcdef';
  const run = await cli(dir, ['pr', '--forge', 'gitea', DEPLOYMENT], { GITEA_TOKEN: bad });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^gitops-manifests: .*token/);
  assert.ok(!run.stderr.includes(bad) && !run.stdout.includes(bad));
});

test('pr usage errors exit 2: no token, no file, unknown format or forge, unknown host, nothing changed', async () => {
  const dir = await changedClone(8);
  const noToken = await cli(dir, ['pr', '--forge', 'gitea', DEPLOYMENT]);
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /GITOPS_FORGE_TOKEN or GITEA_TOKEN/);
  for (const args of [['pr'], ['pr', '--format', 'sarif', DEPLOYMENT], ['pr', '--forge', 'svn', DEPLOYMENT], ['pr', '--api-url', 'http://x', DEPLOYMENT]]) {
    const run = await cli(dir, args, token());
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
  }
  const unknownHost = await cli(dir, ['pr', DEPLOYMENT], token());
  assert.equal(unknownHost.code, 2);
  assert.match(unknownHost.stderr, /gitops\.forges/);
  const unchanged = await cli(dir, ['pr', '--forge', 'gitea', 'apps/web/service.yaml'], token());
  assert.equal(unchanged.code, 2);
  assert.match(unchanged.stderr, /same on main/);
});

test('lint --format markdown: the summary a pull request shows', async () => {
  const run = await cli(fixture, ['lint', '--format', 'markdown', 'apps']);
  assert.equal(run.code, 1, 'apps/legacy/broken.yaml has errors');
  assert.match(run.stdout, /^\d+ errors?(, \d+ warnings?)?(, \d+ infos?)? in \d+ files\.\n\n\| Rule \| Severity \| Findings \| Check \|\n/);
  assert.match(run.stdout, /\*\*Errors\*\*\n\n- `apps\/legacy\/broken\.yaml:\d+:\d+` /);
  const clean = await cli(fixture, ['lint', '--format', 'markdown', 'apps/web/service.yaml']);
  assert.equal(clean.code, 0, clean.stdout);
});

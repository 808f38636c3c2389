// Command → pull request created, for a 3-file change on a loopback Gitea: the flow (isomorphic-git on top of the
// remote base, REST call) beside the same steps with the git CLI (fetch, worktree, commit, push) plus one API call,
// in the same run against the same server. Each attempt starts from a fresh clone with the change in its work tree.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPullRequest, type PullRequestStep } from '../../client/src/pullRequest/flow';
import { startGitea, type Gitea, type GiteaRepo } from '../infra/gitea';
import { seedGiteaRepo } from '../infra/giteaSeed';
import { repoRoot } from '../infra/paths';

const execFileAsync = promisify(execFile);
const FILES = ['apps/web/deployment.yaml', 'apps/web/service.yaml', 'apps/web/ingress.yaml'];

export interface PrBenchResult {
  attempts: number;
  /** The first flow in the process: pays for loading the lint engine's schemas. */
  flowFirstMs: number;
  flowMedianMs: number;
  flowMinMs: number;
  /** Median time per step of the flow (warm runs). */
  stepMedianMs: Partial<Record<PullRequestStep, number>>;
  gitCliMedianMs: number;
  gitCliMinMs: number;
  limitMs: number;
}

export async function runPrBench(attempts = 6, limitMs = 2000): Promise<PrBenchResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'pr-bench-'));
  const gitea = await startGitea();
  try {
    const repo = await seedGiteaRepo(gitea, 'bench', join(repoRoot, 'test', 'fixtures', 'sample-gitops-repo'));
    const env = gitEnv(scratch);
    const flow: number[] = [];
    const steps: Partial<Record<PullRequestStep, number[]>> = {};
    const cli: number[] = [];
    for (let i = 0; i < attempts; i++) {
      // Alternate which runs first, so neither always meets a warmer server.
      const order = i % 2 === 0 ? ['flow', 'cli'] : ['cli', 'flow'];
      for (const which of order) {
        const dir = join(scratch, `${which}-${i}`);
        await execFileAsync('git', ['clone', '--quiet', repo.cloneUrl, dir], { env });
        await changeThreeFiles(dir, i);
        if (which === 'flow') {
          const marks: [PullRequestStep, number][] = [];
          const started = performance.now();
          await createPullRequest({
            folder: dir,
            files: FILES,
            token: gitea.token,
            forgeHosts: { [new URL(gitea.url).host]: { type: 'gitea' } },
            branch: `bench/flow-${i}`,
            onProgress: (step) => marks.push([step, performance.now()]),
          });
          const ended = performance.now();
          flow.push(ended - started);
          if (i > 0) recordSteps(steps, marks, ended);
        } else {
          const started = performance.now();
          await withGitCli(gitea, repo, dir, `bench/cli-${i}`, env);
          cli.push(performance.now() - started);
        }
      }
    }
    const warm = flow.slice(1);
    return {
      attempts,
      flowFirstMs: flow[0],
      flowMedianMs: median(warm),
      flowMinMs: Math.min(...warm),
      stepMedianMs: Object.fromEntries(Object.entries(steps).map(([step, times]) => [step, median(times)])),
      gitCliMedianMs: median(cli),
      gitCliMinMs: Math.min(...cli),
      limitMs,
    };
  } finally {
    await gitea.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The same result with the git CLI: fetch the base, a worktree on it, the files copied in, commit, push, one POST. */
async function withGitCli(gitea: Gitea, repo: GiteaRepo, dir: string, branch: string, env: NodeJS.ProcessEnv): Promise<void> {
  const auth = ['-c', `http.extraHeader=Authorization: Basic ${Buffer.from(`${gitea.username}:${gitea.token}`).toString('base64')}`];
  const git = (cwd: string, args: string[]) => execFileAsync('git', args, { cwd, env });
  const tree = join(dir, '.git', 'pr-worktree');
  await git(dir, [...auth, 'fetch', '--quiet', 'origin', 'main']);
  await git(dir, ['worktree', 'add', '--quiet', '--detach', tree, 'origin/main']);
  for (const file of FILES) await cp(join(dir, file), join(tree, file));
  await git(tree, ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', 'commit', '--quiet', '-am', 'Bench change']);
  await git(tree, [...auth, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
  const response = await fetch(`${gitea.url}/api/v1/repos/${repo.fullName}/pulls`, {
    method: 'POST',
    headers: { Authorization: `token ${gitea.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'Bench change', head: branch, base: 'main' }),
  });
  if (response.status !== 201) throw new Error(`Gitea answered ${response.status} to the git CLI run's pull request`);
  await git(dir, ['worktree', 'remove', '--force', tree]);
}

async function changeThreeFiles(dir: string, i: number): Promise<void> {
  const edit = async (file: string, change: (text: string) => string) => {
    const path = join(dir, file);
    const before = await readFile(path, 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`the bench change left ${file} as it was`);
    await writeFile(path, after);
  };
  await edit(FILES[0], (t) => t.replace(/replicas: \d+/, `replicas: ${3 + i}`));
  await edit(FILES[1], (t) => t.replace(/^(\s+)port: 80$/m, `$1port: ${8000 + i}`));
  await edit(FILES[2], (t) => `${t}# bench ${i}\n`.replace(/^(\s+)- host: ([\w.-]+)/m, `$1- host: bench-${i}.$2`));
}

function recordSteps(steps: Partial<Record<PullRequestStep, number[]>>, marks: [PullRequestStep, number][], ended: number): void {
  // A step lasts from its first progress report to the next step's first report.
  const firsts = marks.filter(([step], i) => marks.findIndex(([s]) => s === step) === i);
  for (const [i, [step, at]] of firsts.entries()) {
    const next = firsts[i + 1]?.[1] ?? ended;
    (steps[step] ??= []).push(next - at);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function gitEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
}

export function renderPrBench(result: PrBenchResult | string): string {
  if (typeof result === 'string') return `### Pull request (3-file change, loopback Gitea)\n\n${result}`;
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const verdict = result.flowMedianMs <= result.limitMs ? `meets ≤ ${ms(result.limitMs)}` : `misses ≤ ${ms(result.limitMs)}`;
  const steps = Object.entries(result.stepMedianMs).map(([step, t]) => `${step} ${ms(t ?? 0)}`).join(', ');
  return [
    '### Pull request (3-file change, loopback Gitea)',
    '',
    '| run | median | min | first run | target |',
    '| --- | ---: | ---: | ---: | --- |',
    `| gitops-manifests flow (isomorphic-git, commit on the remote base, REST) | ${ms(result.flowMedianMs)} | ${ms(result.flowMinMs)} | ${ms(result.flowFirstMs)} | ${verdict} |`,
    `| git CLI: fetch, worktree, commit, push + one API call | ${ms(result.gitCliMedianMs)} | ${ms(result.gitCliMinMs)} | | |`,
    '',
    `${result.attempts} attempts each, alternating order, each from a fresh clone (not timed); the flow's median and min leave out its first run, which loads the lint engine. Flow steps (median): ${steps}.`,
  ].join('\n');
}

if (require.main === module) {
  runPrBench().then(
    (result) => console.log(renderPrBench(result)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

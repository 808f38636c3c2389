// Fills a fresh Gitea repository with a fixture directory as its first commit on `main`, pushed with the git CLI.
// The token travels in an Authorization header given on the command line (`-c http.extraHeader`), never in a URL
// or the clone's config.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Gitea, GiteaRepo } from './gitea';

const execFileAsync = promisify(execFile);

export async function seedGiteaRepo(gitea: Gitea, name: string, fixtureDir: string): Promise<GiteaRepo> {
  const repo = await gitea.createRepo(name, { autoInit: false, defaultBranch: 'main' });
  const work = await mkdtemp(join(tmpdir(), 'gitea-seed-'));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Fixture',
    GIT_AUTHOR_EMAIL: 'fixture@example.invalid',
    GIT_COMMITTER_NAME: 'Fixture',
    GIT_COMMITTER_EMAIL: 'fixture@example.invalid',
  };
  const git = (args: string[]) => execFileAsync('git', args, { cwd: join(work, 'repo'), env });
  try {
    await cp(fixtureDir, join(work, 'repo'), { recursive: true });
    await git(['init', '--quiet', '--initial-branch=main']);
    await git(['add', '--all', '.']);
    await git(['commit', '--quiet', '-m', 'Initial commit']);
    const basic = Buffer.from(`${gitea.username}:${gitea.token}`).toString('base64');
    await git(['-c', `http.extraHeader=Authorization: Basic ${basic}`, 'push', '--quiet', repo.cloneUrl, 'main']);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return repo;
}

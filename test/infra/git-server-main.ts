// Runs the test git server by hand, e.g. to try the extension's pull-request flow against it.
// Usage: node --import tsx test/infra/git-server-main.ts [--repo NAME=FIXTURE_DIR]... [--user NAME=TOKEN]...
// Prints the URL of each repository and serves until Ctrl-C.
import { parseArgs } from 'node:util';
import { startGitServer } from './git-server';

function pairs(values: string[] | undefined, flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new Error(`--${flag} expects NAME=VALUE, got: ${value}`);
    result[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { repo: { type: 'string', multiple: true }, user: { type: 'string', multiple: true } },
  });
  const repos = pairs(values.repo, 'repo');
  const users = values.user ? pairs(values.user, 'user') : { bot: 'test-token' };
  const server = await startGitServer({ repos, users });

  console.log(`git server: ${server.url} (bare repositories in ${server.root})`);
  for (const name of Object.keys(repos)) console.log(`  ${name}: ${server.repoUrl(name)}`);
  console.log(`  push users: ${Object.keys(users).join(', ')}`);

  const stop = () => {
    server.stop().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

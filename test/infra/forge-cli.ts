// `npm run forge`: a local Gitea in the foreground (built from Go modules on first use, ~4 min cold) with an admin
// user, an access token and a repository holding the sample GitOps repo. Prints one line,
// `READY {"apiUrl","cloneUrl","token","owner","repo"}`, for scripts and `gitops-manifests pr --forge gitea`.
// Ctrl-C stops it and removes its data.
import { join } from 'node:path';
import { startGitea } from './gitea';
import { seedGiteaRepo } from './giteaSeed';
import { repoRoot } from './paths';

async function main(): Promise<void> {
  const gitea = await startGitea();
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    gitea.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    const repo = await seedGiteaRepo(gitea, 'manifests', join(repoRoot, 'test', 'fixtures', 'sample-gitops-repo'));
    console.log(`READY ${JSON.stringify({ apiUrl: gitea.url, cloneUrl: repo.cloneUrl, token: gitea.token, owner: repo.owner, repo: repo.name })}`);
  } catch (err) {
    await gitea.stop();
    throw err;
  }
  // Gitea runs as a child process; hold the event loop here until Ctrl-C.
  setInterval(() => {}, 1 << 30);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

// `npm start`: the packaged extension in a real VS Code (code-server, in the browser) with the sample GitOps
// repository cloned from a local git server and a local Kubernetes API server, until Ctrl-C.
// Usage: npm start [-- --no-cluster] [-- --no-forge] [-- --port N]
//   --no-cluster  skip the Kubernetes API server (a quick look at linting)
//   --no-forge    serve the sample repository from the plain git server instead of a local Gitea
//   --port N      serve VS Code on port N (default 8080, or a free port when 8080 is taken)
// Everything is set up on first use under the project cache (.cache/vscode); later starts reuse it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster, type Cluster } from '../infra/cluster';
import { createProfile, installExtension, setUserSettings, startCodeServer, type CodeServer } from './codeServer';
import { ensurePackagedExtension } from './extensionPackage';
import { listenablePort, log } from './processes';
import { SAMPLE_REPO_NAME, serveSampleRepo, serveSampleRepoOnGitea, type SampleRepo } from './sampleRepo';
import { startGitea } from '../infra/gitea';
import { SAMPLE_NAMESPACE, stageSampleDrift, writeDriftWorkspaceSettings } from './sampleDrift';
import { CODE_SERVER_VERSION, ensureCodeServer, vscodeCacheDir } from './tools';

const DEFAULT_PORT = 8080;
const sessionDir = join(vscodeCacheDir, 'start');

interface Flags {
  cluster: boolean;
  forge: boolean;
  /** Undefined: 8080 if free, else any free port. */
  port?: number;
}

function parseFlags(): Flags {
  const { values } = parseArgs({ options: { 'no-cluster': { type: 'boolean', default: false }, 'no-forge': { type: 'boolean', default: false }, port: { type: 'string' } } });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error(`--port expects a port number, got: ${values.port}`);
  }
  return { cluster: !values['no-cluster'], forge: !values['no-forge'], port };
}

/** What has been started so far, stopped in reverse order on Ctrl-C or a failure. */
const stoppers: { what: string; stop: () => Promise<void> }[] = [];

async function stopEverything(): Promise<void> {
  for (const { what, stop } of stoppers.splice(0).reverse()) {
    await stop().catch((err: unknown) => log(`Stopping ${what} failed: ${String(err)}`));
  }
}

function stopOnSignals(): void {
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // npm forwards the terminal's Ctrl-C to us as well, so one keypress can arrive twice.
    if (firstSignalAt && Date.now() - firstSignalAt > 2000) {
      log('Stopping forcibly.');
      process.exit(130);
    }
    if (firstSignalAt) return;
    firstSignalAt = Date.now();
    log(`${signal}: stopping ${[...stoppers].reverse().map((s) => s.what).join(', ') || 'the set-up'}...`);
    void stopEverything().then(() => {
      log('Stopped.');
      process.exit(0);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** The sample on a local Gitea (first start builds it), else on the plain git server: pull requests need the forge. */
async function serveSample(workspace: string, forge: boolean): Promise<SampleRepo & { forgeHost?: string }> {
  if (forge) {
    log('Starting a local Gitea for pull requests (test/infra/gitea.ts; its first start builds it, which takes minutes)...');
    try {
      const gitea = await startGitea();
      try {
        return { ...(await serveSampleRepoOnGitea(workspace, gitea)), forgeHost: new URL(gitea.url).host };
      } catch (err) {
        await gitea.stop();
        throw err;
      }
    } catch (err) {
      log(`Gitea did not start (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); serving the sample from the git server`);
    }
  }
  return serveSampleRepo(workspace);
}

/** The cluster, or why it is not running: the editor is still useful without it. */
async function startLocalCluster(): Promise<Cluster | string> {
  log('Starting the local Kubernetes API server (test/infra/cluster.ts; its first start builds it, which takes minutes)...');
  try {
    const cluster = await startCluster({ logFile: join(sessionDir, 'kapi.log') });
    stoppers.push({ what: 'the cluster', stop: () => cluster.stop() });
    log(`Cluster ready at ${cluster.server}`);
    return cluster;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    log(`The cluster did not start: ${reason}`);
    return reason;
  }
}

async function servingPort(requested: number | undefined): Promise<number> {
  if (requested !== undefined) {
    if ((await listenablePort(requested)) === undefined) throw new Error(`port ${requested} is in use; pick another with --port`);
    return requested;
  }
  return (await listenablePort(DEFAULT_PORT)) ?? (await listenablePort(0))!;
}

/** One `npm start` at a time: a second one would clone over the workspace the first one is serving. */
function claimSession(): void {
  mkdirSync(sessionDir, { recursive: true });
  const pidFile = join(sessionDir, 'pid');
  let otherPid = 0;
  try {
    otherPid = Number(readFileSync(pidFile, 'utf8'));
    // The pid may have been reused by an unrelated process since.
    if (!readFileSync(`/proc/${otherPid}/cmdline`, 'utf8').includes('test/e2e/start.ts')) otherPid = 0;
  } catch {
    otherPid = 0; // no pid file, or that process is gone
  }
  if (otherPid && otherPid !== process.pid) throw new Error(`npm start is already running (pid ${otherPid}); stop it first`);
  writeFileSync(pidFile, String(process.pid));
  process.once('exit', () => rmSync(pidFile, { force: true }));
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const flags = parseFlags();
  claimSession();
  stopOnSignals();
  // Before the slow steps, so a taken --port fails at once.
  const port = await servingPort(flags.port);

  // Independent, and some are slow on a fresh machine: run them side by side.
  const clusterStarting = flags.cluster ? startLocalCluster() : Promise.resolve('skipped (--no-cluster)');
  const workspace = join(vscodeCacheDir, 'workspaces', SAMPLE_REPO_NAME);
  const sampleServing = serveSample(workspace, flags.forge).then((sample) => {
    stoppers.push({ what: sample.servedBy.split(' ')[0] === 'Gitea' ? 'Gitea' : 'the git server', stop: () => sample.stop() });
    log(`Sample repository served by ${sample.servedBy} at ${sample.remoteUrl} and cloned into ${workspace}`);
    return sample;
  });
  const [vsix, , sample] = await Promise.all([ensurePackagedExtension(), ensureCodeServer(), sampleServing]);
  const cluster = await clusterStarting;

  // Terminals in VS Code inherit KUBECONFIG, so kubectl there talks to the local cluster; the workspace settings
  // point drift at it, and the cluster holds the sample's apps/web as Flux applied it, with one change by hand.
  const extraEnv = typeof cluster === 'string' ? {} : { KUBECONFIG: cluster.kubeconfig };
  if (typeof cluster !== 'string') {
    writeDriftWorkspaceSettings(workspace, cluster.kubeconfig);
    await stageSampleDrift(cluster.kubeconfig).then(
      () => log(`Applied apps/web to namespace ${SAMPLE_NAMESPACE} as kustomize-controller and scaled the Deployment by hand (kubectl-edit)`),
      (err: unknown) => log(`Could not stage the sample's drift: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
  const profile = createProfile('start', { extraEnv });
  if (sample.forgeHost) setUserSettings(profile, { 'gitops.forges': { [sample.forgeHost]: { type: 'gitea' } } });
  await installExtension(profile, vsix);
  const codeServer = await startCodeServer(profile, { port, folder: workspace });
  stoppers.push({ what: 'code-server', stop: () => codeServer.stop() });

  printReady(codeServer, sample, cluster, (Date.now() - startedAt) / 1000);
  void codeServer.exited.then(async () => {
    if (!stoppers.some((s) => s.what === 'code-server')) return;
    log(`code-server exited unexpectedly (see ${codeServer.logFile}); stopping the rest.`);
    await stopEverything();
    process.exit(1);
  });
}

function printReady(codeServer: CodeServer, sample: SampleRepo & { forgeHost?: string }, cluster: Cluster | string, seconds: number): void {
  const kubeconfig =
    typeof cluster === 'string'
      ? `none: cluster ${cluster}`
      : `${cluster.kubeconfig}\n               (KUBECONFIG in VS Code's terminals: try kubectl get namespaces)`;
  const rule = '─'.repeat(78);
  console.log(`
${rule}
 GitOps Manifests in VS Code (code-server ${CODE_SERVER_VERSION}) is ready after ${seconds.toFixed(1)} s

   Open:        ${codeServer.folderUrl}
   Workspace:   ${sample.workspace}
   Git remote:  origin ${sample.remoteUrl}
                served by ${sample.servedBy}
   Kubeconfig:  ${kubeconfig}
   Logs:        ${codeServer.logFile}

 Start with apps/legacy/broken.yaml; README.md in the workspace lists what to try.
 Drift: open apps/web/deployment.yaml and the GitOps view (its replicas were changed in the cluster).
 Pull request: GitOps: Create Pull Request after an edit${sample.forgeHost ? ' (paste the Gitea token above when asked)' : ' (needs the forge: run without --no-forge)'}.
 Ctrl-C to stop.
${rule}
`);
}

main().catch(async (err: unknown) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  await stopEverything();
  process.exit(1);
});

// `npm run cluster`: builds kapi if needed and runs a Kubernetes API server in the foreground until Ctrl-C.
// Usage: npm run cluster [-- --data-dir DIR] [-- --logs]
//   --data-dir DIR  keep the cluster's state (etcd, kubeconfig) in DIR across runs
//   --logs          show the server's logs here instead of writing them to <cache>/kapi.log
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from './cluster';
import { cacheDir } from './paths';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, logs: { type: 'boolean', default: false } },
  });
  const logFile = join(cacheDir, 'kapi.log');
  if (!values.logs) writeFileSync(logFile, '');

  console.log('Starting the Kubernetes API server (the first run builds it, which takes a while)...');
  const cluster = await startCluster({ dataDir: values['data-dir'], logFile: values.logs ? undefined : logFile });

  const kubectl = `kubectl --kubeconfig ${cluster.kubeconfig}`;
  console.log(`
Kubernetes API server ready at ${cluster.server} (pid ${cluster.pid})
  kubeconfig:   ${cluster.kubeconfig}
  contexts:     admin (current, cluster-admin), viewer (read-only: get/list/watch)
  server logs:  ${values.logs ? 'below' : logFile}

Try:
  ${kubectl} version
  ${kubectl} api-resources
  ${kubectl} create configmap demo --from-literal=key=value
  ${kubectl} --context viewer get configmaps
  ${kubectl} --context viewer create configmap denied   # Forbidden
  ${kubectl} get --raw /openapi/v3
  export KUBECONFIG=${cluster.kubeconfig}

Ctrl-C stops it${values['data-dir'] ? '' : ' and deletes its data'}.`);

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    cluster.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // startCluster lets the server run without holding the event loop; hold it here until Ctrl-C.
  setInterval(() => {}, 1 << 30);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

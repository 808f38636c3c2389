// What merging a change would do to the cluster: the drift of the files' new contents against live, in words (one
// line per object). The pull-request flow's "What merging changes in the cluster" section, from the CLI; the editor
// asks its language server, which already holds a connection.
import { clusterChangeLines } from './changeSummary';
import { ClusterClient } from './cluster';
import { driftFile, type DriftFileInput } from './driftDocument';
import { loadKubeconfig } from './kubeconfig';

export interface SyncPreviewOptions {
  kubeconfig?: string;
  context?: string;
  /** kubeconfig exec credential plugins may run (a trusted workspace, or the CLI run on purpose). */
  allowExec: boolean;
  fieldManager?: string;
}

/** Lines such as "Deployment shop/web: spec.replicas 2 → 4"; throws when the cluster cannot be reached. */
export async function syncPreview(files: DriftFileInput[], opts: SyncPreviewOptions): Promise<string[]> {
  const kubeconfig = loadKubeconfig({ explicitPath: opts.kubeconfig });
  const client = await ClusterClient.connect({ kubeconfig, context: opts.context, allowExec: opts.allowExec });
  try {
    return await syncPreviewWith(client, files, opts.fieldManager);
  } finally {
    client.close();
  }
}

export async function syncPreviewWith(client: ClusterClient, files: DriftFileInput[], fieldManager?: string): Promise<string[]> {
  const drifts = await Promise.all(files.map((f) => driftFile(f, { client, contextNamespace: client.context.namespace, fieldManager })));
  const objects = drifts.flatMap((d) => d.objects);
  const unreachable = objects.find((o) => o.state === 'unreachable');
  if (unreachable) throw new Error(unreachable.reason ?? 'the cluster does not answer');
  return clusterChangeLines(objects);
}

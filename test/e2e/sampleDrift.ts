// Real drift for the sample repository: its apps/web manifests applied to the local cluster as Flux would apply them
// (`kustomize-controller`, namespace `web` from the kustomization), then the Deployment scaled by hand as
// `kubectl edit` does it; and the workspace settings pointing drift at the cluster's kubeconfig.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubeWriter } from '../infra/kubeWrites';
import { sampleRepoFixture } from './sampleRepo';

/** The manifests Flux's `web` Kustomization applies (clusters/dev/web.yaml → apps/web), with the CRD they need. */
const APPLIED = ['infrastructure/crds/backupschedule-crd.yaml', 'apps/web/deployment.yaml', 'apps/web/service.yaml', 'apps/web/ingress.yaml', 'apps/web/policies.yaml', 'apps/web/backup-schedule.yaml'];
export const SAMPLE_NAMESPACE = 'web';
/** The live change: replicas 2 in Git, 3 in the cluster. */
export const SAMPLE_LIVE_REPLICAS = 3;

export async function stageSampleDrift(kubeconfig: string): Promise<void> {
  const writer = kubeWriter(kubeconfig);
  await writer.apply(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${SAMPLE_NAMESPACE}\n`, 'kustomize-controller');
  for (const file of APPLIED) await writer.apply(readFileSync(join(sampleRepoFixture, file), 'utf8'), 'kustomize-controller', SAMPLE_NAMESPACE);
  await writer.mergePatch('apps/v1', 'Deployment', SAMPLE_NAMESPACE, 'web', { spec: { replicas: SAMPLE_LIVE_REPLICAS } }, 'kubectl-edit');
}

/**
 * `.vscode/settings.json` in the clone with `gitops.drift.kubeconfig`, kept out of `git status` (the clone's own
 * exclude file), so the next start still sees a clean clone.
 */
export function writeDriftWorkspaceSettings(workspace: string, kubeconfig: string): void {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'gitops.drift.kubeconfig': kubeconfig }, null, 2)}\n`);
  mkdirSync(join(workspace, '.git', 'info'), { recursive: true });
  appendFileSync(join(workspace, '.git', 'info', 'exclude'), '\n/.vscode/\n');
}

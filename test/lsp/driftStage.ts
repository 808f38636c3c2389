// The drift the LSP tests stage on a real apiserver: a Deployment applied as kustomize-controller, then scaled by
// hand with `kubectl edit`.
import type { DriftResultsParams } from '../../server/src/lsp/driftProtocol';
import { kubeWriter } from '../infra/kubeWrites';

export const DRIFT_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 2 # two are enough
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
export const REPLICAS_LINE = 6;

/** The Deployment applied as Flux applies it, then scaled by hand with `kubectl edit` (manager kubectl-edit). */
export async function stageKubectlEdit(kubeconfig: string): Promise<void> {
  const writer = kubeWriter(kubeconfig);
  await writer.apply(DRIFT_DEPLOYMENT, 'kustomize-controller');
  await writer.mergePatch('apps/v1', 'Deployment', 'default', 'web', { spec: { replicas: 5 } }, 'kubectl-edit');
}

export const hasReplicasDrift = (p: DriftResultsParams) =>
  p.objects.some((o) => o.kind === 'Deployment' && o.fields.some((f) => f.path === 'spec.replicas' && f.live === 5));


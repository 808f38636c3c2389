// Pitfall 10: annotations and labels that controllers and GitOps tools write on the objects they manage.
// `kubernetes.io/change-cause` stays: people set it (`kubectl annotate`, `--record`), so it is theirs to see as drift;
// `kubectl.kubernetes.io/restartedAt` stays for the same reason (`kubectl rollout restart`).
import { isObj, without, withMetadata, type Normaliser, type Obj } from './context';

export const CONTROLLER_ANNOTATIONS: ReadonlySet<string> = new Set([
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.daemonset.template.generation',
  'argocd.argoproj.io/tracking-id',
  'kustomize.toolkit.fluxcd.io/checksum',
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'pv.kubernetes.io/provisioned-by',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/selected-node',
  'endpoints.kubernetes.io/last-change-trigger-time',
  'control-plane.alpha.kubernetes.io/leader',
]);

export const CONTROLLER_LABELS: ReadonlySet<string> = new Set([
  'kustomize.toolkit.fluxcd.io/name',
  'kustomize.toolkit.fluxcd.io/namespace',
  'helm.toolkit.fluxcd.io/name',
  'helm.toolkit.fluxcd.io/namespace',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'controller-revision-hash',
  'pod-template-hash',
  'kubernetes.io/metadata.name', // the apiserver's label on every Namespace, always its name
]);

// Labels a GitOps applier writes into what it applies (not in Git): Argo CD's label tracking. Users may declare the
// same label themselves, so it is dropped only where the document does not declare it and the applier owns it.
const APPLIER_LABELS: Record<string, string> = {
  'argocd-controller': 'app.kubernetes.io/instance',
  'argocd-application-controller': 'app.kubernetes.io/instance',
};

/** Whether a path is the applier's own tracking label. */
export function isApplierTrackingLabel(applier: string | undefined, segments: readonly unknown[]): boolean {
  const label = applier ? APPLIER_LABELS[applier] : undefined;
  return label !== undefined && segments.length === 3 && segments[0] === 'metadata' && segments[1] === 'labels' && segments[2] === label;
}

export const dropControllerMetadata: Normaliser = (obj) =>
  withMetadata(obj, (m) => {
    let out: Obj = m;
    if (isObj(m.annotations)) {
      const a = without(m.annotations, CONTROLLER_ANNOTATIONS);
      if (a !== m.annotations) out = { ...out, annotations: a };
    }
    if (isObj(m.labels)) {
      const l = without(m.labels, CONTROLLER_LABELS);
      if (l !== m.labels) out = { ...out, labels: l };
    }
    return out;
  });

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
]);

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

// Who a field manager is: a person's tool, a controller, a mutating webhook, or the GitOps applier of the object.
import { ownershipOf, parseManagedFields, type ManagedFieldsEntry } from './managedFields';

export type ManagerKind = 'human' | 'controller' | 'webhook' | 'unknown';

// kubectl's own managers (one per command since 1.22; `kubectl` alone for older clients and `--server-side` runs),
// and the UIs people click in.
const HUMAN_MANAGERS = new Set([
  'kubectl', 'kubectl-edit', 'kubectl-patch', 'kubectl-label', 'kubectl-annotate', 'kubectl-set', 'kubectl-scale',
  'kubectl-client-side-apply', 'kubectl-replace', 'kubectl-create', 'kubectl-rollout', 'kubectl-run',
  'kubectl-expose', 'kubectl-autoscale', 'kubectl-taint', 'kubectl-cordon', 'kubectl-drain', 'kubectl-debug',
  'Mozilla', 'OpenLens', 'Lens', 'lens', 'k9s', 'headlamp', 'Headlamp', 'kubernetes-dashboard', 'dashboard',
  'rancher', 'octant', 'monokle',
]);
const HUMAN_PREFIXES = ['kubectl-', 'Mozilla/', 'OpenLens', 'Lens/', 'k9s'];

const CONTROLLER_MANAGERS = new Set([
  'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-apiserver', 'cloud-controller-manager',
  'manager', // kubebuilder's default manager name
  'vpa-updater', 'vpa-recommender', 'vpa-admission-controller', 'cert-manager-cainjector', 'cainjector',
  'external-dns', 'cluster-autoscaler', 'karpenter', 'keda-operator', 'argo-rollouts', 'metrics-server',
]);
const CONTROLLER_SUFFIXES = ['-controller', '-controller-manager', '-operator', '-manager', '-reconciler', '-cainjector'];

// Mutating admission webhooks that write objects under their own name.
const WEBHOOK_PATTERNS = [/^kyverno/, /^gatekeeper/, /webhook/i, /-injector$/, /^istio-sidecar/, /^linkerd-proxy-injector/];

// GitOps appliers, preferred when an object has several Apply entries.
const GITOPS_APPLIERS = ['kustomize-controller', 'helm-controller', 'argocd-controller', 'argocd-application-controller', 'fleet-agent', 'kapp'];

export interface ManagerRef {
  manager: string;
  operation?: string;
  subresource?: string;
}

/** What kind of writer a managedFields entry is. */
export function managerKind(ref: ManagerRef): ManagerKind {
  const { manager, subresource } = ref;
  if (HUMAN_MANAGERS.has(manager) || HUMAN_PREFIXES.some((p) => manager.startsWith(p))) return 'human';
  if (WEBHOOK_PATTERNS.some((p) => p.test(manager))) return 'webhook';
  if (CONTROLLER_MANAGERS.has(manager) || CONTROLLER_SUFFIXES.some((s) => manager.endsWith(s))) return 'controller';
  // Status and scale are written by controllers; people's tools are recognised above.
  if (subresource === 'status' || subresource === 'scale') return 'controller';
  if (/controller/i.test(manager)) return 'controller';
  return 'unknown';
}

export interface Applier {
  manager: string;
  /** True when the object is client-side applied (`kubectl apply` without `--server-side`, last-applied annotation). */
  clientSide?: boolean;
}

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The GitOps applier of a live object: the manager of its `Apply` entry (a known GitOps applier first, else the most
 * recent), or for client-side applied objects the manager that owns the last-applied annotation.
 */
export function applierOf(live: Record<string, unknown>, entries = parseManagedFields(live)): Applier | undefined {
  const applies = entries.filter((e) => e.operation === 'Apply' && !e.subresource);
  if (applies.length) {
    const known = GITOPS_APPLIERS.map((m) => applies.find((e) => e.manager === m)).find((e) => e !== undefined);
    return { manager: (known ?? latest(applies)).manager };
  }
  const annotations = (live.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  const hasLastApplied = typeof annotations?.[LAST_APPLIED] === 'string';
  const csa = entries.find((e) => e.manager === 'kubectl-client-side-apply' && e.operation === 'Update');
  const annotationOwner = entries.find((e) => ownershipOf(e, ['metadata', 'annotations', LAST_APPLIED]) === 'owns');
  if (hasLastApplied || csa) {
    const owner = annotationOwner ?? csa;
    if (owner) return { manager: owner.manager, clientSide: true };
    return { manager: 'kubectl-client-side-apply', clientSide: true };
  }
  return undefined;
}

function latest(entries: ManagedFieldsEntry[]): ManagedFieldsEntry {
  return entries.reduce((a, b) => ((b.time ?? '') > (a.time ?? '') ? b : a));
}

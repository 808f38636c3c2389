// The namespace a document's object lives in on the cluster (pitfall 18: a file that omits metadata.namespace).
// Order: the document's metadata.namespace, else the namespace of the kustomization that lists the file, else the
// kubeconfig context's namespace, else `default`. Cluster-scoped kinds have none.
import { kustomizationNamespace } from '../workspace/kustomizations';

export interface NamespaceInputs {
  /** The document's metadata.namespace. */
  declared?: string;
  /** Whether the cluster serves the kind as namespaced (discovery). */
  namespaced: boolean;
  filePath?: string;
  contextNamespace?: string;
  /** The kustomization namespace lookup (default: the workspace's kustomizationNamespace). */
  kustomizationNamespace?: (filePath: string) => string | undefined;
}

export function effectiveNamespace(inputs: NamespaceInputs): string | undefined {
  if (!inputs.namespaced) return undefined;
  if (inputs.declared) return inputs.declared;
  const fromKustomization = inputs.filePath ? (inputs.kustomizationNamespace ?? kustomizationNamespace)(inputs.filePath) : undefined;
  return fromKustomization ?? inputs.contextNamespace ?? 'default';
}

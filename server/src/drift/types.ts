// What drift produces: one result per YAML document compared with the live cluster. Shared by the drift engine,
// the language server's notification, the extension's views and the CLI's formats, so it is plain data (JSON).

/** A document's state against the cluster. */
export type DriftState = 'in-sync' | 'drifted' | 'missing' | 'unreadable' | 'unknown-kind' | 'unreachable';

/**
 * Why a field differs, from the live object's `managedFields`:
 * - `git`: the buffer changed it; the next sync applies it;
 * - `human`: a person's tool (`kubectl-edit`, `kubectl-patch`, …) set it live;
 * - `controller`: a controller owns it (e.g. `kube-controller-manager` through the scale subresource, an HPA);
 * - `webhook`: a mutating admission webhook set it.
 */
export type FieldClass = 'git' | 'human' | 'controller' | 'webhook';

/** One segment of a field path: a map key, a list index, or a list-map element by its keys (`containers[name=web]`). */
export type PathSegment = string | number | { keys: Record<string, string | number | boolean> };

export interface DriftField {
  /** Display path: `spec.template.spec.containers[name=web].image`, `metadata.labels["app.kubernetes.io/name"]`. */
  path: string;
  /** The same path as segments (list-map elements by their keys). */
  segments: PathSegment[];
  /**
   * The value the next sync would give (the dry run's prediction, from the buffer); undefined when the field would be
   * absent. Secret values are never here: `"(changed)"`/`"(added)"`/`"(removed)"` markers stand in for them.
   */
  git?: unknown;
  /** The live value; undefined when the live object lacks the field. Secret values masked as for `git`. */
  live?: unknown;
  /** The field manager of the live value (from `managedFields`), when known. */
  manager?: string;
  /** When that manager last wrote the object (its `managedFields` entry's `time`), ISO 8601. */
  time?: string;
  class: FieldClass;
  /** 0-based line in the file of the key in the buffer the field belongs to (the nearest declared ancestor). */
  line?: number;
}

export interface DriftObject {
  /** Path of the file (CLI) or the document's URI (language server). */
  file: string;
  /** 0-based line of the document's start (its first key) in the file; the CLI prints it 1-based. */
  line: number;
  /** Index of the YAML document in its file. */
  documentIndex: number;
  apiVersion: string;
  kind: string;
  /** Effective namespace (document, kustomization, context, `default`); undefined for cluster-scoped kinds. */
  namespace?: string;
  name: string;
  state: DriftState;
  /** True when the result comes from comparing declared fields, not from a server-side apply dry run. */
  approximate: boolean;
  /** Why the result is approximate, unreadable, unknown or unreachable; in plain words. */
  reason?: string;
  /** Differing fields; empty when in sync. */
  fields: DriftField[];
  /** True when every differing field is owned by controllers ("drifted — owned by controllers only"). */
  controllerOnly?: boolean;
  /** The field manager whose apply the prediction was made as (`kustomize-controller`, `argocd-controller`, …). */
  fieldManager?: string;
}

/** Where the connection stands, for the status bar and the panel's message. */
export type ConnectionState =
  | 'off'            // gitops.drift.enable is false
  | 'untrusted'      // workspace not trusted: no cluster is contacted
  | 'no-kubeconfig'  // nothing to connect with
  | 'connecting'
  | 'connected'
  | 'unreachable';   // reconnecting with backoff

export interface DriftStatus {
  state: ConnectionState;
  /** kubeconfig context in use. */
  context?: string;
  /** Plain-words explanation for anything but `connected`, with what fixes it. */
  message?: string;
  /** Documents currently drifted or missing. */
  drifted: number;
}

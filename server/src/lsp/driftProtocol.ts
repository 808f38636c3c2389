// The drift messages between the language server and the extension: method names and their parameters.
// Imported by both sides (plain data only, no `vscode` and no server code).
import type { DriftObject, DriftStatus, PathSegment } from '../drift/types';

export const DriftMethod = {
  /** Server → client notification: a document's drift results (all of its YAML documents). */
  results: 'gitops/driftResults',
  /** Server → client notification: where the connection stands. */
  status: 'gitops/driftStatus',
  /** Client → server notification: the user trusted the workspace (VS Code's workspace trust). */
  trust: 'gitops/driftTrust',
  /** Request: the kubeconfig's contexts and the one in use. */
  contexts: 'gitops/driftContexts',
  /** Request: compare against another kubeconfig context. */
  useContext: 'gitops/driftUseContext',
  /** Request: read the cluster again now. */
  refresh: 'gitops/driftRefresh',
  /** Request: live and predicted YAML of one document (normalised, Secret values masked). */
  diff: 'gitops/driftDiff',
  /** Request: the text edit that writes one field's live value into the buffer. */
  adopt: 'gitops/driftAdopt',
  /** Request: what a sync of these contents would change in the cluster (a pull request's description). */
  preview: 'gitops/driftPreview',
} as const;

/** The extension's command behind drift CodeLenses; its argument is a DriftDocumentParams. */
export const DRIFT_SHOW_DIFF_COMMAND = 'gitops.drift.showDiff';

export interface DriftResultsParams {
  uri: string;
  objects: DriftObject[];
}

export type DriftStatusParams = DriftStatus;

export interface DriftTrustParams {
  trusted: boolean;
}

export interface DriftContextsResult {
  kubeconfig?: string;
  contexts: string[];
  current?: string;
}

export interface DriftUseContextParams {
  context: string;
}

export interface DriftDocumentParams {
  uri: string;
  documentIndex: number;
}

export interface DriftDiffResult {
  live: string;
  predicted: string;
}

export interface DriftAdoptParams extends DriftDocumentParams {
  segments: PathSegment[];
}

/** An LSP text edit (0-based lines and UTF-16 characters), applied by the client to the buffer, not saved. */
export interface DriftTextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** The edits, or, in plain words, why there are none. */
export interface DriftAdoptResult {
  edits?: DriftTextEdit[];
  error?: string;
}

export interface DriftPreviewParams {
  /** The contents a pull request would merge, by file (the URI of the file in the workspace, or its path). */
  files: { uri: string; filePath?: string; text: string }[];
}

/** One line per object the sync would change ("Deployment web/web: spec.replicas 2 → 4"), or why there are none. */
export interface DriftPreviewResult {
  lines?: string[];
  error?: string;
}

/** What the client adds to `initializationOptions`, read again at every server start. */
export interface DriftInitializationOptions {
  /** VS Code's `workspace.isTrusted`: no cluster is contacted in an untrusted workspace. */
  workspaceTrusted: boolean;
  /** The kubeconfig context last chosen for this workspace folder. */
  context?: string;
}

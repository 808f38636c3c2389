// The status bar item, the Drift view's message and the one-time error notices, from the server's DriftStatus.
// Pure, so tested under plain Node.
import type { DriftStatus } from '../../../server/src/drift/types';
import type { DriftContextsResult } from '../../../server/src/lsp/driftProtocol';

export interface StatusBarText {
  /** Hidden when drift is off. */
  visible: boolean;
  text: string;
  tooltip: string;
  /** Shown with the warning background. */
  warning: boolean;
}

/** `⎈ admin · 3 drifted`, `⎈ admin · in sync`, `⎈ admin · connecting…`, `⎈ admin · unreachable`, `⎈ drift off`. */
export function statusBarText(status: DriftStatus | undefined, drifted: number): StatusBarText {
  if (!status || status.state === 'off') return { visible: false, text: '', tooltip: '', warning: false };
  const context = status.context ?? 'cluster';
  const click = 'Click to select the cluster context.';
  switch (status.state) {
    case 'connected':
      return {
        visible: true,
        text: `⎈ ${context} · ${drifted > 0 ? `${drifted} drifted` : 'in sync'}`,
        tooltip: `Drift against context ${context}: ${drifted === 1 ? '1 object differs' : `${drifted} objects differ`} from the open manifests. ${click}`,
        warning: false,
      };
    case 'connecting':
      return { visible: true, text: `⎈ ${context} · connecting…`, tooltip: `Connecting to context ${context}. ${click}`, warning: false };
    case 'unreachable':
      return { visible: true, text: `⎈ ${context} · unreachable`, tooltip: `${status.message ?? `Context ${context} cannot be reached.`} ${click}`, warning: true };
    case 'no-kubeconfig':
      // People who only lint have no kubeconfig: no status bar item for them; the Drift view says what to set.
      return { visible: false, text: '⎈ no kubeconfig', tooltip: status.message ?? 'No kubeconfig found.', warning: false };
    case 'untrusted':
      return { visible: true, text: '⎈ drift off', tooltip: status.message ?? 'Drift is off in Restricted Mode.', warning: false };
  }
}

/** The Drift view's message above its tree (undefined: none). */
export function viewMessage(status: DriftStatus | undefined, hasResults: boolean): string | undefined {
  if (!status) return 'Waiting for the GitOps Manifests language server…';
  if (status.state === 'connected') return hasResults ? undefined : 'Open a manifest file to compare it with the cluster.';
  if (status.state === 'connecting') return `Connecting to ${status.context ?? 'the cluster'}…`;
  return status.message ?? defaultMessage[status.state];
}

const defaultMessage: Record<Exclude<DriftStatus['state'], 'connected' | 'connecting'>, string> = {
  off: 'Drift is turned off (gitops.drift.enable).',
  untrusted: 'Drift is off in Restricted Mode: trust this workspace to compare it with a cluster.',
  'no-kubeconfig': 'No kubeconfig found: set gitops.drift.kubeconfig or KUBECONFIG.',
  unreachable: 'The cluster cannot be reached; retrying.',
};

export type NoticeAction = 'Select Context' | 'Open Settings';

export interface Notice {
  /** Shown once per key (until drift connects again). */
  key: string;
  message: string;
  actions: NoticeAction[];
}

/**
 * The notification for a status worth interrupting for, in plain words with the action that fixes it: an unreachable
 * cluster, or a kubeconfig the settings name that is not there. Not: no kubeconfig at all (people who only lint),
 * Restricted Mode (the view says why), connecting.
 */
export function noticeFor(status: DriftStatus, kubeconfigSetting: string): Notice | undefined {
  if (status.state === 'unreachable') {
    const message = `GitOps drift: ${status.message ?? `context ${status.context ?? ''} cannot be reached`}`;
    return { key: `unreachable:${status.context ?? ''}`, message, actions: ['Select Context', 'Open Settings'] };
  }
  if (status.state === 'no-kubeconfig' && kubeconfigSetting.trim() !== '') {
    return { key: `no-kubeconfig:${kubeconfigSetting}`, message: `GitOps drift: ${status.message ?? 'the kubeconfig cannot be read'}`, actions: ['Open Settings'] };
  }
  return undefined;
}

export interface ContextPickItem {
  label: string;
  description?: string;
}

/** Quick pick entries: every context of the kubeconfig, the one in use marked. */
export function contextPickItems(result: DriftContextsResult): ContextPickItem[] {
  return result.contexts.map((name) => (name === result.current ? { label: name, description: 'current' } : { label: name }));
}

/** workspaceState key of the context chosen for a workspace folder (or for a window without one). */
export function contextStateKey(folderUri: string | undefined): string {
  return `gitops.drift.context:${folderUri ?? '(no folder)'}`;
}

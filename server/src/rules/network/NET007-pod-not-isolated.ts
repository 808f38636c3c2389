import type { Rule } from '../types';
import { matchesLabelSelector } from '../selectors';
import { get } from '../workloads';
import { sameNamespace } from './workspaceObjects';

export const podNotIsolated: Rule = {
  meta: {
    id: 'NET007',
    name: 'pod-not-isolated',
    title: 'Pod not isolated by a NetworkPolicy',
    rationale: 'A pod no NetworkPolicy selects accepts traffic from, and sends it to, any pod in the cluster.',
    fix: 'Add a NetworkPolicy for the namespace (default-deny plus explicit allows).',
    severity: 'info',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeScore: ['pod-networkpolicy'], kubeLinter: ['non-isolated-pod'], polaris: ['missingNetworkPolicy'], checkov: ['CKV2_K8S_6'] },
    workspace: true,
    reads: ['NetworkPolicy'],
  },
  check(ctx) {
    // Wlong: Jobs and CronJobs run to completion and are left out, as in Polaris and Checkov.
    if (!ctx.index || ctx.kind === 'Job' || ctx.kind === 'CronJob') return [];
    const policies = ctx.index
      .ofKind('NetworkPolicy')
      .filter((p) => p.apiVersion.startsWith('networking.k8s.io/') && sameNamespace(p.namespace, ctx.namespace));
    return ctx.podTemplates
      .filter((pod) => !policies.some((p) => matchesLabelSelector(get(p.object, ['spec', 'podSelector']), pod.labels)))
      .map((pod) => ({
        path: [...pod.metadataPath, 'labels'],
        message: `No NetworkPolicy${ctx.namespace ? ` in namespace \`${ctx.namespace}\`` : ''} selects the pods of ${ctx.kind} \`${ctx.name ?? ''}\`: they accept traffic from anywhere`,
      }));
  },
};

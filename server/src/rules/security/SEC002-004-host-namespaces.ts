// SEC002–SEC004: sharing the node's network, PID or IPC namespace (one family, one predicate).
import type { Rule } from '../types';

function hostNamespaceRule(id: string, name: string, field: 'hostNetwork' | 'hostPID' | 'hostIPC', what: string, kl: string, po: string, ck: string): Rule {
  return {
    meta: {
      id,
      name,
      title: `Pod uses the host's ${what}`,
      rationale: `With \`${field}: true\` the pod shares the node's ${what} namespace and can observe or interfere with everything else on the node. Pod Security Standards (baseline) forbid it.`,
      fix: `Remove \`${field}\`${field === 'hostNetwork' ? '; expose the pod through a Service' : ''}.`,
      severity: 'error',
      kinds: 'workloads',
      profile: 'baseline',
      equivalents: { pss: ['hostNamespaces'], kubeLinter: [kl], polaris: [po], checkov: [ck] },
    },
    check(ctx) {
      return ctx.podTemplates
        .filter((pod) => pod.spec[field] === true)
        .map((pod) => {
          const path = [...pod.specPath, field];
          return {
            path,
            message: `The pod shares the node's ${what} namespace (\`${field}: true\`)`,
            fixes: [{ title: `Delete \`${field}\``, ops: [{ op: 'delete' as const, path }], isPreferred: true }],
          };
        });
    },
  };
}

export const hostNetwork = hostNamespaceRule('SEC002', 'host-network', 'hostNetwork', 'network', 'host-network', 'hostNetworkSet', 'CKV_K8S_19');
export const hostPid = hostNamespaceRule('SEC003', 'host-pid', 'hostPID', 'process ID', 'host-pid', 'hostPIDSet', 'CKV_K8S_17');
export const hostIpc = hostNamespaceRule('SEC004', 'host-ipc', 'hostIPC', 'IPC', 'host-ipc', 'hostIPCSet', 'CKV_K8S_18');

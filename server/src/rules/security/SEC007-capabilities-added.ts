import type { Rule } from '../types';
import { get } from '../workloads';
import { containerName, eachContainer, isWindowsPod } from './podSecurity';

// Pod Security Standards baseline: the runtime's default capability set.
const BASELINE_CAPS = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
// Always errors, whatever their case (as Polaris dangerousCapabilities).
const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN']);

export const capabilitiesAdded: Rule = {
  meta: {
    id: 'SEC007',
    name: 'capabilities-added',
    title: 'Container adds Linux capabilities',
    rationale:
      'Capabilities beyond the runtime default (SYS_ADMIN, NET_ADMIN, ALL, …) give root-like powers over the node. Pod Security Standards forbid them (baseline) and allow only NET_BIND_SERVICE (restricted).',
    fix: 'Remove the capability from `add` (keep at most `NET_BIND_SERVICE`).',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      pss: ['capabilities_baseline', 'capabilities_restricted'],
      polaris: ['dangerousCapabilities'],
      kubeLinter: ['privilege-escalation-container'],
      checkov: ['CKV_K8S_25', 'CKV_K8S_39', 'CKV_K8S_24', 'CKV_K8S_36'],
    },
  },
  check(ctx) {
    return eachContainer(ctx, (pod, c) => {
      const added = get(c.container, ['securityContext', 'capabilities', 'add']);
      if (!Array.isArray(added)) return [];
      const restricted = ctx.profile === 'restricted' && !isWindowsPod(pod);
      return added.flatMap((cap, k) => {
        const name = String(cap);
        const breaksBaseline = !BASELINE_CAPS.has(name) || DANGEROUS.has(name.toUpperCase());
        if (!breaksBaseline && !(restricted && name !== 'NET_BIND_SERVICE')) return [];
        const path = [...c.path, 'securityContext', 'capabilities', 'add', k];
        return [
          {
            path,
            message: `${containerName(c)} adds capability \`${name}\`${breaksBaseline ? '' : ' (the restricted profile allows only NET_BIND_SERVICE)'}`,
            severity: breaksBaseline ? ('error' as const) : ('warning' as const),
            fixes: [{ title: `Remove \`${name}\` from \`add\``, ops: [{ op: 'delete' as const, path }], isPreferred: true }],
          },
        ];
      });
    });
  },
};

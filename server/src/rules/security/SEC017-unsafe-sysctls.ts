import type { Rule, RuleContext } from '../types';
import { get } from '../workloads';
import { minorAtLeast } from './podSecurity';

// The Pod Security Admission safe set, by the Kubernetes minor that added each name.
const SAFE_SYSCTLS: [number, string[]][] = [
  [0, ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

function isSafe(ctx: RuleContext, name: string): boolean {
  return SAFE_SYSCTLS.some(([minor, names]) => minorAtLeast(ctx, minor) && names.includes(name));
}

export const unsafeSysctls: Rule = {
  meta: {
    id: 'SEC017',
    name: 'unsafe-sysctls',
    title: 'Unsafe sysctl',
    rationale: 'Sysctls outside the namespaced safe set change kernel settings for the whole node. Pod Security Standards (baseline) allow only the safe set.',
    fix: 'Remove the sysctl or set it on the node.',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { pss: ['sysctls'], kubeLinter: ['unsafe-sysctls'] },
  },
  check(ctx) {
    return ctx.podTemplates.flatMap((pod) => {
      const sysctls = get(pod.spec, ['securityContext', 'sysctls']);
      if (!Array.isArray(sysctls)) return [];
      return sysctls.flatMap((s, i) => {
        const name = String(get(s, ['name']));
        if (isSafe(ctx, name)) return [];
        return [{ path: [...pod.specPath, 'securityContext', 'sysctls', i, 'name'], message: `Sysctl \`${name}\` is not in the safe set for Kubernetes ${ctx.minor}` }];
      });
    });
  },
};

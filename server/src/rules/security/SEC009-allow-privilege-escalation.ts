import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { containerName, eachContainer, isWindowsPod } from './podSecurity';

export const allowPrivilegeEscalation: Rule = {
  meta: {
    id: 'SEC009',
    name: 'allow-privilege-escalation',
    title: 'Container may gain privileges',
    rationale:
      'Unless `allowPrivilegeEscalation` is `false`, a process can gain more privileges than its parent (setuid binaries); privileged containers and SYS_ADMIN always can. Pod Security Standards (restricted) require an explicit `false`.',
    fix: 'Set `allowPrivilegeEscalation: false` on every container.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      pss: ['allowPrivilegeEscalation'],
      kubeLinter: ['privilege-escalation-container'],
      polaris: ['privilegeEscalationAllowed'],
      checkov: ['CKV_K8S_20', 'CKV_K8S_5'],
    },
  },
  check(ctx) {
    return eachContainer(ctx, (pod, c): RuleFinding[] => {
      const sc = ['securityContext'];
      const apePath = [...c.path, ...sc, 'allowPrivilegeEscalation'];
      const setFalse = { title: 'Set `allowPrivilegeEscalation: false`', ops: [{ op: 'set' as const, path: apePath, value: false }], isPreferred: true };
      const ape = get(c.container, [...sc, 'allowPrivilegeEscalation']);
      if (ape === true) {
        return [{ path: apePath, message: `${containerName(c)} allows privilege escalation`, severity: 'error', fixes: [setFalse] }];
      }
      if (get(c.container, [...sc, 'privileged']) === true) {
        return [{ path: [...c.path, ...sc, 'privileged'], message: `${containerName(c)} is privileged, so it can always escalate privileges`, severity: 'error' }];
      }
      const added = get(c.container, [...sc, 'capabilities', 'add']);
      const sysAdmin = Array.isArray(added) ? added.findIndex((x) => String(x).toUpperCase() === 'SYS_ADMIN') : -1;
      if (sysAdmin >= 0) {
        return [{ path: [...c.path, ...sc, 'capabilities', 'add', sysAdmin], message: `${containerName(c)} adds SYS_ADMIN, so it can escalate privileges`, severity: 'error' }];
      }
      if (ape === false || isWindowsPod(pod)) return [];
      return [{ path: c.path, message: `${containerName(c)} does not set \`allowPrivilegeEscalation: false\``, severity: 'warning', fixes: [setFalse] }];
    });
  },
};

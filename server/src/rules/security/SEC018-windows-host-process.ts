import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { containerName } from './podSecurity';

export const windowsHostProcess: Rule = {
  meta: {
    id: 'SEC018',
    name: 'windows-host-process',
    title: 'Windows HostProcess container',
    rationale: 'A Windows HostProcess container runs directly on the node with the host\'s privileges. Pod Security Standards (baseline) forbid it.',
    fix: 'Remove `hostProcess`.',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { pss: ['windowsHostProcess'], polaris: ['hostProcess'] },
  },
  check(ctx) {
    return ctx.podTemplates.flatMap((pod) => {
      const levels = [
        { who: 'The pod', path: [...pod.specPath, 'securityContext'], owner: pod.spec },
        ...pod.containers.map((c) => ({ who: containerName(c), path: [...c.path, 'securityContext'], owner: c.container })),
      ];
      return levels.flatMap(({ who, path, owner }): RuleFinding[] => {
        if (get(owner, ['securityContext', 'windowsOptions', 'hostProcess']) !== true) return [];
        const at = [...path, 'windowsOptions', 'hostProcess'];
        return [{ path: at, message: `${who} runs as a Windows HostProcess`, fixes: [{ title: 'Delete `hostProcess`', ops: [{ op: 'delete', path: at }], isPreferred: true }] }];
      });
    });
  },
};

import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { containerName, eachContainer, minorAtLeast } from './podSecurity';

const HANDLERS: string[][] = [
  ['livenessProbe'], ['readinessProbe'], ['startupProbe'],
  ['lifecycle', 'postStart'], ['lifecycle', 'preStop'],
];

export const probeLifecycleHost: Rule = {
  meta: {
    id: 'SEC020',
    name: 'probe-lifecycle-host',
    title: 'Probe or lifecycle hook targets another host',
    rationale:
      'A probe or lifecycle hook with `host` makes the kubelet connect to any address from the node, which can reach services the pod cannot. Pod Security Standards (baseline, 1.34+) forbid it.',
    fix: 'Remove `host` (it defaults to the pod IP).',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { pss: ['hostProbesAndHostLifecycle'] },
  },
  check(ctx) {
    if (!minorAtLeast(ctx, 34)) return [];
    return eachContainer(ctx, (_pod, c) =>
      HANDLERS.flatMap((handler) =>
        ['httpGet', 'tcpSocket'].flatMap((action): RuleFinding[] => {
          const host = get(c.container, [...handler, action, 'host']);
          if (typeof host !== 'string' || host === '') return [];
          const path = [...c.path, ...handler, action, 'host'];
          return [{
            path,
            message: `${containerName(c)}'s ${handler.join('.')} connects to host \`${host}\``,
            fixes: [{ title: 'Delete `host`', ops: [{ op: 'delete', path }], isPreferred: true }],
          }];
        }),
      ),
    );
  },
};

import type { Rule } from '../types';
import { appContainers, containerName, isBlank, resourcePath, resourceValue } from './containerResources';

export const ephemeralStorage: Rule = {
  meta: {
    id: 'RES005',
    name: 'ephemeral-storage-and-qos',
    title: 'Ephemeral storage request or limit missing',
    rationale:
      'Logs, emptyDir volumes and the writable layer use node disk; without an `ephemeral-storage` request the scheduler ignores that use, and without a limit one pod can fill the disk and get the node\'s pods evicted.',
    fix: 'Add `ephemeral-storage` requests and limits; make requests equal limits for Guaranteed QoS.',
    severity: 'off',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      kubeScore: [
        'container-ephemeral-storage-request-and-limit',
        'container-ephemeral-storage-request-equals-limit',
        'container-resource-requests-equal-limits',
        'container-cpu-requests-equal-limits',
        'container-memory-requests-equal-limits',
      ],
    },
  },
  check(ctx) {
    return appContainers(ctx.podTemplates).flatMap((c) => {
      const missing = (['requests', 'limits'] as const).filter((s) => isBlank(resourceValue(c, s, 'ephemeral-storage')));
      if (missing.length === 0) return [];
      return [
        {
          path: resourcePath(c, missing[0], 'ephemeral-storage'),
          message: `Container \`${containerName(c)}\` has no ephemeral-storage ${missing.map((s) => s.slice(0, -1)).join(' or ')}`,
        },
      ];
    });
  },
};

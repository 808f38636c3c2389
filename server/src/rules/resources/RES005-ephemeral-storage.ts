import type { Rule, RuleFinding } from '../types';
import { appContainers, containerName, isBlank, resourcePath, resourceValue } from './containerResources';
import type { ContainerRef } from '../workloads';
import { compareQuantities, parseQuantity } from './quantity';

export const ephemeralStorage: Rule = {
  meta: {
    id: 'RES005',
    name: 'ephemeral-storage-and-qos',
    title: 'Ephemeral storage request or limit missing',
    rationale:
      'Logs, emptyDir volumes and the writable layer use node disk; without an `ephemeral-storage` request the scheduler ignores that use, and without a limit one pod can fill the disk and get the node\'s pods evicted.',
    fix: 'Add `ephemeral-storage` requests and limits; make requests equal limits for Guaranteed QoS.',
    severity: 'off',
    optional: 'Requests that differ from limits (cpu, memory, ephemeral-storage): the pod is not in the Guaranteed QoS class (kube-score `container-resource-requests-equal-limits` and its cpu/memory/ephemeral-storage variants).',
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
    return appContainers(ctx.podTemplates).flatMap((c): RuleFinding[] => {
      const missing = (['requests', 'limits'] as const).filter((s) => isBlank(resourceValue(c, s, 'ephemeral-storage')));
      const unequal = ctx.optional ? unequalResources(c) : [];
      if (missing.length === 0) return unequal;
      return [
        ...unequal,
        {
          path: resourcePath(c, missing[0], 'ephemeral-storage'),
          message: `${containerName(c)} has no ephemeral-storage ${missing.map((s) => s.slice(0, -1)).join(' or ')}`,
        },
      ];
    });
  },
};

/** Resources whose request and limit are both set and differ (an unset one is another rule's business). */
function unequalResources(c: ContainerRef): RuleFinding[] {
  return (['cpu', 'memory', 'ephemeral-storage'] as const).flatMap((resource): RuleFinding[] => {
    const request = resourceValue(c, 'requests', resource);
    const limit = resourceValue(c, 'limits', resource);
    if (isBlank(request) || isBlank(limit)) return [];
    const a = parseQuantity(request);
    const b = parseQuantity(limit);
    if (a === undefined || b === undefined || compareQuantities(a, b) === 0) return [];
    return [{ path: resourcePath(c, 'requests', resource), message: `${containerName(c)} requests ${String(request)} ${resource} but is limited to ${String(limit)}: not Guaranteed QoS` }];
  });
}

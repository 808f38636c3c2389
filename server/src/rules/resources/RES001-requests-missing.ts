import type { Rule } from '../types';
import { appContainers, containerName, insertResourcesFix, isBlank, resourcePath, resourceValue } from './containerResources';

export const requestsMissing: Rule = {
  meta: {
    id: 'RES001',
    name: 'requests-missing',
    title: 'CPU or memory request missing',
    rationale:
      'The scheduler places pods by their requests: without them a pod can land on a full node, and it is the first to be evicted under memory pressure (BestEffort QoS).',
    fix: 'Add `resources.requests.cpu` and `resources.requests.memory`.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      kubeLinter: ['unset-cpu-requirements'],
      polaris: ['cpuRequestsMissing', 'memoryRequestsMissing'],
      kubeScore: ['container-resources'],
      checkov: ['CKV_K8S_10', 'CKV_K8S_12'],
    },
  },
  check(ctx) {
    // Init containers are left out, as Polaris does: the catalogue's C[app].
    return appContainers(ctx.podTemplates).flatMap((c) => {
      const missing = ['cpu', 'memory'].filter((n) => isBlank(resourceValue(c, 'requests', n)));
      if (missing.length === 0) return [];
      return [
        {
          path: resourcePath(c, 'requests', missing[0]),
          message: `${containerName(c)} has no ${missing.join(' or ')} request`,
          fixes: insertResourcesFix(c, 'requests', missing),
        },
      ];
    });
  },
};

import type { Rule, RuleFinding } from '../types';
import { appContainers, containerName, insertResourcesFix, isBlank, resourcePath, resourceValue } from './containerResources';

export const limitsMissing: Rule = {
  meta: {
    id: 'RES002',
    name: 'limits-missing',
    title: 'Memory or CPU limit missing',
    rationale:
      'Without a memory limit one leaking container can exhaust the node and get its neighbours killed. A CPU limit is optional: it only throttles, so it is reported as information.',
    fix: 'Add `resources.limits.memory` (a CPU limit is optional).',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      kubeLinter: ['unset-memory-requirements'],
      polaris: ['memoryLimitsMissing', 'cpuLimitsMissing'],
      kubeScore: ['container-resources'],
      checkov: ['CKV_K8S_13', 'CKV_K8S_11'],
    },
  },
  check(ctx) {
    return appContainers(ctx.podTemplates).flatMap((c) => {
      const findings: RuleFinding[] = [];
      for (const name of ['memory', 'cpu']) {
        if (!isBlank(resourceValue(c, 'limits', name))) continue;
        findings.push({
          path: resourcePath(c, 'limits', name),
          message: `${containerName(c)} has no ${name} limit`,
          severity: name === 'memory' ? 'warning' : 'info',
          fixes: insertResourcesFix(c, 'limits', [name]),
        });
      }
      return findings;
    });
  },
};

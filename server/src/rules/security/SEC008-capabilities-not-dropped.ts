import type { Rule } from '../types';
import { get } from '../workloads';
import { containerName, eachContainer, isWindowsPod } from './podSecurity';

export const capabilitiesNotDropped: Rule = {
  meta: {
    id: 'SEC008',
    name: 'capabilities-not-dropped',
    title: 'Container keeps default capabilities',
    rationale:
      'The runtime grants a default capability set (including NET_RAW, which allows packet spoofing); dropping ALL leaves the container only what it adds back. Pod Security Standards (restricted) require dropping ALL.',
    fix: 'Add `securityContext.capabilities.drop: ["ALL"]`.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      pss: ['capabilities_restricted'],
      kubeLinter: ['drop-net-raw-capability'],
      polaris: ['insecureCapabilities'],
      checkov: ['CKV_K8S_37', 'CKV_K8S_28', 'CKV_K8S_7'],
    },
  },
  check(ctx) {
    return eachContainer(ctx, (pod, c) => {
      if (isWindowsPod(pod)) return [];
      const dropPath = [...c.path, 'securityContext', 'capabilities', 'drop'];
      const drop = get(c.container, ['securityContext', 'capabilities', 'drop']);
      const list = Array.isArray(drop) ? drop.map(String) : [];
      const enough = list.includes('ALL') || (ctx.profile !== 'restricted' && list.includes('NET_RAW'));
      if (enough) return [];
      const fix = Array.isArray(drop)
        ? { op: 'set' as const, path: [...dropPath, drop.length], value: 'ALL' }
        : { op: 'set' as const, path: dropPath, value: ['ALL'] };
      return [
        {
          path: Array.isArray(drop) ? dropPath : c.path,
          message: Array.isArray(drop) ? `${containerName(c)} does not drop ALL capabilities` : `${containerName(c)} does not drop any capabilities`,
          fixes: [{ title: 'Add `drop: [ALL]`', ops: [fix], isPreferred: true }],
        },
      ];
    });
  },
};

import type { Rule, RuleFinding } from '../types';
import { effectiveSecurity, get } from '../workloads';
import { containerName, eachContainer, uniqueByPath } from './podSecurity';

export const rootGroup: Rule = {
  meta: {
    id: 'SEC011',
    name: 'root-or-low-uid-gid',
    title: 'Root group id',
    rationale:
      'Group 0 owns many files on the node and in images; a process in the root group can read and write them. Non-zero ids (≥ 10000) also avoid clashing with users of the node.',
    fix: 'Use non-zero ids ≥ 10000 for `runAsUser`, `runAsGroup`, `fsGroup`.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeLinter: ['run-as-non-root'], kubeScore: ['container-security-context-user-group-id'], checkov: ['CKV_K8S_40'] },
  },
  check(ctx) {
    const findings: RuleFinding[] = eachContainer(ctx, (pod, c) => {
      const group = effectiveSecurity(pod, c, 'runAsGroup');
      if (group.value !== 0) return [];
      const who = group.source === 'pod' ? 'The pod' : containerName(c);
      return [{ path: group.path, message: `${who} runs with the root group (\`runAsGroup: 0\`)` }];
    });
    for (const pod of ctx.podTemplates) {
      const sc = [...pod.specPath, 'securityContext'];
      if (get(pod.spec, ['securityContext', 'fsGroup']) === 0) {
        findings.push({ path: [...sc, 'fsGroup'], message: 'The pod\'s volumes are owned by the root group (`fsGroup: 0`)' });
      }
      const groups = get(pod.spec, ['securityContext', 'supplementalGroups']);
      const root = Array.isArray(groups) ? groups.indexOf(0) : -1;
      if (root >= 0) findings.push({ path: [...sc, 'supplementalGroups', root], message: 'The pod joins the root group (`supplementalGroups` contains 0)' });
    }
    return uniqueByPath(findings);
  },
};

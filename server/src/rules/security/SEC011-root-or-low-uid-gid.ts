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
    optional: 'A user or group id between 1 and 9999 (`runAsUser`, `runAsGroup`): information (kube-score `container-security-context-user-group-id`); not when `hostUsers: false` maps ids away from the node.',
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
    if (ctx.optional) {
      for (const pod of ctx.podTemplates) {
        // In a user namespace (`hostUsers: false`) the ids are not the node's.
        if (pod.spec.hostUsers === false) continue;
        for (const c of pod.containers) {
          for (const field of ['runAsUser', 'runAsGroup'] as const) {
            const id = effectiveSecurity(pod, c, field);
            if (typeof id.value !== 'number' || id.value <= 0 || id.value >= 10000) continue;
            const who = id.source === 'pod' ? 'The pod' : containerName(c);
            findings.push({ path: id.path, severity: 'info', message: `${who} runs with \`${field}: ${id.value}\`, below 10000: it may be the id of a user or group on the node` });
          }
        }
      }
    }
    return uniqueByPath(findings);
  },
};

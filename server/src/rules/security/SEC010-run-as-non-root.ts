import type { Rule, RuleFinding } from '../types';
import { effectiveSecurity } from '../workloads';
import { containerName, eachContainer, inUserNamespace } from './podSecurity';

export const runAsNonRoot: Rule = {
  meta: {
    id: 'SEC010',
    name: 'run-as-non-root',
    title: 'Container may run as root',
    rationale:
      'A process running as UID 0 is root on the node if it escapes the container. `runAsNonRoot: true` makes the kubelet refuse to start an image that runs as root. Pod Security Standards (restricted) require it.',
    fix: 'Set `spec.securityContext: {runAsNonRoot: true, runAsUser: 10001}`.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      pss: ['runAsNonRoot', 'runAsUser'],
      kubeLinter: ['run-as-non-root'],
      polaris: ['runAsRootAllowed'],
      checkov: ['CKV_K8S_23', 'CKV_K8S_6'],
    },
  },
  check(ctx) {
    return eachContainer(ctx, (pod, c): RuleFinding[] => {
      if (inUserNamespace(ctx, pod)) return [];
      const user = effectiveSecurity(pod, c, 'runAsUser');
      if (user.value === 0) return [{ path: user.path, message: `${containerName(c)} runs as root (\`runAsUser: 0\`)`, severity: 'error' }];
      const nonRoot = effectiveSecurity(pod, c, 'runAsNonRoot');
      if (nonRoot.value === true) return [];
      // kube-linter accepts a non-zero runAsUser; the restricted profile (as PSS) wants runAsNonRoot literally.
      if (user.source !== 'unset' && ctx.profile !== 'restricted') return [];
      const podPath = [...pod.specPath, 'securityContext', 'runAsNonRoot'];
      // A container-level `false` overrides the pod, so the fix goes where the `false` is.
      const fixPath = nonRoot.source === 'container' ? nonRoot.path : podPath;
      return [
        {
          path: nonRoot.source === 'unset' ? c.path : nonRoot.path,
          message: `${containerName(c)} may run as root: \`runAsNonRoot\` is ${nonRoot.source === 'unset' ? 'not set' : `\`${String(nonRoot.value)}\``}`,
          severity: 'warning',
          fixes: [{ title: 'Set `runAsNonRoot: true`', ops: [{ op: 'set', path: fixPath, value: true }], isPreferred: true }],
        },
      ];
    });
  },
};

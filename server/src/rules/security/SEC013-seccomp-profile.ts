import type { Rule, RuleFinding } from '../types';
import { get, type PodTemplate } from '../workloads';
import type { YamlPath } from '../../parse/yamlPath';
import { containerName, isWindowsPod } from './podSecurity';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);
const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

function unconfinedFindings(pod: PodTemplate, annotationsPath: YamlPath, annotations: Record<string, unknown>): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const toDefault = (path: YamlPath) => [{ title: 'Use `RuntimeDefault`', ops: [{ op: 'set' as const, path, value: 'RuntimeDefault' }], isPreferred: true }];
  const podType = [...pod.specPath, 'securityContext', 'seccompProfile', 'type'];
  if (get(pod.spec, ['securityContext', 'seccompProfile', 'type']) === 'Unconfined') {
    findings.push({ path: podType, message: 'The pod runs without a seccomp profile (`Unconfined`)', fixes: toDefault(podType) });
  }
  for (const c of pod.containers) {
    const path = [...c.path, 'securityContext', 'seccompProfile', 'type'];
    if (get(c.container, ['securityContext', 'seccompProfile', 'type']) === 'Unconfined') {
      findings.push({ path, message: `${containerName(c)} runs without a seccomp profile (\`Unconfined\`)`, fixes: toDefault(path) });
    }
  }
  for (const [key, value] of Object.entries(annotations)) {
    if ((key === POD_ANNOTATION || key.startsWith(CONTAINER_ANNOTATION)) && value === 'unconfined') {
      findings.push({ path: [...annotationsPath, key], message: `Annotation \`${key}\` disables seccomp` });
    }
  }
  return findings.map((f) => ({ ...f, severity: 'error' }));
}

export const seccompProfile: Rule = {
  meta: {
    id: 'SEC013',
    name: 'seccomp-profile',
    title: 'Seccomp profile',
    rationale:
      'Seccomp filters the system calls a container can make; `Unconfined` exposes the whole kernel surface (forbidden by Pod Security baseline) and the restricted profile requires `RuntimeDefault` or `Localhost`.',
    fix: 'Set `spec.securityContext.seccompProfile.type: RuntimeDefault`.',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      pss: ['seccompProfile_baseline', 'seccompProfile_restricted'],
      kubeScore: ['container-seccomp-profile'],
      checkov: ['CKV_K8S_31', 'CKV_K8S_32'],
      polaris: ['linuxHardening'],
    },
  },
  check(ctx) {
    return ctx.podTemplates.flatMap((pod) => {
      const annotationsPath = [...pod.metadataPath, 'annotations'];
      const annotations = get(ctx.object, annotationsPath);
      const findings = unconfinedFindings(pod, annotationsPath, typeof annotations === 'object' && annotations !== null ? (annotations as Record<string, unknown>) : {});
      if (ctx.profile !== 'restricted' || isWindowsPod(pod)) return findings;
      const podConfined = CONFINED.has(String(get(pod.spec, ['securityContext', 'seccompProfile', 'type'])));
      const unset = pod.containers.filter((c) => get(c.container, ['securityContext', 'seccompProfile', 'type']) === undefined);
      if (podConfined || unset.length === 0 || findings.length > 0) return findings;
      const podType = [...pod.specPath, 'securityContext', 'seccompProfile', 'type'];
      findings.push({
        path: podType,
        message: `Neither the pod nor ${unset.map(containerName).join(', ')} sets a seccomp profile`,
        severity: 'warning',
        fixes: [{ title: 'Set the pod\'s seccomp profile to `RuntimeDefault`', ops: [{ op: 'set', path: podType, value: 'RuntimeDefault' }], isPreferred: true }],
      });
      return findings;
    });
  },
};

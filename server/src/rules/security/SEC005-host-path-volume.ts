import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { containerName } from './podSecurity';

// Node directories whose exposure hands over the node (kube-linter sensitive-host-mounts), and runtime sockets.
const SENSITIVE_DIRS = new Set(['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr']);
const RUNTIME_SOCKETS = ['docker.sock', 'containerd.sock', 'crio.sock'];

function isSensitive(path: string): boolean {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return SENSITIVE_DIRS.has(normalized) || RUNTIME_SOCKETS.some((s) => normalized.endsWith(s));
}

export const hostPathVolume: Rule = {
  meta: {
    id: 'SEC005',
    name: 'host-path-volume',
    title: 'hostPath volume',
    rationale:
      'A hostPath volume exposes the node\'s file system to the pod; system directories and the container runtime socket give full control of the node. Pod Security Standards (baseline) forbid hostPath.',
    fix: 'Use a PVC, emptyDir or configMap; if a hostPath is unavoidable, mount it `readOnly: true`.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      pss: ['hostPathVolumes'],
      polaris: ['hostPathSet'],
      kubeLinter: ['sensitive-host-mounts', 'docker-sock', 'writable-host-mount'],
      checkov: ['CKV_K8S_27'],
    },
  },
  check(ctx) {
    return ctx.podTemplates.flatMap((pod) => {
      const findings: RuleFinding[] = [];
      const hostVolumes = new Set<string>();
      const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
      volumes.forEach((v, i) => {
        const hostPath = get(v, ['hostPath']);
        if (hostPath === undefined) return;
        const name = String(get(v, ['name']));
        hostVolumes.add(name);
        const path = get(hostPath, ['path']);
        const sensitive = typeof path === 'string' && isSensitive(path);
        findings.push({
          path: [...pod.specPath, 'volumes', i, 'hostPath', 'path'],
          message: sensitive
            ? `Volume \`${name}\` mounts the node's \`${String(path)}\`, which gives control of the node`
            : `Volume \`${name}\` is a hostPath volume${typeof path === 'string' ? ` (\`${path}\`)` : ''}`,
          severity: sensitive ? 'error' : 'warning',
        });
      });
      for (const c of pod.containers) {
        const mounts = Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : [];
        mounts.forEach((m, j) => {
          if (!hostVolumes.has(String(get(m, ['name']))) || get(m, ['readOnly']) === true) return;
          const path = [...c.path, 'volumeMounts', j];
          findings.push({
            path,
            message: `${containerName(c)} mounts hostPath volume \`${String(get(m, ['name']))}\` writable`,
            severity: 'warning',
            fixes: [{ title: 'Mount it `readOnly: true`', ops: [{ op: 'set', path: [...path, 'readOnly'], value: true }], isPreferred: true }],
          });
        });
      }
      return findings;
    });
  },
};

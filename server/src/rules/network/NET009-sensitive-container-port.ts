import type { Rule, RuleFinding } from '../types';
import { isObj } from './workspaceObjects';

export const sensitiveContainerPort: Rule = {
  meta: {
    id: 'NET009',
    name: 'sensitive-container-port',
    title: 'Container exposes SSH',
    rationale: 'A container listening for SSH (22/TCP) is a remote shell into the cluster and usually a sign of an image built like a VM.',
    fix: 'Do not expose SSH; use `kubectl exec` or an ephemeral debug container.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeLinter: ['ssh-port', 'privileged-ports'] },
  },
  check(ctx) {
    // The catalogue's "any port < 1024" half (kube-linter `privileged-ports`) ships off and is not checked.
    const findings: RuleFinding[] = [];
    for (const pod of ctx.podTemplates) {
      for (const c of pod.containers) {
        if (!Array.isArray(c.container.ports)) continue;
        c.container.ports.forEach((p, i) => {
          if (!isObj(p) || p.containerPort !== 22 || (p.protocol ?? 'TCP') !== 'TCP') return;
          findings.push({ path: [...c.path, 'ports', i, 'containerPort'], message: `Container \`${String(c.container.name)}\` exposes SSH (port 22/TCP)` });
        });
      }
    }
    return findings;
  },
};

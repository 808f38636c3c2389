import type { Rule, RuleFinding } from '../types';
import { isObj } from './workspaceObjects';
import { containerLabel } from '../workloads';

export const sensitiveContainerPort: Rule = {
  meta: {
    id: 'NET009',
    name: 'sensitive-container-port',
    title: 'Container exposes SSH',
    rationale: 'A container listening for SSH (22/TCP) is a remote shell into the cluster and usually a sign of an image built like a VM.',
    fix: 'Do not expose SSH; use `kubectl exec` or an ephemeral debug container.',
    severity: 'warning',
    optional: 'Any other container port below 1024: information (kube-linter `privileged-ports`).',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeLinter: ['ssh-port', 'privileged-ports'] },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const pod of ctx.podTemplates) {
      for (const c of pod.containers) {
        if (!Array.isArray(c.container.ports)) continue;
        c.container.ports.forEach((p, i) => {
          if (!isObj(p) || typeof p.containerPort !== 'number') return;
          if (p.containerPort !== 22 || (p.protocol ?? 'TCP') !== 'TCP') {
            if (ctx.optional && p.containerPort < 1024) {
              findings.push({ path: [...c.path, 'ports', i, 'containerPort'], severity: 'info', message: `${containerLabel(c)} listens on privileged port ${p.containerPort}: binding it needs root or \`NET_BIND_SERVICE\`` });
            }
            return;
          }
          findings.push({ path: [...c.path, 'ports', i, 'containerPort'], message: `${containerLabel(c)} exposes SSH (port 22/TCP)` });
        });
      }
    }
    return findings;
  },
};

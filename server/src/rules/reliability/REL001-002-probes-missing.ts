// REL001–REL002: app containers of long-running workloads without a readiness / liveness probe.
import type { Rule } from '../types';
import { handlerKey, firstPort, probeSkeleton } from './probes';
import { isLongRunning } from './related';
import { containerLabel } from '../workloads';

function probeMissingRule(field: 'readinessProbe' | 'livenessProbe'): Rule {
  const readiness = field === 'readinessProbe';
  const word = readiness ? 'readiness' : 'liveness';
  return {
    meta: readiness
      ? {
          id: 'REL001',
          name: 'readiness-probe-missing',
          title: 'Container without a readiness probe',
          rationale: 'Without a readiness probe a pod receives traffic as soon as its container starts, before it can serve, and keeps it while it cannot.',
          fix: 'Add an `httpGet`, `tcpSocket` or `grpc` readiness probe.',
          severity: 'warning',
          kinds: 'workloads',
          profile: 'baseline',
          equivalents: { kubeLinter: ['no-readiness-probe'], polaris: ['readinessProbeMissing'], kubeScore: ['pod-probes'], checkov: ['CKV_K8S_9'] },
        }
      : {
          id: 'REL002',
          name: 'liveness-probe-missing',
          title: 'Container without a liveness probe',
          rationale: 'Without a liveness probe a deadlocked container keeps running and is never restarted.',
          fix: 'Add a liveness probe that detects a deadlock, not the health of dependencies.',
          severity: 'info',
          kinds: 'workloads',
          profile: 'baseline',
          equivalents: { kubeLinter: ['no-liveness-probe'], polaris: ['livenessProbeMissing'], kubeScore: ['pod-probes'], checkov: ['CKV_K8S_8'] },
        },
    check(ctx) {
      if (!isLongRunning(ctx.kind)) return [];
      // Only app containers: init containers run to completion and cannot have these probes.
      return ctx.podTemplates.flatMap((pod) =>
        pod.containers
          .filter((c) => c.group === 'containers' && c.container[field] === undefined)
          .map((c) => {
            // Liveness must differ from readiness (REL003), including the readiness probe REL001 would add.
            const avoid = readiness ? undefined : handlerKey(c.container.readinessProbe ?? probeSkeleton(c.container));
            const skeleton = probeSkeleton(c.container, avoid);
            const port = firstPort(c.container)?.port;
            return {
              path: c.path,
              message: `${containerLabel(c)} has no ${word} probe`,
              fixes: skeleton
                ? [{ title: `Add a ${word} probe on port \`${String(port)}\``, ops: [{ op: 'set' as const, path: [...c.path, field], value: skeleton }] }]
                : [],
            };
          }),
      );
    },
  };
}

export const readinessProbeMissing = probeMissingRule('readinessProbe');
export const livenessProbeMissing = probeMissingRule('livenessProbe');

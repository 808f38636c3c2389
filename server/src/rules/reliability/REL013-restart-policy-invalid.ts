import type { Rule } from '../types';
import { existingPath } from './related';

// Controllers that keep pods running: the apiserver accepts only `Always` for them.
const CONTROLLERS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'DeploymentConfig'];

export const restartPolicyInvalid: Rule = {
  meta: {
    id: 'REL013',
    name: 'restart-policy-invalid',
    title: 'Restart policy not allowed for this kind',
    rationale: 'Jobs must use `OnFailure` or `Never` (the default `Always` is rejected); controllers that keep pods running accept only `Always`.',
    fix: 'Use `OnFailure` or `Never` for Jobs and CronJobs; omit `restartPolicy` for controllers.',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeScore: ['cronjob-restartpolicy'], kubeLinter: ['restart-policy'] },
  },
  check(ctx) {
    return ctx.podTemplates.flatMap((pod) => {
      const policy = pod.spec.restartPolicy;
      const path = existingPath(ctx.object, [...pod.specPath, 'restartPolicy']);
      if (ctx.kind === 'Job' || ctx.kind === 'CronJob') {
        if (policy === 'OnFailure' || policy === 'Never') return [];
        return [
          {
            path,
            message:
              policy === undefined
                ? `The ${ctx.kind}'s pod template has no \`restartPolicy\`: the default \`Always\` is rejected, use \`OnFailure\` or \`Never\``
                : `\`restartPolicy: ${String(policy)}\` is not allowed in a ${ctx.kind}: use \`OnFailure\` or \`Never\``,
          },
        ];
      }
      if (CONTROLLERS.includes(ctx.kind) && policy !== undefined && policy !== 'Always') {
        return [{ path, message: `\`restartPolicy: ${String(policy)}\` is not allowed in a ${ctx.kind}: only \`Always\` is; omit it` }];
      }
      return [];
    });
  },
};

import type { Obj, Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { existingPath } from '../reliability/related';

const ownedByCronJob = (object: Obj): boolean => {
  const owners = get(object, ['metadata', 'ownerReferences']);
  return Array.isArray(owners) && owners.some((o) => (o as Obj | null)?.kind === 'CronJob');
};

export const jobLifecycle: Rule = {
  meta: {
    id: 'OPS002',
    name: 'job-lifecycle',
    title: 'Job clean-up and CronJob deadline',
    rationale:
      'Finished standalone Jobs and their pods stay forever without a TTL; a CronJob already prunes its Jobs by history limits, and without `startingDeadlineSeconds` a missed schedule can start late or not at all.',
    fix: 'Set `ttlSecondsAfterFinished` on standalone Jobs; set `startingDeadlineSeconds` on CronJobs.',
    severity: 'info',
    kinds: ['Job', 'CronJob'],
    profile: 'baseline',
    equivalents: { kubeLinter: ['job-ttl-seconds-after-finished'], kubeScore: ['cronjob-has-deadline'] },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    if (ctx.kind === 'Job') {
      if (!ownedByCronJob(ctx.object) && get(ctx.object, ['spec', 'ttlSecondsAfterFinished']) === undefined) {
        findings.push({ path: existingPath(ctx.object, ['spec', 'ttlSecondsAfterFinished']), message: `Job \`${ctx.name ?? ''}\` has no \`ttlSecondsAfterFinished\`: it and its pods stay after it finishes` });
      }
      return findings;
    }
    const ttlPath = ['spec', 'jobTemplate', 'spec', 'ttlSecondsAfterFinished'];
    if (get(ctx.object, ttlPath) !== undefined) {
      findings.push({ path: ttlPath, message: 'The CronJob already keeps a limited Job history; a TTL on its Jobs removes them before you can inspect them' });
    }
    if (get(ctx.object, ['spec', 'startingDeadlineSeconds']) === undefined) {
      findings.push({ path: existingPath(ctx.object, ['spec', 'startingDeadlineSeconds']), message: `CronJob \`${ctx.name ?? ''}\` has no \`startingDeadlineSeconds\`: a missed run may start arbitrarily late or stop being scheduled` });
    }
    return findings;
  },
};

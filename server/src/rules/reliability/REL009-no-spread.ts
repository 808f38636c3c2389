import { matchesLabelSelector } from '../selectors';
import type { Obj, Rule, RuleFinding } from '../types';
import { existingPath, replicasOf } from './related';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const SPREAD_KEYS = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'];

/** The problem with one topology spread constraint that makes it invalid or useless, if any. */
function constraintProblem(c: Obj): { field: string; message: string } | undefined {
  if (c.maxSkew === 0) return { field: 'maxSkew', message: '`maxSkew: 0` is invalid: it must be at least 1' };
  if (c.minDomains === 0) return { field: 'minDomains', message: '`minDomains: 0` is invalid: it must be at least 1' };
  if (!c.topologyKey) return { field: 'topologyKey', message: 'The topology spread constraint has no `topologyKey`' };
  if (!isObj(c.labelSelector)) return { field: 'labelSelector', message: 'The topology spread constraint has no `labelSelector`: it counts no pods and spreads nothing' };
  if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
    return { field: 'whenUnsatisfiable', message: `\`whenUnsatisfiable\` must be DoNotSchedule or ScheduleAnyway, not \`${String(c.whenUnsatisfiable ?? 'unset')}\`` };
  }
  return undefined;
}

export const noSpread: Rule = {
  meta: {
    id: 'REL009',
    name: 'no-spread',
    title: 'Replicas are not spread across nodes or zones',
    rationale: 'Without anti-affinity or a topology spread constraint the scheduler may put every replica on one node, which one failure takes down.',
    fix: 'Add `topologySpreadConstraints` on hostname or zone selecting the pod labels.',
    severity: 'info',
    kinds: ['Deployment', 'StatefulSet'],
    profile: 'baseline',
    equivalents: {
      kubeLinter: ['no-anti-affinity'],
      kubeScore: ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity', 'pod-topology-spread-constraints'],
      polaris: ['topologySpreadConstraint'],
    },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const pod of ctx.podTemplates) {
      const constraints = list(pod.spec.topologySpreadConstraints);
      constraints.forEach((c, i) => {
        const problem = constraintProblem(c);
        if (!problem) return;
        const path = existingPath(ctx.object, [...pod.specPath, 'topologySpreadConstraints', i, problem.field]);
        findings.push({ path, severity: 'error', message: problem.message });
      });
      if (replicasOf(ctx.object) < 2 || constraints.length > 0) continue;
      const anti = isObj(pod.spec.affinity) && isObj(pod.spec.affinity.podAntiAffinity) ? pod.spec.affinity.podAntiAffinity : {};
      const terms = [
        ...list(anti.requiredDuringSchedulingIgnoredDuringExecution),
        ...list(anti.preferredDuringSchedulingIgnoredDuringExecution).map((t) => (isObj(t.podAffinityTerm) ? t.podAffinityTerm : {})),
      ];
      const spreads = terms.some((t) => SPREAD_KEYS.includes(String(t.topologyKey)) && matchesLabelSelector(t.labelSelector, pod.labels));
      if (!spreads) {
        findings.push({
          path: pod.specPath,
          message: `The ${replicasOf(ctx.object)} replicas of ${ctx.kind} \`${ctx.name ?? ''}\` may all land on one node: no pod anti-affinity or topology spread constraint`,
        });
      }
    }
    return findings;
  },
};

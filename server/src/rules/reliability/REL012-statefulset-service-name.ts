import { matchesMapSelector } from '../selectors';
import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { existingPath, inNamespace, templateLabels } from './related';

export const statefulSetServiceName: Rule = {
  meta: {
    id: 'REL012',
    name: 'statefulset-service-name',
    title: 'StatefulSet without its headless Service',
    rationale: 'A StatefulSet gives its pods stable DNS names only through a headless Service named in `serviceName` that selects them.',
    fix: 'Add a headless Service (`clusterIP: None`) selecting the pods and set `serviceName` to it.',
    severity: 'warning',
    kinds: ['StatefulSet'],
    profile: 'baseline',
    equivalents: { kubeScore: ['statefulset-has-servicename'] },
    workspace: true,
    reads: ['Service'],
  },
  check(ctx) {
    const serviceName = get(ctx.object, ['spec', 'serviceName']);
    const path = ['spec', 'serviceName'];
    if (typeof serviceName !== 'string' || serviceName === '') {
      return [{ path: existingPath(ctx.object, path), message: `StatefulSet \`${ctx.name ?? ''}\` has no \`serviceName\`: its pods get no stable DNS names` }];
    }
    const service = inNamespace(ctx, 'Service').find((s) => s.name === serviceName);
    const problem = (text: string): RuleFinding[] => [{ path, message: `Service \`${serviceName}\` ${text}` }];
    if (!service) return problem('is not defined in the workspace');
    if (get(service.object, ['spec', 'clusterIP']) !== 'None') return problem('is not headless (`clusterIP: None`)');
    const selector = get(service.object, ['spec', 'selector']);
    const selects = typeof selector === 'object' && selector !== null && Object.keys(selector).length > 0 && matchesMapSelector(selector, templateLabels(ctx.object));
    return selects ? [] : problem(`does not select the pods of StatefulSet \`${ctx.name ?? ''}\``);
  },
};

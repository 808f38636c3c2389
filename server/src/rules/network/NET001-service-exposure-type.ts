import type { Rule } from '../types';

export const serviceExposureType: Rule = {
  meta: {
    id: 'NET001',
    name: 'service-exposure-type',
    title: 'Service exposed on every node',
    rationale:
      'A `NodePort` Service opens the same port on every node of the cluster, bypassing the Ingress or Gateway where TLS, authentication and rate limits live.',
    fix: 'Use `type: ClusterIP` behind an Ingress or Gateway.',
    severity: 'info',
    optional: '`type: LoadBalancer` too (kube-linter `exposed-services`).',
    kinds: ['Service'],
    profile: 'baseline',
    equivalents: { kubeScore: ['service-type'], kubeLinter: ['exposed-services'] },
  },
  check(ctx) {
    const spec = ctx.object.spec as { type?: unknown } | undefined;
    if (ctx.optional && spec?.type === 'LoadBalancer') {
      return [{ path: ['spec', 'type'], message: `Service \`${ctx.name ?? ''}\` is of type \`LoadBalancer\`: it is reachable from outside the cluster without the Ingress or Gateway` }];
    }
    if (spec?.type !== 'NodePort') return [];
    return [{ path: ['spec', 'type'], message: `Service \`${ctx.name ?? ''}\` is of type \`NodePort\`: it opens a port on every node` }];
  },
};

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
    kinds: ['Service'],
    profile: 'baseline',
    equivalents: { kubeScore: ['service-type'], kubeLinter: ['exposed-services'] },
  },
  check(ctx) {
    // LoadBalancer is the catalogue's shipped-off half of this rule (kube-linter `exposed-services`, off).
    const spec = ctx.object.spec as { type?: unknown } | undefined;
    if (spec?.type !== 'NodePort') return [];
    return [{ path: ['spec', 'type'], message: `Service \`${ctx.name ?? ''}\` is of type \`NodePort\`: it opens a port on every node` }];
  },
};

import type { YamlPath } from '../../parse/yamlPath';
import type { Rule, RuleContext } from '../types';
import { get } from '../workloads';

const GATEWAY_API = 'gateway.networking.k8s.io/';
const ISTIO = 'networking.istio.io/';

interface HostRef {
  path: YamlPath;
  host: string;
}

/** Every host the object routes, by kind (see the catalogue's paths for NET006). */
function hostsOf(ctx: RuleContext): HostRef[] {
  const { kind, apiVersion, object } = ctx;
  const list = (path: YamlPath, itemPath: YamlPath = []): HostRef[] => {
    const items = get(object, path);
    if (!Array.isArray(items)) return [];
    return items.flatMap((item, i) => {
      const host = get(item, itemPath);
      return typeof host === 'string' ? [{ path: [...path, i, ...itemPath], host }] : [];
    });
  };
  const nested = (outer: YamlPath, inner: string): HostRef[] => {
    const items = get(object, outer);
    return Array.isArray(items) ? items.flatMap((_, i) => list([...outer, i, inner])) : [];
  };
  if (kind === 'Ingress' && apiVersion.startsWith('networking.k8s.io/')) return [...list(['spec', 'rules'], ['host']), ...nested(['spec', 'tls'], 'hosts')];
  if (apiVersion.startsWith(GATEWAY_API)) {
    if (kind === 'HTTPRoute' || kind === 'GRPCRoute') return list(['spec', 'hostnames']);
    if (kind === 'Gateway') return list(['spec', 'listeners'], ['hostname']);
  }
  if (apiVersion.startsWith(ISTIO)) {
    // Mesh-internal names (`reviews`, `reviews.prod.svc.cluster.local`) are not ingress hosts.
    const external = (h: HostRef) => h.host.includes('.') && !/\.svc(\.cluster\.local)?$/.test(h.host);
    if (kind === 'VirtualService') return list(['spec', 'hosts']).filter(external);
    // Istio Gateway hosts may carry a `namespace/` prefix.
    if (kind === 'Gateway') return nested(['spec', 'servers'], 'hosts').map((h) => ({ ...h, host: h.host.replace(/^[^/]*\//, '') })).filter(external);
  }
  return [];
}

/** `example.com` approves exactly that host; `*.example.com` approves any name under it (wildcards included). */
export function isApprovedHost(host: string, approved: string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === '*') return false;
  return approved.some((entry) => {
    const a = entry.toLowerCase().replace(/\.$/, '');
    return a.startsWith('*.') ? h.endsWith(a.slice(1)) : h === a;
  });
}

export const ingressHostNotApproved: Rule = {
  meta: {
    id: 'NET006',
    name: 'ingress-host-not-approved',
    title: 'Host outside the approved domains',
    rationale: 'Routing a host outside the organisation\'s approved domains can hijack traffic or publish a service under a name nobody owns.',
    fix: 'Use a hostname under an approved domain (`ingress.approvedDomains` in `.gitops-manifests.yaml`).',
    severity: 'error',
    kinds: ['Ingress', 'HTTPRoute', 'GRPCRoute', 'Gateway', 'VirtualService'],
    profile: 'baseline',
    // Not cross-object, but the workspace pass also runs on custom resources whose CRD is unknown
    // (Gateway API and Istio CRDs are rarely in the repository); the per-object pass needs a resolved schema.
    workspace: true,
    reads: [],
  },
  check(ctx) {
    const approved = ctx.config.approvedIngressDomains;
    if (!approved || approved.length === 0) return [];
    return hostsOf(ctx)
      .filter((h) => !isApprovedHost(h.host, approved))
      .map((h) => ({
        path: h.path,
        message:
          h.host.trim() === '*'
            ? `Wildcard host \`*\` routes every hostname; approved domains: ${approved.join(', ')}`
            : `Host \`${h.host}\` is not under an approved domain (${approved.join(', ')})`,
      }));
  },
};

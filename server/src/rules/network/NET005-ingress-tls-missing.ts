import type { FixSpec, Rule } from '../types';
import { get } from '../workloads';

/** The hosts of the Ingress rules, for the TLS skeleton. */
function ruleHosts(ingress: unknown): string[] {
  const rules = get(ingress, ['spec', 'rules']);
  if (!Array.isArray(rules)) return [];
  return [...new Set(rules.map((r) => get(r, ['host'])).filter((h): h is string => typeof h === 'string' && h.length > 0))];
}

export const ingressTlsMissing: Rule = {
  meta: {
    id: 'NET005',
    name: 'ingress-tls-missing',
    title: 'Ingress without TLS',
    rationale: 'Without `spec.tls` the Ingress serves its hosts over plain HTTP.',
    fix: 'Add `spec.tls` with the hosts and a secretName (e.g. issued by cert-manager).',
    severity: 'info',
    kinds: ['Ingress'],
    profile: 'baseline',
    equivalents: { polaris: ['tlsSettingsMissing'] },
  },
  check(ctx) {
    const spec = get(ctx.object, ['spec']);
    const tls = get(spec, ['tls']);
    if (Array.isArray(tls) && tls.length > 0) return [];
    const hosts = ruleHosts(ctx.object);
    const entry = { ...(hosts.length ? { hosts } : {}), secretName: `${ctx.name ?? 'ingress'}-tls` };
    // Absent: create `spec.tls`; present but empty: append the first entry.
    const fixes: FixSpec[] = [
      { title: 'Add a `spec.tls` skeleton', ops: [tls === undefined ? { op: 'set', path: ['spec', 'tls'], value: [entry] } : { op: 'set', path: ['spec', 'tls', 0], value: entry }], isPreferred: true },
    ];
    const message = `Ingress \`${ctx.name ?? ''}\` has no TLS: its hosts are served over plain HTTP`;
    return [{ path: tls === undefined ? ['spec'] : ['spec', 'tls'], message, fixes }];
  },
};

import type { Rule } from '../types';
import { get } from '../workloads';
import { isObj } from './workspaceObjects';

const SNIPPET = /^nginx\.ingress\.kubernetes\.io\/[a-z0-9-]+-snippet$/;

export const ingressNginxSnippet: Rule = {
  meta: {
    id: 'NET010',
    name: 'ingress-nginx-snippet',
    title: 'ingress-nginx snippet annotation',
    rationale:
      'Snippet annotations inject raw NGINX configuration into the shared controller; with `lua` or `alias` they can read the controller\'s secrets (CVE-2021-25742).',
    fix: 'Remove the snippet annotation; use the dedicated annotations or the controller ConfigMap.',
    severity: 'info',
    kinds: ['Ingress'],
    profile: 'baseline',
    equivalents: { checkov: ['CKV_K8S_153', 'CKV_K8S_152', 'CKV_K8S_154'] },
  },
  check(ctx) {
    const annotations = get(ctx.object, ['metadata', 'annotations']);
    if (!isObj(annotations)) return [];
    return Object.entries(annotations)
      .filter(([key]) => SNIPPET.test(key))
      .map(([key, value]) => {
        const text = typeof value === 'string' ? value.toLowerCase() : '';
        const dangerous = ['lua', 'alias'].filter((w) => text.includes(w));
        return dangerous.length
          ? { path: ['metadata', 'annotations', key], severity: 'warning' as const, message: `Annotation \`${key}\` injects NGINX configuration using ${dangerous.map((w) => `\`${w}\``).join(' and ')} (CVE-2021-25742)` }
          : { path: ['metadata', 'annotations', key], message: `Annotation \`${key}\` injects raw NGINX configuration` };
      });
  },
};

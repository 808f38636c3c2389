import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { containerName } from './containerResources';
import { compareQuantities, parseQuantity } from './quantity';

export const requestExceedsLimit: Rule = {
  meta: {
    id: 'RES003',
    name: 'request-exceeds-limit',
    title: 'Request above its limit',
    rationale: 'A request larger than the limit for the same resource is rejected by the API server: the object cannot be applied.',
    fix: 'Lower the request or raise the limit.',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const c of ctx.podTemplates.flatMap((p) => p.containers)) {
      const requests = get(c.container, ['resources', 'requests']);
      const limits = get(c.container, ['resources', 'limits']);
      if (!isObj(requests) || !isObj(limits)) continue;
      for (const [name, request] of Object.entries(requests)) {
        const r = parseQuantity(request);
        const l = parseQuantity(limits[name]);
        // Malformed values are RES004's (or the schema's) to report.
        if (!r || !l || compareQuantities(r, l) <= 0) continue;
        findings.push({
          path: [...c.path, 'resources', 'requests', name],
          message: `${containerName(c)} requests ${String(request)} ${name}, more than its limit of ${String(limits[name])}`,
        });
      }
    }
    return findings;
  },
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

import type { YamlPath } from '../../parse/yamlPath';
import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { isObj, sameNamespace } from './workspaceObjects';

/** Every `backend.service` of an Ingress with its path: the rules' paths, then `spec.defaultBackend`. */
function serviceBackends(ingress: unknown): { path: YamlPath; service: Record<string, unknown> }[] {
  const out: { path: YamlPath; service: Record<string, unknown> }[] = [];
  const rules = get(ingress, ['spec', 'rules']);
  if (Array.isArray(rules)) {
    rules.forEach((r, ri) => {
      const paths = get(r, ['http', 'paths']);
      if (!Array.isArray(paths)) return;
      paths.forEach((p, pi) => {
        const service = get(p, ['backend', 'service']);
        if (isObj(service)) out.push({ path: ['spec', 'rules', ri, 'http', 'paths', pi, 'backend', 'service'], service });
      });
    });
  }
  const def = get(ingress, ['spec', 'defaultBackend', 'service']);
  if (isObj(def)) out.push({ path: ['spec', 'defaultBackend', 'service'], service: def });
  return out;
}

export const ingressBackendMissing: Rule = {
  meta: {
    id: 'NET004',
    name: 'ingress-backend-missing',
    title: 'Ingress backend Service missing',
    rationale: 'An Ingress whose backend Service (or port) does not exist answers 503 for that path.',
    fix: 'Point the backend at an existing Service and one of its ports.',
    severity: 'warning',
    kinds: ['Ingress'],
    profile: 'baseline',
    equivalents: { kubeLinter: ['dangling-ingress'], kubeScore: ['ingress-targets-service'] },
    workspace: true,
    reads: ['Service'],
  },
  check(ctx) {
    const index = ctx.index;
    if (!index) return [];
    const findings: RuleFinding[] = [];
    for (const { path, service } of serviceBackends(ctx.object)) {
      if (typeof service.name !== 'string') continue;
      const target = index.ofKind('Service').find((s) => s.apiVersion === 'v1' && s.name === service.name && sameNamespace(s.namespace, ctx.namespace));
      const where = ctx.namespace ? ` in namespace \`${ctx.namespace}\`` : '';
      if (!target) {
        findings.push({ path: [...path, 'name'], message: `Backend Service \`${service.name}\` is not defined in the workspace${where}` });
        continue;
      }
      const port = isObj(service.port) ? service.port : {};
      const ports = (Array.isArray(get(target.object, ['spec', 'ports'])) ? (get(target.object, ['spec', 'ports']) as unknown[]) : []).filter(isObj);
      if (port.number !== undefined && !ports.some((p) => p.port === port.number)) {
        findings.push({ path: [...path, 'port', 'number'], message: `Service \`${service.name}\` does not expose port ${String(port.number)}` });
      } else if (typeof port.name === 'string' && !ports.some((p) => p.name === port.name)) {
        findings.push({ path: [...path, 'port', 'name'], message: `Service \`${service.name}\` has no port named \`${port.name}\`` });
      }
    }
    return findings;
  },
};

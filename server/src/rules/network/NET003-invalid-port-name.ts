import type { YamlPath } from '../../parse/yamlPath';
import type { Rule, RuleFinding } from '../types';
import { matchesMapSelector } from '../selectors';
import { isObj, podsInNamespace } from './workspaceObjects';
import { podSelectionView } from '../readViews';
import { containerLabel } from '../workloads';

/** Why a name is not an IANA_SVC_NAME (the apiserver's rule for container port names and named targetPorts). */
export function ianaSvcNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 15) return 'must be 1–15 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'may only hold lowercase letters, digits and `-`';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not start or end with `-`';
  if (name.includes('--')) return 'must not contain `--`';
  return undefined;
}

/** A Service port's own name is a DNS-1123 label (up to 63 characters), not an IANA_SVC_NAME. */
function dnsLabelProblem(name: string): string | undefined {
  if (name.length > 63) return 'must be at most 63 characters';
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) ? undefined : 'must be lowercase letters, digits and `-`, starting and ending with a letter or digit';
}

export const invalidPortName: Rule = {
  meta: {
    id: 'NET003',
    name: 'invalid-port-name',
    title: 'Invalid port name',
    rationale:
      'The apiserver rejects port names that are not IANA service names, and a Service whose named `targetPort` no selected pod declares sends traffic nowhere.',
    fix: 'Rename the port, or point `targetPort` at a port name the pods declare.',
    severity: 'error',
    // Workloads (any kind with a pod template, configured ones included) and Services.
    kinds: 'all',
    profile: 'baseline',
    equivalents: { kubeLinter: ['invalid-target-ports'] },
    // The named-targetPort half looks at the selected pods.
    workspace: true,
    reads: ['workloads'],
    readsView: podSelectionView,
  },
  check(ctx) {
    return ctx.kind === 'Service' && ctx.apiVersion === 'v1' ? checkService(ctx) : checkContainers(ctx);
  },
};

function checkContainers(ctx: Parameters<Rule['check']>[0]): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const pod of ctx.podTemplates) {
    for (const c of pod.containers) {
      const ports = c.container.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((p, i) => {
        if (!isObj(p) || typeof p.name !== 'string') return;
        const problem = ianaSvcNameProblem(p.name);
        if (problem) {
          findings.push({ path: [...c.path, 'ports', i, 'name'], message: `Port name \`${p.name}\` of ${containerLabel(c, false)} is invalid: it ${problem}` });
        }
      });
    }
  }
  return findings;
}

function checkService(ctx: Parameters<Rule['check']>[0]): RuleFinding[] {
  const spec = isObj(ctx.object.spec) ? ctx.object.spec : {};
  if (!Array.isArray(spec.ports)) return [];
  const findings: RuleFinding[] = [];
  const selector = spec.selector;
  const selected =
    ctx.index && isObj(selector) && Object.keys(selector).length > 0
      ? podsInNamespace(ctx.index, ctx.config, ctx.namespace).filter((p) => matchesMapSelector(selector, p.template.labels))
      : [];
  const podPortNames = new Set(selected.flatMap((p) => p.template.containers.flatMap((c) => (Array.isArray(c.container.ports) ? c.container.ports : []).map((x) => (isObj(x) ? x.name : undefined)))));
  spec.ports.forEach((p, i) => {
    if (!isObj(p)) return;
    const base: YamlPath = ['spec', 'ports', i];
    if (typeof p.name === 'string') {
      const problem = dnsLabelProblem(p.name);
      if (problem) findings.push({ path: [...base, 'name'], message: `Service port name \`${p.name}\` is invalid: it ${problem}` });
    }
    if (typeof p.targetPort !== 'string') return;
    const problem = ianaSvcNameProblem(p.targetPort);
    if (problem) {
      findings.push({ path: [...base, 'targetPort'], message: `targetPort \`${p.targetPort}\` is not a valid port name: it ${problem}` });
    } else if (selected.length > 0 && !podPortNames.has(p.targetPort)) {
      findings.push({
        path: [...base, 'targetPort'],
        severity: 'warning',
        message: `targetPort \`${p.targetPort}\` is not a port name of the selected pods (${selected.map((s) => `${s.owner.kind}/${s.owner.name ?? ''}`).join(', ')})`,
      });
    }
  });
  return findings;
}

import type { Obj, Rule, RuleFinding } from '../types';
import { PROBE_FIELDS, probeWord } from './probes';
import { isLongRunning } from './related';
import { containerLabel } from '../workloads';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const probePortNotExposed: Rule = {
  meta: {
    id: 'REL004',
    name: 'probe-port-not-exposed',
    title: 'Probe port is not a declared container port',
    rationale:
      'A probe on a port name the container does not declare can never succeed; a numeric port that is not listed usually means a typo or a stale port.',
    fix: 'Declare the port under `ports`, or fix the probe port.',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeLinter: ['liveness-port', 'readiness-port', 'startup-port'] },
  },
  check(ctx) {
    if (!isLongRunning(ctx.kind)) return [];
    const findings: RuleFinding[] = [];
    for (const c of ctx.podTemplates.flatMap((pod) => pod.containers.filter((x) => x.group === 'containers'))) {
      const tcp = (Array.isArray(c.container.ports) ? c.container.ports.filter(isObj) : []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
      const names = new Set(tcp.map((p) => p.name));
      const numbers = new Set(tcp.map((p) => p.containerPort));
      const name = containerLabel(c, false);
      for (const field of PROBE_FIELDS) {
        for (const handler of ['httpGet', 'tcpSocket'] as const) {
          const port = (c.container[field] as Obj | undefined)?.[handler];
          const value = isObj(port) ? port.port : undefined;
          const path = [...c.path, field, handler, 'port'];
          if (typeof value === 'string' && !/^\d+$/.test(value) && !names.has(value)) {
            findings.push({ path, message: `The ${probeWord(field)} probe of ${name} uses port \`${value}\`, which is not a TCP port name of the container: it can never succeed` });
          } else if ((typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) && !numbers.has(Number(value))) {
            findings.push({ path, severity: 'info', message: `The ${probeWord(field)} probe of ${name} uses port ${value}, which is not declared under \`ports\`` });
          }
        }
      }
    }
    return findings;
  },
};

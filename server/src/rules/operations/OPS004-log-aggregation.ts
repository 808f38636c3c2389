import type { Obj, Rule, RuleFinding } from '../types';
import { containerLabel, get } from '../workloads';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const LOG_DIR = (path: string) => path.startsWith('/var/log') || /\/logs\/?$/.test(path);
const COLLECTOR_IMAGE = /fluent-bit|fluentd|vector|promtail|otel-collector|opentelemetry-collector|otelcol/;

export const logAggregation: Rule = {
  meta: {
    id: 'OPS004',
    name: 'log-aggregation',
    title: 'Logs are not collected',
    rationale: 'Logs written to files in a pod-local volume are lost with the pod unless a shipper reads them; logs on stdout are collected by the node agent.',
    fix: 'Log to stdout/stderr, or add a log shipper sidecar or DaemonSet.',
    severity: 'off',
    kinds: 'workloads',
    profile: 'baseline',
    workspace: true,
    reads: ['DaemonSet'],
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const pod of ctx.podTemplates) {
      const volumes = new Map(list(pod.spec.volumes).map((v) => [v.name, v]));
      const mountsOf = (c: Obj) => new Set(list(c.volumeMounts).map((m) => m.name));
      for (const c of pod.containers.filter((x) => x.group === 'containers')) {
        list(c.container.volumeMounts).forEach((m, i) => {
          const volume = volumes.get(m.name);
          if (typeof m.mountPath !== 'string' || !LOG_DIR(m.mountPath) || !volume || !(volume.emptyDir !== undefined || volume.hostPath !== undefined)) return;
          // A sidecar (or a native sidecar init container) mounting the same volume ships the files.
          const shipped = pod.containers.some((o) => o !== c && o.group !== 'ephemeralContainers' && mountsOf(o.container).has(m.name));
          if (shipped) return;
          findings.push({
            path: [...c.path, 'volumeMounts', i, 'mountPath'],
            message: `${containerLabel(c)} writes logs to \`${m.mountPath}\` and no sidecar reads them: they are lost with the pod`,
          });
        });
      }
    }
    if (ctx.index) {
      const collector = ctx.index.ofKind('DaemonSet').some((d) =>
        list(get(d.object, ['spec', 'template', 'spec', 'containers'])).some((c) => typeof c.image === 'string' && COLLECTOR_IMAGE.test(c.image)),
      );
      if (!collector) findings.push({ path: ['metadata', 'name'], message: 'No log collector DaemonSet (fluent-bit, fluentd, vector, promtail, OpenTelemetry Collector) in the workspace' });
    }
    return findings;
  },
};

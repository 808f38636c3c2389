// Probe helpers shared by REL001–REL004: handler identity and the skeleton the quick fixes insert.
import type { Obj } from '../types';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
export type ProbeField = (typeof PROBE_FIELDS)[number];

export function probeWord(field: ProbeField): string {
  return field.replace('Probe', '');
}

/** What a probe checks, as a comparable string (defaults filled in); undefined without a handler. */
export function handlerKey(probe: unknown): string | undefined {
  if (!isObj(probe)) return undefined;
  if (isObj(probe.httpGet)) {
    const h = probe.httpGet;
    return JSON.stringify(['http', h.scheme ?? 'HTTP', h.host ?? '', String(h.port), h.path ?? '/']);
  }
  if (isObj(probe.tcpSocket)) return JSON.stringify(['tcp', probe.tcpSocket.host ?? '', String(probe.tcpSocket.port)]);
  if (isObj(probe.exec)) return JSON.stringify(['exec', probe.exec.command ?? []]);
  if (isObj(probe.grpc)) return JSON.stringify(['grpc', String(probe.grpc.port), probe.grpc.service ?? '']);
  return undefined;
}

// Ports that usually serve HTTP when their name does not say so.
const HTTP_PORTS = new Set([80, 443, 3000, 5000, 8000, 8080, 8081, 8443, 8888, 9000]);

/** The container's first declared port, as a probe would name it. */
export function firstPort(container: Obj): { port: string | number; http: boolean; https: boolean } | undefined {
  const ports = Array.isArray(container.ports) ? container.ports.filter(isObj) : [];
  const p = ports[0];
  if (!p || typeof p.containerPort !== 'number') return undefined;
  const name = typeof p.name === 'string' ? p.name : undefined;
  const https = name ? /https/.test(name) : p.containerPort === 443 || p.containerPort === 8443;
  const http = name ? /http|web/.test(name) : HTTP_PORTS.has(p.containerPort);
  return { port: name ?? p.containerPort, http, https };
}

/**
 * A probe bound to the container's first port: `httpGet /` when the port looks like HTTP, else `tcpSocket`.
 * `avoid` is another probe's handler key: a liveness probe identical to readiness falls back to `tcpSocket`.
 */
export function probeSkeleton(container: Obj, avoid?: string): Obj | undefined {
  const p = firstPort(container);
  if (!p) return undefined;
  const httpGet: Obj = { path: '/', port: p.port, ...(p.https ? { scheme: 'HTTPS' } : {}) };
  const probe: Obj = p.http ? { httpGet } : { tcpSocket: { port: p.port } };
  if (avoid !== undefined && handlerKey(probe) === avoid) return { tcpSocket: { port: p.port }, periodSeconds: 10 };
  return { ...probe, periodSeconds: 10 };
}

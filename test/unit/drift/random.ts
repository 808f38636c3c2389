// Seeded random objects for the drift engine's property tests (same seed, same objects, on every run).

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)];

const SCALARS = [null, '', 'web', '80', 80, 0, 1, 1.5, true, false, '25%', '500m', '0.5', '1Gi', '1024Mi', 'TCP'];

/** A random value: maps, lists, empties and scalars, `depth` levels deep at most. */
export function randomValue(r: () => number, depth: number): unknown {
  const roll = r();
  if (depth <= 0 || roll < 0.45) return pick(r, SCALARS);
  if (roll < 0.55) return pick(r, [{}, [], null]);
  if (roll < 0.75) return Array.from({ length: Math.floor(r() * 3) }, () => randomValue(r, depth - 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 4); i > 0; i--) out[pick(r, ['a', 'b', 'name', 'limits', 'emptyDir', 'port', 'x.y/z'])] = randomValue(r, depth - 1);
  return out;
}

const QUANTITIES = ['100m', '0.1', '250m', '0.25', '1', '1000m', '2', '1.5', '1500m', '64Mi', '67108864', '1Gi', '1024Mi', '1G', '1000M', '1e3', '1k', '512Ki', 0.5, 2];

/** A random Deployment with quantities, empty values, server metadata, status and controller annotations. */
export function randomDeployment(r: () => number): Record<string, unknown> {
  const container = (name: string) => ({
    name,
    image: pick(r, ['nginx:1.27', 'ghcr.io/acme/web:1.0']),
    ...(r() < 0.5 ? { ports: [{ containerPort: pick(r, [80, 8080]), ...(r() < 0.5 ? { protocol: 'TCP' } : {}) }] } : {}),
    resources: r() < 0.3 ? {} : { requests: { cpu: pick(r, QUANTITIES), memory: pick(r, QUANTITIES) }, limits: r() < 0.5 ? {} : { memory: pick(r, QUANTITIES) } },
    ...(r() < 0.3 ? { env: [] } : {}),
    ...(r() < 0.3 ? { args: [String(pick(r, ['--a', '--b']))] } : {}),
    ...(r() < 0.3 ? { extra: randomValue(r, 3) } : {}),
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      ...(r() < 0.5 ? { resourceVersion: '1', uid: 'u', generation: 3, managedFields: [] } : {}),
      labels: r() < 0.3 ? {} : { app: 'web' },
      annotations: r() < 0.5 ? null : { 'deployment.kubernetes.io/revision': '2', 'kubernetes.io/change-cause': 'manual' },
    },
    spec: {
      replicas: pick(r, [1, 2, 3]),
      strategy: r() < 0.5 ? { rollingUpdate: { maxSurge: pick(r, ['25%', '1', 1]) } } : {},
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [container('web'), ...(r() < 0.4 ? [container('sidecar')] : [])],
          volumes: r() < 0.5 ? [{ name: 'tmp', emptyDir: {} }] : [],
          securityContext: {},
        },
      },
    },
    ...(r() < 0.5 ? { status: { replicas: 1 } } : {}),
  };
}

// Pitfall 1: values the apiserver fills in for omitted fields. The apiserver records them as owned by whoever wrote
// the object (`kubectl-create`, `kubectl-client-side-apply`, …), so without this a person's create would make every
// defaulted field look like a person's addition. Only used to judge such additions: comparison sees defaults on both
// sides (the dry run defaults too; the fallback starts from live).
import type { PathSegment } from '../types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const PROBES = new Set(['livenessProbe', 'readinessProbe', 'startupProbe']);
const MODE_SOURCES = new Set(['configMap', 'secret', 'projected', 'downwardAPI']);

const CONTAINER: Obj = { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
const PROBE: Obj = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
const POD_SPEC: Obj = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  terminationGracePeriodSeconds: 30,
  enableServiceLinks: true,
  priority: 0,
  preemptionPolicy: 'PreemptLowerPriority',
  serviceAccount: 'default',
  serviceAccountName: 'default',
};
const ROLLING_25 = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
const SPEC_BY_KIND: Record<string, Obj> = {
  Deployment: { replicas: 1, progressDeadlineSeconds: 600, revisionHistoryLimit: 10, strategy: ROLLING_25 },
  StatefulSet: {
    replicas: 1,
    podManagementPolicy: 'OrderedReady',
    revisionHistoryLimit: 10,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  },
  DaemonSet: { revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } },
  ReplicaSet: { replicas: 1 },
  Job: { backoffLimit: 6, completionMode: 'NonIndexed', completions: 1, parallelism: 1, suspend: false, podReplacementPolicy: 'TerminatingOrFailed', manualSelector: false },
  CronJob: { concurrencyPolicy: 'Allow', failedJobsHistoryLimit: 1, successfulJobsHistoryLimit: 3, suspend: false },
  Service: { type: 'ClusterIP', sessionAffinity: 'None', ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' },
  PersistentVolumeClaim: { volumeMode: 'Filesystem' },
};
// Assigned by the apiserver whatever their value.
const ASSIGNED_BY_KIND: Record<string, Set<string>> = {
  Service: new Set(['clusterIP', 'clusterIPs', 'ipFamilies', 'healthCheckNodePort']),
  Pod: new Set(['nodeName']),
  // The DefaultStorageClass admission plugin fills it in on create.
  PersistentVolumeClaim: new Set(['storageClassName']),
};

/**
 * Whether `value` at `segments` is what the apiserver defaults there (or assigns, like a Service's cluster IP).
 * `parent` is the live value holding the field (an image decides its pull policy, a port its target port).
 */
export function isServerDefault(kind: string, segments: readonly PathSegment[], value: unknown, parent: unknown): boolean {
  const name = segments[segments.length - 1];
  if (segments.length === 2 && segments[0] === 'spec' && typeof name === 'string' && ASSIGNED_BY_KIND[kind]?.has(name)) return true;
  if (kind === 'Service' && name === 'nodePort' && segments[1] === 'ports') return true;
  const d = serverDefaultFor(kind, segments, parent);
  return d !== undefined && deepEqual(d.value, value);
}

/** The value the apiserver gives the field at `segments` when it is left out, when known. */
export function serverDefaultFor(kind: string, segments: readonly PathSegment[], parent: unknown): { value: unknown } | undefined {
  const name = segments[segments.length - 1];
  if (typeof name !== 'string') return undefined;
  const up = segments[segments.length - 2];
  const up2 = segments[segments.length - 3];
  const from = (defaults: Obj) => (name in defaults ? { value: defaults[name] } : undefined);

  if (typeof up === 'object' && typeof up2 === 'string' && CONTAINER_LISTS.has(up2)) {
    if (name === 'imagePullPolicy') return isObj(parent) && typeof parent.image === 'string' ? { value: pullPolicyFor(parent.image) } : undefined;
    return from(CONTAINER);
  }
  if (typeof up === 'string' && PROBES.has(up)) return from(PROBE);
  if (name === 'scheme' && up === 'httpGet') return { value: 'HTTP' };
  if (name === 'defaultMode' && typeof up === 'string' && MODE_SOURCES.has(up)) return { value: 420 };
  if (name === 'protocol' && (typeof up === 'object' || typeof up === 'number')) return { value: 'TCP' };
  if (name === 'targetPort' && kind === 'Service' && isObj(parent) && parent.port !== undefined) return { value: parent.port };
  if (isPodSpec(kind, segments)) {
    const d = from(POD_SPEC);
    if (d) return d;
  }
  if (segments.length >= 2 && segments[0] === 'spec') {
    let expected: unknown = SPEC_BY_KIND[kind];
    for (const s of segments.slice(1)) expected = isObj(expected) && typeof s === 'string' ? expected[s] : undefined;
    if (expected !== undefined) return { value: expected };
  }
  if (kind === 'Secret' && segments.length === 1 && name === 'type') return { value: 'Opaque' };
  return undefined;
}

/** `Always` for `:latest` or an untagged image, else `IfNotPresent` (a digest counts as a tag). */
function pullPolicyFor(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const name = image.slice(image.lastIndexOf('/') + 1);
  const colon = name.indexOf(':');
  return colon < 0 || name.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function isPodSpec(kind: string, segments: readonly PathSegment[]): boolean {
  const n = segments.length;
  if (kind === 'Pod') return n === 2 && segments[0] === 'spec';
  return n >= 3 && segments[n - 2] === 'spec' && segments[n - 3] === 'template';
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isObj(a) || !isObj(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
}

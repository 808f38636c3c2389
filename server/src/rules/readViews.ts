// What cross-object rules use of the objects they read (RuleMeta.readsView). Typing in a Deployment's image,
// resources or probes then does not re-check every Service, PodDisruptionBudget and autoscaler of the
// workspace: only an edit to what such a rule reads does. A view must keep everything its rules look at: it drops
// container fields inside container lists and rollout settings under the object's `spec`, nothing elsewhere.
import type { Obj, ReadView } from './types';
import { isObj } from './network/workspaceObjects';

/** Container fields no pod-selection rule reads (they read names, ports and labels). */
const CONTAINER_DETAILS = [
  'image',
  'imagePullPolicy',
  'resources',
  'env',
  'envFrom',
  'command',
  'args',
  'workingDir',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'securityContext',
  'volumeMounts',
  'volumeDevices',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'stdin',
  'stdinOnce',
  'tty',
];

/** Rollout settings of workloads that no pod-selection rule reads. */
const ROLLOUT_DETAILS = ['strategy', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'];

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * The object as JSON without `containerKeys` in the items of container lists (wherever the pod template is) and
 * without `specKeys` directly under the object's `spec`. Only there: the same names elsewhere are data a rule may
 * read (a label `env: prod`, a selector `tier: …`).
 */
function objectWithout(containerKeys: string[], specKeys: string[]): ReadView {
  const dropInContainer = new Set(containerKeys);
  const dropInSpec = new Set(specKeys);
  const project = (value: unknown, key: string | undefined, depth: number): unknown => {
    if (Array.isArray(value)) {
      return key !== undefined && CONTAINER_LISTS.has(key)
        ? value.map((c) => (isObj(c) ? omit(c, dropInContainer, (k, v) => project(v, k, depth + 1)) : c))
        : value.map((v) => project(v, undefined, depth + 1));
    }
    if (!isObj(value)) return value;
    return omit(value, depth === 1 && key === 'spec' ? dropInSpec : NONE, (k, v) => project(v, k, depth + 1));
  };
  return (object: Obj) => JSON.stringify(project(object, undefined, 0));
}

const NONE = new Set<string>();

function omit(object: Obj, drop: Set<string>, map: (key: string, value: unknown) => unknown): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(object)) if (!drop.has(k)) out[k] = map(k, v);
  return out;
}

/** Which pods a workload makes and where: names, namespaces, labels, selectors, container names and ports. */
export const podSelectionView = objectWithout(CONTAINER_DETAILS, [...ROLLOUT_DETAILS, 'replicas']);

/** The same and the replica count (rules weighing a disruption budget against the pods it covers). */
export const podSelectionAndReplicasView = objectWithout(CONTAINER_DETAILS, ROLLOUT_DETAILS);

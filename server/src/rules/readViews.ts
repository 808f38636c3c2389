// What cross-object rules use of the objects they read (RuleMeta.readsView). Typing in a Deployment's image,
// resources or probes then does not re-check every Service, PodDisruptionBudget and autoscaler of the
// workspace: only an edit to what such a rule reads does. A view must keep everything its rules look at;
// dropping a key is safe only when no rule using the view reads it anywhere in the object.
import type { Obj, ReadView } from './types';

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

/** The object as JSON without the keys named, wherever they occur. */
function objectWithout(keys: string[]): ReadView {
  const skip = new Set(keys);
  const replacer = (key: string, value: unknown) => (skip.has(key) ? undefined : value);
  return (object: Obj) => JSON.stringify(object, replacer);
}

/** Which pods a workload makes and where: names, namespaces, labels, selectors, container names and ports. */
export const podSelectionView = objectWithout([...CONTAINER_DETAILS, ...ROLLOUT_DETAILS, 'replicas']);

/** The same and the replica count (rules weighing a disruption budget against the pods it covers). */
export const podSelectionAndReplicasView = objectWithout([...CONTAINER_DETAILS, ...ROLLOUT_DETAILS]);

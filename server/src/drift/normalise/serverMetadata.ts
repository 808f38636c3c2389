// Pitfalls 7 and 8: metadata the apiserver writes on every change (ownership, versions, identity, timestamps).
import { without, withMetadata, type Normaliser } from './context';

export const SERVER_METADATA: ReadonlySet<string> = new Set([
  'managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink',
  'deletionTimestamp', 'deletionGracePeriodSeconds',
]);

export const dropServerMetadata: Normaliser = (obj) => withMetadata(obj, (m) => without(m, SERVER_METADATA));

// Pitfall 9: client-side apply's record of the last applied object changes on every apply (and holds a Secret's
// values in clear); it is read for ownership, never compared or shown.
import { LAST_APPLIED } from '../fieldManagers';
import { isObj, without, withMetadata, type Normaliser } from './context';

const DROPPED = new Set([LAST_APPLIED]);

export const dropLastApplied: Normaliser = (obj) =>
  withMetadata(obj, (m) => {
    if (!isObj(m.annotations) || !(LAST_APPLIED in m.annotations)) return m;
    return { ...m, annotations: without(m.annotations, DROPPED) };
  });

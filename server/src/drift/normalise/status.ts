// Pitfall 6: `status` is the cluster's report, never drift.
import { without, type Normaliser } from './context';

const STATUS = new Set(['status']);

export const dropStatus: Normaliser = (obj) => without(obj, STATUS);

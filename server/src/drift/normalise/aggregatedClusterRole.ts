// Pitfall 15: an aggregated ClusterRole's `rules` are filled in by the controller from the roles it selects.
import { without, type Normaliser } from './context';

const RULES = new Set(['rules']);

export const dropAggregatedRules: Normaliser = (obj, ctx) =>
  ctx.kind === 'ClusterRole' && obj.aggregationRule !== undefined && obj.aggregationRule !== null ? without(obj, RULES) : obj;

// The normalisers, in order: what is never compared goes first, value canonicalisation next, emptiness last
// (dropping defaults and empty values can empty a parent, which the last step then drops too). Server defaults for
// omitted fields (pitfall 1, serverDefaults.ts) are no step: both sides carry them already; diffObjects consults that
// table to judge additions and fields the prediction drops.
import { dropAggregatedRules } from './aggregatedClusterRole';
import { normaliseClaimTemplates } from './claimTemplates';
import { combineRules, treeNormaliser, type NormaliseContext, type Normaliser, type Obj } from './context';
import { dropControllerMetadata } from './controllerMetadata';
import { dropEmptyValues, emptyValueRule } from './emptyValues';
import { numericIntOrString, numericIntOrStringRule } from './intOrString';
import { dropLastApplied } from './lastApplied';
import { canonicalQuantities, canonicalQuantityRule } from './quantities';
import { dropSchemaDefaults, schemaDefaultRule } from './schemaDefaults';
import { hashSecretValues } from './secretData';
import { dropServerMetadata } from './serverMetadata';
import { dropStatus } from './status';

export type { NormaliseContext, Normaliser } from './context';

export const NORMALISERS: ReadonlyArray<[name: string, fn: Normaliser]> = [
  ['status', dropStatus],
  ['server metadata', dropServerMetadata],
  ['last-applied annotation', dropLastApplied],
  ['controller metadata', dropControllerMetadata],
  ['secret values', hashSecretValues],
  ['aggregated ClusterRole rules', dropAggregatedRules],
  ['StatefulSet claim templates', normaliseClaimTemplates],
  ['quantities', canonicalQuantities],
  ['int-or-string', numericIntOrString],
  ['schema defaults', dropSchemaDefaults],
  ['empty values', dropEmptyValues],
];

const VALUE_NORMALISERS: ReadonlySet<Normaliser> = new Set([canonicalQuantities, numericIntOrString, dropSchemaDefaults, dropEmptyValues]);
const OBJECT_STEPS = NORMALISERS.filter(([, fn]) => !VALUE_NORMALISERS.has(fn)).map(([, fn]) => fn);
// The value steps (quantities to empty values) share one walk of the tree: each value sees them in order once its
// children are done, which gives what running the four one after another gives.
const VALUE_STEPS = treeNormaliser(combineRules([canonicalQuantityRule, numericIntOrStringRule, schemaDefaultRule, emptyValueRule]));

/** The object as drift compares it; pure and idempotent: normalise(normalise(x)) equals normalise(x). */
export function normalise(obj: Obj, ctx: NormaliseContext): Obj {
  let out = obj;
  for (const fn of OBJECT_STEPS) out = fn(out, ctx);
  return VALUE_STEPS(out, ctx);
}

/** The same, one normaliser after the other (what `normalise` is checked against). */
export function normaliseStepByStep(obj: Obj, ctx: NormaliseContext): Obj {
  let out = obj;
  for (const [, fn] of NORMALISERS) out = fn(out, ctx);
  return out;
}

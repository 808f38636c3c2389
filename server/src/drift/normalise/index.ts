// The normalisers, in order: what is never compared goes first, value canonicalisation next, emptiness last
// (dropping defaults and empty values can empty a parent, which the last step then drops too).
import { dropAggregatedRules } from './aggregatedClusterRole';
import type { NormaliseContext, Normaliser, Obj } from './context';
import { dropControllerMetadata } from './controllerMetadata';
import { dropEmptyValues } from './emptyValues';
import { numericIntOrString } from './intOrString';
import { dropLastApplied } from './lastApplied';
import { canonicalQuantities } from './quantities';
import { dropSchemaDefaults } from './schemaDefaults';
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
  ['quantities', canonicalQuantities],
  ['int-or-string', numericIntOrString],
  ['schema defaults', dropSchemaDefaults],
  ['empty values', dropEmptyValues],
];

/** The object as drift compares it; pure and idempotent: normalise(normalise(x)) equals normalise(x). */
export function normalise(obj: Obj, ctx: NormaliseContext): Obj {
  let out = obj;
  for (const [, fn] of NORMALISERS) out = fn(out, ctx);
  return out;
}

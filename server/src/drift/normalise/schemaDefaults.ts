// Pitfall 4: a field written with its schema's explicit default is the same as the field left out (both sides drop
// it, so an explicit `protocol: TCP` or `allowEmpty: false` matches a live object that lacks it, and the reverse).
import { jsonEqual } from '../managedFields';
import { REMOVE, treeNormaliser, type ValueRule } from './context';

export const schemaDefaultRule: ValueRule = (value, schema, inList) => {
  if (inList) return value;
  const d = schema.defaultValue;
  if (!d || d.value === undefined || d.value === null) return value;
  // An empty default (`{}`) on a ref is the Go zero value; emptiness is the empty-value step's to judge.
  if (typeof d.value === 'object') return value;
  return jsonEqual(value, d.value) ? REMOVE : value;
};

export const dropSchemaDefaults = treeNormaliser(schemaDefaultRule);

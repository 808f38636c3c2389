// Pitfalls 3 and 22: `null`, `{}` and `[]` are the same as a missing field where the apiserver treats them so.
// Kept: empty maps whose presence means something (`emptyDir: {}` selects the volume type, an empty selector
// selects everything) and list elements (`ingress: [{}]` allows all).
import { isObj, REMOVE, treeNormaliser, type ValueRule } from './context';

const PRESENCE_MATTERS = new Set(['emptyDir', 'podSelector', 'namespaceSelector', 'selector', 'labelSelector']);

export const emptyValueRule: ValueRule = (value, schema, inList) => {
  if (inList) return value;
  if (value === null || value === undefined) return REMOVE;
  if (Array.isArray(value)) return value.length === 0 ? REMOVE : value;
  if (isObj(value)) {
    for (const _ in value) return value; // not empty
    return PRESENCE_MATTERS.has(schema.name ?? '') || schema.preserveUnknown ? value : REMOVE;
  }
  return value;
};

export const dropEmptyValues = treeNormaliser(emptyValueRule);

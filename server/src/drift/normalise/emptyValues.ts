// Pitfalls 3 and 22: `null`, `{}` and `[]` are the same as a missing field where the apiserver treats them so.
// Kept: empty maps whose presence means something (`emptyDir: {}` selects the volume type, an empty selector
// selects everything) and list elements (`ingress: [{}]` allows all).
import { isObj, REMOVE, transform, type Normaliser, type Obj } from './context';

const PRESENCE_MATTERS = new Set(['emptyDir', 'podSelector', 'namespaceSelector', 'selector', 'labelSelector']);

export const dropEmptyValues: Normaliser = (obj, ctx) => {
  const out = transform(obj, ctx.schema, (value, schema, inList) => {
    if (inList) return value;
    if (value === null || value === undefined) return REMOVE;
    if (Array.isArray(value) && value.length === 0) return REMOVE;
    if (isObj(value) && Object.keys(value).length === 0 && !PRESENCE_MATTERS.has(schema.name ?? '') && !schema.preserveUnknown) return REMOVE;
    return value;
  });
  return out === REMOVE ? {} : (out as Obj);
};

// Pitfall 13: a Secret's `stringData` is folded into `data` (as the apiserver does), then every value becomes a
// keyed hash: equal values compare equal, and no clear value survives normalisation.
import { hashSecretData, hashSecretString, isHashedValue, isSecret } from '../secrets';
import { isObj, type Normaliser, type Obj } from './context';

export const hashSecretValues: Normaliser = (obj, ctx) => {
  if (!isSecret(ctx.apiVersion, ctx.kind)) return obj;
  if (!('data' in obj) && !('stringData' in obj)) return obj;
  const data: Obj = {};
  if (isObj(obj.data)) {
    for (const [k, v] of Object.entries(obj.data)) {
      if (v === null || v === undefined) continue;
      data[k] = isHashedValue(v) ? v : hashSecretData(String(v));
    }
  }
  // stringData wins over data for the same key, as on the apiserver.
  if (isObj(obj.stringData)) {
    for (const [k, v] of Object.entries(obj.stringData)) {
      if (v === null || v === undefined) continue;
      data[k] = isHashedValue(v) ? v : hashSecretString(String(v));
    }
  }
  const { stringData: _s, data: _d, ...rest } = obj;
  return Object.keys(data).length ? { ...rest, data } : rest;
};

// Pitfall 16: a StatefulSet's volumeClaimTemplates come back from the apiserver with what it fills in for an embedded
// PersistentVolumeClaim: its apiVersion and kind, `volumeMode: Filesystem` and an empty status.
import { isObj, without, type Normaliser, type Obj } from './context';

const FILLED_IN = new Set(['status']);

export const normaliseClaimTemplates: Normaliser = (obj, ctx) => {
  if (ctx.kind !== 'StatefulSet' || !isObj(obj.spec) || !Array.isArray(obj.spec.volumeClaimTemplates)) return obj;
  const templates = obj.spec.volumeClaimTemplates;
  const next = templates.map((t) => (isObj(t) ? normaliseTemplate(t) : t));
  return next.some((t, i) => t !== templates[i]) ? { ...obj, spec: { ...obj.spec, volumeClaimTemplates: next } } : obj;
};

function normaliseTemplate(t: Obj): Obj {
  let out = without(t, FILLED_IN);
  if (out.apiVersion === 'v1' && out.kind === 'PersistentVolumeClaim') {
    const { apiVersion: _a, kind: _k, ...rest } = out;
    out = rest;
  }
  if (isObj(out.spec) && out.spec.volumeMode === 'Filesystem') {
    const { volumeMode: _v, ...spec } = out.spec;
    out = { ...out, spec };
  }
  return out;
}

// Pitfall 6: `status` is the cluster's report, never drift (also the status of StatefulSet claim templates, 16).
import { isObj, without, type Normaliser } from './context';

const STATUS = new Set(['status']);

export const dropStatus: Normaliser = (obj) => {
  let out = without(obj, STATUS);
  if (obj.kind === 'StatefulSet' && isObj(out.spec) && Array.isArray(out.spec.volumeClaimTemplates)) {
    const templates = out.spec.volumeClaimTemplates;
    const next = templates.map((t) => (isObj(t) ? without(t, STATUS) : t));
    if (next.some((t, i) => t !== templates[i])) out = { ...out, spec: { ...out.spec, volumeClaimTemplates: next } };
  }
  return out;
};

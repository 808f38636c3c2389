// Pitfall 2: resource quantities compare by value (`0.5` = `500m`, `1024Mi` = `1Gi`, `1e3` = `1k`).
import { canonicalQuantity, parseQuantity } from '../../rules/resources/quantity';
import { transform, type Normaliser, type Obj } from './context';

export const canonicalQuantities: Normaliser = (obj, ctx) =>
  transform(obj, ctx.schema, (value, schema) => {
    if ((typeof value !== 'string' && typeof value !== 'number') || !schema.quantity) return value;
    const q = parseQuantity(value);
    return q ? canonicalQuantity(q) : value;
  }) as Obj;

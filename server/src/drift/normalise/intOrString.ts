// Pitfall 5: where the schema says int-or-string, `"80"` and `80` are the same value (numbers stay numbers).
import { transform, type Normaliser, type Obj } from './context';

export const numericIntOrString: Normaliser = (obj, ctx) =>
  transform(obj, ctx.schema, (value, schema) => {
    if (typeof value !== 'string' || !/^[+-]?\d+$/.test(value) || !schema.intOrString) return value;
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }) as Obj;

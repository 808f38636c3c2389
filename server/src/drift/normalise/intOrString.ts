// Pitfall 5: where the schema says int-or-string, `"80"` and `80` are the same value (numbers stay numbers).
import { treeNormaliser, type ValueRule } from './context';

export const numericIntOrStringRule: ValueRule = (value, schema) => {
  if (typeof value !== 'string' || !/^[+-]?\d+$/.test(value) || !schema.intOrString) return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
};

export const numericIntOrString = treeNormaliser(numericIntOrStringRule);

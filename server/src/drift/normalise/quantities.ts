// Pitfall 2: resource quantities compare by value (`0.5` = `500m`, `1024Mi` = `1Gi`, `1e3` = `1k`).
import { canonicalQuantity, parseQuantity } from '../../rules/resources/quantity';
import { treeNormaliser, type ValueRule } from './context';

// The same few quantities recur across objects; their canonical texts are kept (bounded).
const canonicalTexts = new Map<string | number, string | null>();

export const canonicalQuantityRule: ValueRule = (value, schema) => {
  if ((typeof value !== 'string' && typeof value !== 'number') || !schema.quantity) return value;
  let text = canonicalTexts.get(value);
  if (text === undefined) {
    const q = parseQuantity(value);
    text = q ? canonicalQuantity(q) : null;
    if (canonicalTexts.size > 10_000) canonicalTexts.clear();
    canonicalTexts.set(value, text);
  }
  return text ?? value;
};

export const canonicalQuantities = treeNormaliser(canonicalQuantityRule);

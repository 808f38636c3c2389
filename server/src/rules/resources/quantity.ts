// Kubernetes resource quantities (`500m`, `1Gi`, `1e3`): syntax and exact comparison.
// Values are kept as exact fractions of BigInts, so `1Gi` vs `1073741824` or `0.1` vs `100m` compare exactly.

import { QUANTITY_PATTERN } from '../../schema/ajvFactory';

/** An exact rational value: num / den, den > 0. */
export interface Quantity {
  num: bigint;
  den: bigint;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
// Far beyond anything a cluster holds; bounds the BigInt work for inputs like `1e999999999`.
const MAX_EXPONENT = 100;

/** A YAML value as quantity text: strings as written, finite numbers in JavaScript notation. */
export function quantityText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Whether a YAML value (string or number) is a Kubernetes quantity. */
export function isQuantity(value: unknown): boolean {
  const text = quantityText(value);
  return text !== undefined && QUANTITY_PATTERN.test(text);
}

/** The exact value of a quantity, or undefined when it is not one (or its exponent is absurd). */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = quantityText(value);
  if (text === undefined || !QUANTITY_PATTERN.test(text)) return undefined;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole, frac = '', suffix] = m;
  let num = BigInt(`${whole}${frac}` || '0');
  let den = 10n ** BigInt(frac.length);
  let exp10 = 0;
  let exp2 = 0;
  if (suffix in BINARY) exp2 = BINARY[suffix];
  else if (suffix in DECIMAL) exp10 = DECIMAL[suffix];
  else exp10 = Number(suffix.slice(1)); // e/E exponent; the pattern guarantees a number
  if (!Number.isInteger(exp10) || Math.abs(exp10) > MAX_EXPONENT) return undefined;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den *= 10n ** BigInt(-exp10);
  num *= 2n ** BigInt(exp2);
  return { num: sign === '-' ? -num : num, den };
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

const BINARY_DESC: Array<[string, bigint]> = Object.entries(BINARY)
  .sort((a, b) => b[1] - a[1])
  .map(([s, e]) => [s, 2n ** BigInt(e)]);
const DECIMAL_DESC = Object.entries(DECIMAL).sort((a, b) => b[1] - a[1]);

/**
 * One text per value, whatever notation it was written in (`0.5`, `500m` → `500m`; `1024Mi`, `1Gi` → `1Gi`;
 * `1e3`, `1k` → `1k`): whole multiples of 1024 take the largest binary suffix that keeps the number whole, everything
 * else the largest decimal one; values finer than a nano round up to one, as the apiserver rounds them.
 */
export function canonicalQuantity(q: Quantity): string {
  let { num, den } = q;
  if (num === 0n) return '0';
  const negative = num < 0n;
  if (negative) num = -num;
  const g = gcd(num, den);
  num /= g;
  den /= g;
  const sign = negative ? '-' : '';
  if (den === 1n && num % 1024n === 0n) {
    for (const [suffix, factor] of BINARY_DESC) if (num % factor === 0n) return `${sign}${num / factor}${suffix}`;
  }
  for (const [suffix, exp] of DECIMAL_DESC) {
    if (exp >= 0) {
      const factor = 10n ** BigInt(exp);
      if (den === 1n && num % factor === 0n) return `${sign}${num / factor}${suffix}`;
    } else {
      const scaled = num * 10n ** BigInt(-exp);
      if (scaled % den === 0n) return `${sign}${scaled / den}${suffix}`;
    }
  }
  const nanos = (num * 10n ** 9n + den - 1n) / den;
  return `${sign}${nanos}n`;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

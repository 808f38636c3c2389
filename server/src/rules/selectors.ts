// Label-selector matching as the apiserver does it (metav1.LabelSelector and a Service's plain map selector).
import type { Obj } from './types';

export type Labels = Record<string, string>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Label values as strings (YAML may have parsed `version: 2` as a number). */
function labelValue(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * `matchLabels` + `matchExpressions` (In, NotIn, Exists, DoesNotExist). As in `LabelSelectorAsSelector`:
 * an absent selector matches nothing, an empty one (`{}`) matches everything, an unknown operator matches nothing.
 */
export function matchesLabelSelector(selector: unknown, labels: Labels): boolean {
  if (!isObj(selector)) return false;
  if (selector.matchLabels !== undefined && !matchesMapSelector(selector.matchLabels, labels)) return false;
  const expressions = selector.matchExpressions;
  if (expressions === undefined || expressions === null) return true;
  if (!Array.isArray(expressions)) return false;
  return expressions.every((e) => isObj(e) && matchesExpression(e, labels));
}

function matchesExpression(e: Obj, labels: Labels): boolean {
  if (typeof e.key !== 'string') return false;
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  const value = has ? labelValue(labels[e.key]) : undefined;
  const values = Array.isArray(e.values) ? e.values.map(labelValue) : [];
  switch (e.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      // A missing key satisfies NotIn (labels.Requirement.Matches).
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** A plain `key: value` selector (Service `spec.selector`, `matchLabels`): every pair must be present. Empty matches all. */
export function matchesMapSelector(selector: unknown, labels: Labels): boolean {
  if (selector === null || selector === undefined) return true;
  if (!isObj(selector)) return false;
  return Object.entries(selector).every(([k, v]) => Object.prototype.hasOwnProperty.call(labels, k) && labelValue(labels[k]) === labelValue(v));
}

/** True for `{}` / `{matchLabels: {}}`: a selector that selects everything. */
export function isEmptyLabelSelector(selector: unknown): boolean {
  if (!isObj(selector)) return false;
  const ml = selector.matchLabels;
  const me = selector.matchExpressions;
  return (ml === undefined || ml === null || (isObj(ml) && Object.keys(ml).length === 0)) && (me === undefined || me === null || (Array.isArray(me) && me.length === 0));
}

/** A selector in a few words for messages: `app=web, tier in (a,b)`. */
export function describeSelector(selector: unknown): string {
  if (!isObj(selector)) return '(none)';
  const isLabelSelector = 'matchLabels' in selector || 'matchExpressions' in selector;
  const map = isLabelSelector ? selector.matchLabels : selector;
  const parts = isObj(map) ? Object.entries(map).map(([k, v]) => `${k}=${labelValue(v) ?? ''}`) : [];
  if (isLabelSelector && Array.isArray(selector.matchExpressions)) {
    for (const e of selector.matchExpressions) {
      if (!isObj(e)) continue;
      const values = Array.isArray(e.values) ? ` (${e.values.join(',')})` : '';
      parts.push(`${String(e.key)} ${String(e.operator)}${values}`);
    }
  }
  return parts.length ? parts.join(', ') : '{}';
}

import { isMap, isPair, isScalar, visit, type Document, type YAMLMap } from 'yaml';
import type { Finding } from '../../parse/finding';
import { nodeRange } from '../../parse/yamlPath';
import type { Rule } from '../types';
import { ANNOTATIONS_MAX_BYTES, isLabelValue, qualifiedNameProblem, SUBSTITUTION, TEMPLATE } from './names';

export const invalidLabelOrAnnotation: Rule = {
  meta: {
    id: 'META002',
    name: 'invalid-label-or-annotation',
    title: 'Invalid label or annotation',
    rationale:
      'The API server rejects an object whose label keys or values, annotation keys, or selector labels break the Kubernetes syntax, or whose annotations exceed 256 KiB together.',
    fix: 'Shorten or fix the key or value.',
    severity: 'error',
    kinds: 'all',
    profile: 'baseline',
    equivalents: { kubeScore: ['label-values'] },
  },
  // Reported by the schema stage (schema/objectMetaChecks.ts, with this id), so that it also fires for patches
  // and with best-practice rules turned off, and keeps pointing at the offending key or value; nothing to do here.
  check: () => [],
};

/**
 * Every `labels`/`annotations` map under a `metadata` key (pod templates too), every `matchLabels` selector, and
 * the plain selector maps of Services and ReplicationControllers.
 */
export function labelAndAnnotationFindings(doc: Document, kind: string): Finding[] {
  const findings: Finding[] = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (!isMap(pair.value)) return;
      // ancestors end with [..., Pair(owner), YAMLMap(owner's value)]
      const owner = ancestors[ancestors.length - 2];
      const ownerKey = isPair(owner) && isScalar(owner.key) ? owner.key.value : undefined;
      const topLevel = ancestors.length === 4; // Document, root map, Pair(spec), YAMLMap
      if ((key === 'labels' || key === 'annotations') && ownerKey === 'metadata') {
        checkLabelMap(pair.value, key === 'labels' ? 'label' : 'annotation', findings);
        if (key === 'annotations') checkAnnotationSize(pair.value, pair.key, findings);
      } else if (isSelector(key, ancestors) || (key === 'selector' && ownerKey === 'spec' && topLevel && (kind === 'Service' || kind === 'ReplicationController'))) {
        checkLabelMap(pair.value, 'selector label', findings);
      }
    },
  });
  return findings;
}

/** A `matchLabels` map, but not a field description inside a schema (a CRD's `properties.matchLabels`). */
function isSelector(key: unknown, ancestors: readonly unknown[]): boolean {
  return key === 'matchLabels' && !ancestors.some((a) => isPair(a) && isScalar(a.key) && (a.key.value === 'properties' || a.key.value === 'openAPIV3Schema'));
}

function checkLabelMap(map: YAMLMap, what: 'label' | 'annotation' | 'selector label', findings: Finding[]): void {
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const problem = qualifiedNameProblem(key);
    const kr = nodeRange(pair.key);
    if (problem && kr && !SUBSTITUTION.test(key) && !TEMPLATE.test(key)) findings.push(err(`Invalid ${what} key \`${key}\`: ${problem}`, kr));
    if (what !== 'annotation' && isScalar(pair.value) && typeof pair.value.value === 'string') {
      const v = pair.value.value;
      const vr = nodeRange(pair.value);
      if (vr && !SUBSTITUTION.test(v) && !TEMPLATE.test(v) && !isLabelValue(v)) {
        findings.push(err(`Invalid ${what} value \`${v}\`: at most 63 letters, digits, \`-\`, \`_\` and \`.\`, starting and ending with a letter or digit`, vr));
      }
    }
  }
}

function checkAnnotationSize(map: YAMLMap, key: unknown, findings: Finding[]): void {
  let bytes = 0;
  for (const pair of map.items) {
    bytes += Buffer.byteLength(String(isScalar(pair.key) ? pair.key.value : '')) + Buffer.byteLength(isScalar(pair.value) ? String(pair.value.value ?? '') : '');
  }
  const r = nodeRange(key as never);
  if (bytes > ANNOTATIONS_MAX_BYTES && r) {
    findings.push(err(`Annotations total ${Math.round(bytes / 1024)} KiB: the API server allows at most 256 KiB`, r));
  }
}

const err = (message: string, range: [number, number]): Finding => ({ ruleId: 'META002', severity: 'error', message, start: range[0], end: range[1] });

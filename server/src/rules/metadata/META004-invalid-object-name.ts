import { isMap, isScalar, type Document, type Node } from 'yaml';
import type { Finding } from '../../parse/finding';
import { nodeRange, resolvePath } from '../../parse/yamlPath';
import type { Rule } from '../types';
import { LABEL, nameRuleFor, SUBSTITUTION, TEMPLATE, type NameRule } from './names';

export const invalidObjectName: Rule = {
  meta: {
    id: 'META004',
    name: 'invalid-object-name',
    title: 'Invalid object name',
    rationale:
      'The API server rejects names that are not DNS subdomains (DNS labels for Namespaces, DNS-1035 labels for Services), namespaces that are not DNS labels, and names with unrendered `{{ }}` templates.',
    fix: 'Use lowercase letters, digits, `-` (and `.` where allowed).',
    severity: 'error',
    kinds: 'all',
    profile: 'baseline',
  },
  // Reported by the schema stage (schema/objectMetaChecks.ts, with this id), so that it also fires for patches
  // and with best-practice rules turned off, and keeps pointing at the value; nothing to do here.
  check: () => [],
};

/** metadata.name, metadata.generateName and metadata.namespace of the document's object. */
export function objectNameFindings(doc: Document, kind: string): Finding[] {
  const metadata = resolvePath(doc, ['metadata']).target.node;
  if (!isMap(metadata)) return [];
  const findings: Finding[] = [];
  const rule = nameRuleFor(kind);
  const check = (field: string, nameRule: NameRule, what: string, asName = (v: string) => v) => {
    const node = metadata.get(field, true) as Node | undefined;
    if (!isScalar(node) || typeof node.value !== 'string' || SUBSTITUTION.test(node.value)) return;
    const r = nodeRange(node);
    if (!r) return;
    const value = node.value;
    if (TEMPLATE.test(value)) findings.push(err(`\`${field}\` \`${value}\` is an unrendered template: render it (helm template) before applying`, r));
    else if (!nameRule.test(asName(value))) findings.push(err(`Invalid ${what} \`${value}\`: it must be ${nameRule.describe}`, r));
  };
  check('name', rule, `${kind} name`);
  // The API server checks generateName as a prefix: a trailing `-` is allowed there.
  check('generateName', rule, `${kind} generateName`, (v) => v.replace(/-$/, 'a'));
  check('namespace', LABEL, 'namespace');
  return findings;
}

const err = (message: string, range: [number, number]): Finding => ({ ruleId: 'META004', severity: 'error', message, start: range[0], end: range[1] });

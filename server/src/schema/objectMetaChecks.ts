// Name and label syntax the apiserver enforces in hand-written validation (not in the OpenAPI data).
import { isMap, isPair, isScalar, visit, type Document, type YAMLMap } from 'yaml';
import type { Finding } from '../engine/finding';
import { keyRange, nodeRange, resolvePath } from '../parse/yamlPath';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// Values still to be substituted by Flux post-build (`${VAR}`) or Kustomize replacements are not checked.
const PLACEHOLDER = /\$\{|\$\(|\{\{/;

type NameRule = { test: (name: string) => boolean; describe: string };

const SUBDOMAIN: NameRule = {
  test: (n) => n.length <= 253 && DNS1123_SUBDOMAIN.test(n),
  describe: 'a DNS subdomain: at most 253 lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit',
};
const LABEL: NameRule = {
  test: (n) => n.length <= 63 && DNS1123_LABEL.test(n),
  describe: 'a DNS label: at most 63 lowercase letters, digits and `-`, starting and ending with a letter or digit',
};
const DNS1035: NameRule = {
  test: (n) => n.length <= 63 && DNS1035_LABEL.test(n),
  describe: 'a DNS-1035 label: at most 63 lowercase letters, digits and `-`, starting with a letter',
};
// RBAC names are path segments: anything but `/`, `%`, `.` and `..` (e.g. `system:aggregate-to-view`).
const PATH_SEGMENT: NameRule = {
  test: (n) => n !== '.' && n !== '..' && !/[/%]/.test(n),
  describe: 'a path segment: it may not contain `/` or `%` and may not be `.` or `..`',
};

const NAME_RULES: Record<string, NameRule> = {
  Namespace: LABEL,
  Service: DNS1035,
  Role: PATH_SEGMENT,
  ClusterRole: PATH_SEGMENT,
  RoleBinding: PATH_SEGMENT,
  ClusterRoleBinding: PATH_SEGMENT,
};

export function objectMetaFindings(doc: Document, kind: string, partial: boolean): Finding[] {
  const findings: Finding[] = [];
  const { target } = resolvePath(doc, ['metadata']);
  const metadata = target.node;
  if (!isMap(metadata)) return findings;

  const nameNode = metadata.get('name', true);
  if (isScalar(nameNode) && typeof nameNode.value === 'string' && !PLACEHOLDER.test(nameNode.value)) {
    const rule = NAME_RULES[kind] ?? SUBDOMAIN;
    if (!rule.test(nameNode.value)) {
      const r = nodeRange(nameNode);
      if (r) findings.push(err(`Invalid ${kind} name \`${nameNode.value}\`: it must be ${rule.describe}`, r));
    }
  } else if (nameNode === undefined && metadata.get('generateName') === undefined && !partial) {
    const r = keyRange(target.pair);
    if (r) findings.push(err(`Missing \`metadata.name\`: every ${kind} needs a name`, r));
  }

  const ns = metadata.get('namespace', true);
  if (isScalar(ns) && typeof ns.value === 'string' && !PLACEHOLDER.test(ns.value) && !LABEL.test(ns.value)) {
    const r = nodeRange(ns);
    if (r) findings.push(err(`Invalid namespace \`${ns.value}\`: it must be ${LABEL.describe}`, r));
  }
  return findings.concat(labelFindings(doc));
}

/** Checks every `labels`/`annotations` map that sits under a `metadata` key anywhere (pod templates too). */
function labelFindings(doc: Document): Finding[] {
  const findings: Finding[] = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if ((key !== 'labels' && key !== 'annotations') || !isMap(pair.value)) return;
      // ancestors end with [..., Pair(metadata), YAMLMap(metadata value)]
      const owner = ancestors[ancestors.length - 2];
      if (isPair(owner) && isScalar(owner.key) && owner.key.value === 'metadata') {
        checkLabelMap(pair.value, key === 'labels', findings);
      }
    },
  });
  return findings;
}

function checkLabelMap(map: YAMLMap, isLabels: boolean, findings: Finding[]): void {
  const what = isLabels ? 'label' : 'annotation';
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const problem = qualifiedNameProblem(key);
    const kr = nodeRange(pair.key);
    if (problem && kr && !PLACEHOLDER.test(key)) findings.push(err(`Invalid ${what} key \`${key}\`: ${problem}`, kr));
    if (isLabels && isScalar(pair.value) && typeof pair.value.value === 'string') {
      const v = pair.value.value;
      const vr = nodeRange(pair.value);
      if (vr && !PLACEHOLDER.test(v) && (v.length > 63 || !LABEL_VALUE.test(v))) {
        findings.push(
          err(`Invalid label value \`${v}\`: at most 63 letters, digits, \`-\`, \`_\` and \`.\`, starting and ending with a letter or digit`, vr),
        );
      }
    }
  }
}

function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a key has at most one `/` (prefix/name)';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (!prefix || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return `the prefix \`${prefix}\` must be a DNS subdomain`;
  }
  if (!name || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return 'the name part must be at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit';
  }
  return undefined;
}

function err(message: string, range: [number, number]): Finding {
  return { ruleId: 'schema', severity: 'error', message, start: range[0], end: range[1] };
}

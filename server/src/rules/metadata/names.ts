// Name, label and annotation syntax the API server enforces in hand-written validation (not in the OpenAPI data).

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// Values still to be substituted by Flux post-build (`${VAR}`) or Kustomize (`$(VAR)`) are not checked.
export const SUBSTITUTION = /\$\{|\$\(/;
// A Go template left in a manifest that is not a Helm chart template: the API server would get it verbatim.
export const TEMPLATE = /\{\{/;
/** metadata.annotations: the API server's limit on all keys and values together. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

export type NameRule = { test: (name: string) => boolean; describe: string };

export const SUBDOMAIN: NameRule = {
  test: (n) => n.length <= 253 && DNS1123_SUBDOMAIN.test(n),
  describe: 'a DNS subdomain: at most 253 lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit',
};
export const LABEL: NameRule = {
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

// Service names are DNS-1035 labels in the API server (a leading digit is rejected), stricter than DNS-1123.
const NAME_RULES: Record<string, NameRule> = {
  Namespace: LABEL,
  Service: DNS1035,
  Role: PATH_SEGMENT,
  ClusterRole: PATH_SEGMENT,
  RoleBinding: PATH_SEGMENT,
  ClusterRoleBinding: PATH_SEGMENT,
};

export const nameRuleFor = (kind: string): NameRule => NAME_RULES[kind] ?? SUBDOMAIN;

/** Why a label or annotation key is invalid, or undefined when it is valid. */
export function qualifiedNameProblem(key: string): string | undefined {
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

export const isLabelValue = (v: string): boolean => v.length <= 63 && LABEL_VALUE.test(v);

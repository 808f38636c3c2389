// Which schema a document gets, and what to say when none fits: removed and deprecated APIs (rule API001),
// misspelled kinds, versions a group does not serve, and custom resources with no known CRD.
import { groupOf, splitKindKey } from './apiGroups';
import { isMap, type Document } from 'yaml';
import type { Finding, Fix } from '../parse/finding';
import { nodeRange, resolvePath, type YamlPath } from '../parse/yamlPath';
import type { SchemaStore, ResolvedSchema } from './schemaStore';
import type { CrdRegistry } from '../workspace/crds';
import { closestMatch } from './suggest';

export const REMOVED_API_RULE = 'API001';
const TOOL_CONFIG_GROUPS = new Set(['kustomize.config.k8s.io', 'config.kubernetes.io', 'kpt.dev', 'fn.kpt.dev']);

export interface KindResolution {
  resolved?: ResolvedSchema;
  findings: Finding[];
}

export function resolveKind(
  store: SchemaStore,
  minor: string,
  doc: () => Document,
  apiVersion: string,
  kind: string,
  value: unknown,
  basePath: YamlPath = [],
  /** The workspace's CRDs; custom resources are not resolved when undefined (`gitops.crds.enable` off). */
  crds?: CrdRegistry,
): KindResolution {
  const findings: Finding[] = [];
  // Ranges need the syntax tree, which is built on demand: only when there is something to report.
  let ranges: { api: [number, number]; kind: [number, number] } | undefined;
  const located = () => {
    if (!ranges) {
      const { target } = resolvePath(doc(), basePath);
      const root = isMap(target.node) ? target.node : undefined;
      const api = nodeRange(root?.get('apiVersion', true) as never) ?? [0, 1];
      ranges = { api, kind: nodeRange(root?.get('kind', true) as never) ?? api };
    }
    return ranges;
  };
  const resolved = store.resolve(minor, apiVersion, kind, crds);

  const removal = store.bundled.removedApis().find((r) => r.apiVersion === apiVersion && r.kind === kind);
  if (removal) {
    const removed = compareMinor(minor, removal.removedIn) >= 0;
    const deprecated = !removed && removal.deprecatedIn !== undefined && compareMinor(minor, removal.deprecatedIn) >= 0;
    if (removed || deprecated) {
      const verb = removed ? `was removed in Kubernetes ${removal.removedIn}` : `is deprecated since ${removal.deprecatedIn} and will be removed in ${removal.removedIn}`;
      const advice = removal.replacement ? `: use \`${removal.replacement}\`` : removal.note ? `: ${removal.note}` : '';
      findings.push({
        ruleId: REMOVED_API_RULE,
        severity: removed ? 'error' : 'warning',
        message: `\`${apiVersion}\` ${kind} ${verb}${advice}`,
        start: located().api[0],
        end: located().api[1],
        fixes: removal.replacement ? [replacementFix(store, minor, removal.replacement, kind, value, located().api, crds)] : undefined,
      });
      if (removed) return { findings };
    }
  }
  if (resolved) {
    if (resolved.crd?.deprecated) {
      findings.push({
        ruleId: REMOVED_API_RULE,
        severity: 'warning',
        message: resolved.crd.deprecationWarning ?? `\`${apiVersion}\` ${kind} is deprecated by its CustomResourceDefinition`,
        start: located().api[0],
        end: located().api[1],
      });
    }
    return { resolved, findings };
  }

  const group = groupOf(apiVersion);
  // A bare apiVersion is the core group only when it is a version (`v1`); `builtin` (Kustomize) is not.
  const isCoreVersion = group === '' && /^v\d+((alpha|beta)\d+)?$/.test(apiVersion);
  const builtinKinds = group || isCoreVersion ? store.bundled.kindKeys(minor).map(splitKindKey).filter((k) => k.group === group) : [];
  if (builtinKinds.length > 0) {
    const sameKind = builtinKinds.filter((k) => k.kind === kind);
    if (sameKind.length > 0) {
      const served = sameKind.map((k) => k.apiVersion);
      const preferred = served.find((v) => /\/v\d+$|^v\d+$/.test(v)) ?? served[0];
      findings.push({
        ruleId: 'schema',
        severity: 'error',
        message: `\`${apiVersion}\` does not serve ${kind} in Kubernetes ${minor}: served as ${served.map((v) => `\`${v}\``).join(', ')}`,
        start: located().api[0],
        end: located().api[1],
        fixes: [{ title: `Change apiVersion to \`${preferred}\``, edits: [{ start: located().api[0], end: located().api[1], newText: preferred }], isPreferred: true }],
      });
    } else {
      const inVersion = builtinKinds.filter((k) => k.apiVersion === apiVersion).map((k) => k.kind);
      const suggestion = closestMatch(kind, inVersion.length ? inVersion : builtinKinds.map((k) => k.kind));
      findings.push({
        ruleId: 'schema',
        severity: 'error',
        message: `Unknown kind \`${kind}\` in \`${apiVersion}\` for Kubernetes ${minor}${suggestion ? ` — did you mean \`${suggestion}\`?` : ''}`,
        start: located().kind[0],
        end: located().kind[1],
        fixes: suggestion
          ? [{ title: `Change kind to \`${suggestion}\``, edits: [{ start: located().kind[0], end: located().kind[1], newText: suggestion }], isPreferred: true }]
          : undefined,
      });
    }
    return { findings };
  }

  // Configuration read by tools (Kustomize, kpt), never sent to a cluster: nothing to validate against.
  if (isToolConfig(apiVersion)) return { findings };
  const crdVersions = crds?.versionsOf(group, kind) ?? [];
  if (crdVersions.length > 0) {
    findings.push({
      ruleId: 'schema',
      severity: 'error',
      message: `The CustomResourceDefinition for ${kind} does not define version \`${apiVersion.slice(group.length + 1)}\`: it defines ${crdVersions.map((v) => `\`${group}/${v.version}\``).join(', ')}`,
      start: located().api[0],
      end: located().api[1],
    });
    return { findings };
  }
  findings.push({
    ruleId: 'schema',
    severity: 'hint',
    message: `No schema known for ${kind} (\`${apiVersion}\`): add its CustomResourceDefinition to the workspace to validate it`,
    start: located().kind[0],
    end: located().kind[1],
  });
  return { findings };
}

/** Configuration read by tools (Kustomize, kpt), never sent to a cluster. */
export function isToolConfig(apiVersion: string): boolean {
  const group = groupOf(apiVersion);
  return TOOL_CONFIG_GROUPS.has(group) || apiVersion === 'builtin';
}

/** Rewriting the apiVersion is preferred only when the object is valid as it stands under the new version. */
function replacementFix(store: SchemaStore, minor: string, replacement: string, kind: string, value: unknown, range: [number, number], crds?: CrdRegistry): Fix {
  const target = store.resolve(minor, replacement, kind, crds);
  const candidate = value && typeof value === 'object' ? { ...(value as object), apiVersion: replacement } : value;
  const clean = target ? target.validate(candidate) === true : false;
  return {
    title: clean ? `Change apiVersion to \`${replacement}\`` : `Change apiVersion to \`${replacement}\` (the object then needs changes to match it)`,
    edits: [{ start: range[0], end: range[1], newText: replacement }],
    isPreferred: clean,
  };
}

/** Compares `1.22` and `1.9` as minors, numerically. */
export function compareMinor(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

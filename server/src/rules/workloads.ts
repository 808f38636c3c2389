// Finds pod templates wherever a kind keeps them, so container rules are written once.
import type { YamlPath } from '../parse/yamlPath';
import type { Obj } from './types';

export interface ContainerRef {
  path: YamlPath;
  container: Obj;
  group: 'containers' | 'initContainers' | 'ephemeralContainers';
  index: number;
}

export interface PodTemplate {
  /** Path of the pod spec (`spec.template.spec` for a Deployment). */
  specPath: YamlPath;
  spec: Obj;
  /** Path of the pod template's metadata, when the kind has one (not for a bare Pod: its own metadata). */
  metadataPath: YamlPath;
  labels: Record<string, string>;
  /** containers, then initContainers, then ephemeralContainers. */
  containers: ContainerRef[];
}

export interface PodTemplatePath {
  kind: string;
  /** Restrict to one apiVersion (e.g. `argoproj.io/v1alpha1`); any when absent. */
  apiVersion?: string;
  /** Path of the pod template (the object holding `metadata` and `spec`), e.g. `spec.template`. */
  path: string;
}

// Where the pod template lives for each kind; `.` is the object itself (a Pod is its own template).
export const BUILTIN_POD_TEMPLATE_PATHS: PodTemplatePath[] = [
  { kind: 'Pod', apiVersion: 'v1', path: '.' },
  { kind: 'PodTemplate', apiVersion: 'v1', path: 'template' },
  { kind: 'ReplicationController', apiVersion: 'v1', path: 'spec.template' },
  { kind: 'Deployment', path: 'spec.template' },
  { kind: 'StatefulSet', path: 'spec.template' },
  { kind: 'DaemonSet', path: 'spec.template' },
  { kind: 'ReplicaSet', path: 'spec.template' },
  { kind: 'Job', path: 'spec.template' },
  { kind: 'CronJob', path: 'spec.jobTemplate.spec.template' },
  { kind: 'Rollout', apiVersion: 'argoproj.io/v1alpha1', path: 'spec.template' },
  { kind: 'DeploymentConfig', apiVersion: 'apps.openshift.io/v1', path: 'spec.template' },
];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every kind that holds a pod template (built in and configured). */
/**
 * How messages name a container: "Container `web`" (or "Init container `setup`"), and one without a name by its
 * place, "The 2nd container (no name)". `sentenceStart: false` for the middle of a sentence.
 */
export function containerLabel(c: ContainerRef, sentenceStart = true): string {
  const kind = c.group === 'containers' ? 'container' : c.group === 'initContainers' ? 'init container' : 'ephemeral container';
  const label = typeof c.container.name === 'string' && c.container.name !== '' ? `${kind} \`${c.container.name}\`` : `the ${ordinal(c.index + 1)} ${kind} (no name)`;
  return sentenceStart ? label[0].toUpperCase() + label.slice(1) : label;
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

export function workloadKinds(config: { podTemplatePaths: PodTemplatePath[] }): string[] {
  return [...new Set([...BUILTIN_POD_TEMPLATE_PATHS, ...config.podTemplatePaths].map((p) => p.kind))];
}

export function isWorkloadKind(kind: string, apiVersion: string, extra: PodTemplatePath[] = []): boolean {
  return [...BUILTIN_POD_TEMPLATE_PATHS, ...extra].some((p) => p.kind === kind && (!p.apiVersion || p.apiVersion === apiVersion));
}

export function findPodTemplates(object: Obj, extra: PodTemplatePath[] = []): PodTemplate[] {
  const { kind, apiVersion } = object;
  const entry = [...extra, ...BUILTIN_POD_TEMPLATE_PATHS].find((p) => p.kind === kind && (!p.apiVersion || p.apiVersion === apiVersion));
  if (!entry) return [];
  const templatePath: YamlPath = entry.path === '.' ? [] : entry.path.split('.');
  const template = get(object, templatePath);
  if (!isObj(template) || !isObj(template.spec)) return [];
  const spec = template.spec;
  const metadata = isObj(template.metadata) ? template.metadata : {};
  const labels = isObj(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
  const specPath = [...templatePath, 'spec'];
  const containers: ContainerRef[] = [];
  for (const group of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    const list = spec[group];
    if (!Array.isArray(list)) continue;
    list.forEach((c, index) => {
      if (isObj(c)) containers.push({ path: [...specPath, group, index], container: c, group, index });
    });
  }
  return [{ specPath, spec, metadataPath: [...templatePath, 'metadata'], labels, containers }];
}

export function get(object: unknown, path: YamlPath): unknown {
  let cur = object;
  for (const step of path) {
    if (Array.isArray(cur) && typeof step === 'number') cur = cur[step];
    else if (isObj(cur)) cur = cur[String(step)];
    else return undefined;
  }
  return cur;
}

/** `eff(x)` of the catalogue: the container's securityContext field if set, else the pod's. */
export function effectiveSecurity(
  pod: PodTemplate,
  c: ContainerRef,
  field: string,
): { value: unknown; path: YamlPath; source: 'container' | 'pod' | 'unset' } {
  const own = get(c.container, ['securityContext', field]);
  if (own !== undefined && own !== null) return { value: own, path: [...c.path, 'securityContext', field], source: 'container' };
  const podValue = get(pod.spec, ['securityContext', field]);
  if (podValue !== undefined && podValue !== null) {
    return { value: podValue, path: [...pod.specPath, 'securityContext', field], source: 'pod' };
  }
  // Unset: report on the container, where the fix usually goes.
  return { value: undefined, path: [...c.path, 'securityContext', field], source: 'unset' };
}

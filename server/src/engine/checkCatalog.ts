// What each built-in check is, for SARIF rule metadata, `gitops-manifests rules` and hover.
import type { Severity } from './finding';

export interface CheckInfo {
  id: string;
  name: string;
  title: string;
  description: string;
  defaultSeverity: Severity;
  helpUri: string;
}

export const CORE_CHECKS: CheckInfo[] = [
  {
    id: 'yaml',
    name: 'yaml-syntax',
    title: 'YAML syntax',
    description: 'The file must be valid YAML 1.2: consistent indentation with spaces, unique keys in each mapping, closed quotes and brackets.',
    defaultSeverity: 'error',
    helpUri: 'https://yaml.org/spec/1.2.2/',
  },
  {
    id: 'schema',
    name: 'kubernetes-schema',
    title: 'Kubernetes schema',
    description:
      'Each object must match the schema of its apiVersion and kind for the chosen Kubernetes version (or its CustomResourceDefinition): no unknown fields, the right types, required fields present, valid names and labels.',
    defaultSeverity: 'error',
    helpUri: 'https://kubernetes.io/docs/reference/kubernetes-api/',
  },
  {
    id: 'API001',
    name: 'removed-api-version',
    title: 'Removed or deprecated API version',
    description:
      'The apiVersion is removed in (error) or deprecated for (warning) the chosen Kubernetes version; the server rejects removed versions. Move to the replacement apiVersion.',
    defaultSeverity: 'error',
    helpUri: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
  },
];

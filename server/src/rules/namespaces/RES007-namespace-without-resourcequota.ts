import { namespaceGuardRule } from './namespaceGuard';

const resourceQuota = (ns: string) => `apiVersion: v1
kind: ResourceQuota
metadata:
  name: default-quota
  namespace: ${ns}
spec:
  hard:
    requests.cpu: "4"
    requests.memory: 8Gi
    limits.memory: 16Gi
    pods: "50"
`;

export const namespaceWithoutResourceQuota = namespaceGuardRule(
  {
    id: 'RES007',
    name: 'namespace-without-resourcequota',
    title: 'Namespace without a ResourceQuota',
    rationale: 'Without a ResourceQuota one team or runaway controller can take all of the cluster\'s CPU, memory or pod slots.',
    fix: 'Add a ResourceQuota (`requests.cpu`, `requests.memory`, `limits.memory`, `pods`).',
    equivalents: {},
  },
  'ResourceQuota',
  resourceQuota,
);

import { namespaceGuardRule } from './namespaceGuard';

// Defaults in the spirit of the catalogue's RES001/RES002 fix values (Polaris mutations); adjust per team.
const limitRange = (ns: string) => `apiVersion: v1
kind: LimitRange
metadata:
  name: default-limits
  namespace: ${ns}
spec:
  limits:
    - type: Container
      defaultRequest:
        cpu: 100m
        memory: 128Mi
      default:
        memory: 512Mi
`;

export const namespaceWithoutLimitRange = namespaceGuardRule(
  {
    id: 'RES006',
    name: 'namespace-without-limitrange',
    title: 'Namespace without a LimitRange',
    rationale: 'Without a LimitRange, containers that set no requests or limits get none: the scheduler cannot place them well and one pod can starve the node.',
    fix: 'Add a LimitRange with `default`/`defaultRequest` for Containers.',
    equivalents: {},
  },
  'LimitRange',
  limitRange,
);

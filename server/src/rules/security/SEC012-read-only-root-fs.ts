import type { Rule } from '../types';
import { get } from '../workloads';
import { containerName, eachContainer } from './podSecurity';

export const readOnlyRootFs: Rule = {
  meta: {
    id: 'SEC012',
    name: 'read-only-root-fs',
    title: 'Writable root file system',
    rationale:
      'A writable root file system lets an attacker drop tools or modify binaries in the running container. With `readOnlyRootFilesystem: true` only mounted volumes are writable.',
    fix: 'Set `readOnlyRootFilesystem: true`; mount an `emptyDir` at writable paths (e.g. `/tmp`).',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: {
      kubeLinter: ['no-read-only-root-fs'],
      polaris: ['notReadOnlyRootFilesystem'],
      kubeScore: ['container-security-context-readonlyrootfilesystem'],
      checkov: ['CKV_K8S_22'],
    },
  },
  check(ctx) {
    return eachContainer(ctx, (_pod, c) => {
      const path = [...c.path, 'securityContext', 'readOnlyRootFilesystem'];
      const value = get(c.container, ['securityContext', 'readOnlyRootFilesystem']);
      if (value === true) return [];
      return [
        {
          path: value === undefined || value === null ? c.path : path,
          message: `${containerName(c)} has a writable root file system`,
          fixes: [{ title: 'Set `readOnlyRootFilesystem: true`', ops: [{ op: 'set' as const, path, value: true }], isPreferred: true }],
        },
      ];
    });
  },
};

import type { EditOp, Rule, RuleFinding } from '../types';

export const serviceAccountHygiene: Rule = {
  meta: {
    id: 'SEC022',
    name: 'service-account-hygiene',
    title: 'Deprecated `serviceAccount` field',
    rationale:
      '`serviceAccount` is a deprecated alias of `serviceAccountName`; when the two differ, the pod runs as `serviceAccountName` and the manifest misleads its readers.',
    fix: 'Create a dedicated ServiceAccount and set `serviceAccountName`; drop `serviceAccount`.',
    severity: 'warning',
    optional: 'No `serviceAccountName`, or `default`: information (kube-linter `default-service-account`).',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeLinter: ['default-service-account', 'deprecated-service-account-field'] },
  },
  check(ctx) {
    return ctx.podTemplates.flatMap((pod): RuleFinding[] => {
      const { serviceAccount, serviceAccountName } = pod.spec;
      if (ctx.optional && (serviceAccount ?? serviceAccountName ?? 'default') === 'default') {
        const set = serviceAccountName !== undefined && serviceAccountName !== null;
        return [{
          path: set ? [...pod.specPath, 'serviceAccountName'] : pod.specPath,
          severity: 'info',
          message: set ? 'The pod runs as the namespace\'s `default` ServiceAccount' : 'No `serviceAccountName`: the pod runs as the namespace\'s `default` ServiceAccount',
        }];
      }
      if (serviceAccount === undefined || serviceAccount === null || serviceAccount === serviceAccountName) return [];
      const path = [...pod.specPath, 'serviceAccount'];
      // Without serviceAccountName the deprecated field is the one in effect: keep its value under the new name.
      const ops: EditOp[] = [{ op: 'delete', path }];
      if (serviceAccountName === undefined) ops.push({ op: 'set', path: [...pod.specPath, 'serviceAccountName'], value: serviceAccount });
      return [{
        path,
        message:
          serviceAccountName === undefined
            ? `\`serviceAccount: ${String(serviceAccount)}\` is deprecated; use \`serviceAccountName\``
            : `Deprecated \`serviceAccount: ${String(serviceAccount)}\` differs from \`serviceAccountName: ${String(serviceAccountName)}\`, which is the one in effect`,
        fixes: [{ title: serviceAccountName === undefined ? 'Rename to `serviceAccountName`' : 'Delete deprecated `serviceAccount`', ops, isPreferred: true }],
      }];
    });
  },
};

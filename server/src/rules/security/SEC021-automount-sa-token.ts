import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';

export const automountServiceAccountToken: Rule = {
  meta: {
    id: 'SEC021',
    name: 'automount-sa-token',
    title: 'Service account token mounted',
    rationale:
      'Every pod gets an API token for its service account unless automounting is off; an attacker in the container can use it against the API server. Most applications never call the API.',
    fix: 'Set `automountServiceAccountToken: false` unless the app calls the Kubernetes API.',
    severity: 'warning',
    // ServiceAccount and every kind with a pod template (including configured ones).
    kinds: 'all',
    profile: 'baseline',
    equivalents: { polaris: ['automountServiceAccountToken'], checkov: ['CKV_K8S_38', 'CKV_K8S_41'] },
    // The referenced ServiceAccount may switch automounting off.
    workspace: true,
    reads: ['ServiceAccount'],
  },
  check(ctx) {
    if (ctx.kind === 'ServiceAccount') {
      if (ctx.apiVersion !== 'v1' || ctx.name !== 'default' || ctx.object.automountServiceAccountToken === false) return [];
      const path = ['automountServiceAccountToken'];
      return [{
        path: ctx.object.automountServiceAccountToken === undefined ? ['metadata', 'name'] : path,
        message: 'The `default` ServiceAccount mounts its token into every pod that does not opt out',
        severity: 'info',
        fixes: [{ title: 'Set `automountServiceAccountToken: false`', ops: [{ op: 'set', path, value: false }], isPreferred: true }],
      }];
    }
    return ctx.podTemplates.flatMap((pod): RuleFinding[] => {
      const own = pod.spec.automountServiceAccountToken;
      if (own === false) return [];
      const saName = String(pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? 'default');
      const sa = ctx.index?.find('ServiceAccount', saName, ctx.namespace);
      if (sa && get(sa.object, ['automountServiceAccountToken']) === false) return [];
      const path = [...pod.specPath, 'automountServiceAccountToken'];
      return [{
        path,
        message: `The pod mounts the token of ServiceAccount \`${saName}\` (\`automountServiceAccountToken\` is ${own === undefined ? 'not set' : `\`${String(own)}\``})`,
        fixes: [{ title: 'Set `automountServiceAccountToken: false`', ops: [{ op: 'set', path, value: false }], isPreferred: true }],
      }];
    });
  },
};

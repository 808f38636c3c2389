import type { Rule } from '../types';
import { containerName } from './imageRef';

export const imagePullPolicy: Rule = {
  meta: {
    id: 'IMG003',
    name: 'image-pull-policy',
    title: 'Image pull policy not Always',
    rationale:
      'With `IfNotPresent` or `Never` a node reuses whatever image it cached under the tag, and pods skip the registry\'s authorisation check for images already on the node. Contested (it costs pulls), so off by default.',
    fix: 'Set `imagePullPolicy: Always`.',
    severity: 'off',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { polaris: ['pullPolicyNotAlways'], kubeScore: ['container-image-pull-policy'], checkov: ['CKV_K8S_15'] },
  },
  check(ctx) {
    // Unset fails too, even with a `latest` or missing tag where Kubernetes defaults to Always: the catalogue
    // follows Polaris and Checkov here, not kube-score.
    return ctx.podTemplates.flatMap((pod) =>
      pod.containers
        .filter((c) => c.container.imagePullPolicy !== 'Always')
        .map((c) => {
          const current = c.container.imagePullPolicy;
          const path = [...c.path, 'imagePullPolicy'];
          return {
            path: current === undefined ? c.path : path,
            message:
              current === undefined
                ? `${containerName(c)} does not set \`imagePullPolicy: Always\``
                : `${containerName(c)} has \`imagePullPolicy: ${String(current)}\`, not \`Always\``,
            fixes: [{ title: 'Set `imagePullPolicy: Always`', ops: [{ op: 'set' as const, path, value: 'Always' }], isPreferred: true }],
          };
        }),
    );
  },
};

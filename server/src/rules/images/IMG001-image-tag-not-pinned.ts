import type { Rule } from '../types';
import { containerImages, containerName, imagePath } from './imageRef';

export const imageTagNotPinned: Rule = {
  meta: {
    id: 'IMG001',
    name: 'image-tag-not-pinned',
    title: 'Image tag not pinned',
    rationale:
      'An image without a tag, or tagged `latest`, changes under the same manifest: rollouts stop being reproducible and a restart can pull a different version.',
    fix: 'Pin a version tag (or an `@sha256:` digest).',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeLinter: ['latest-tag'], polaris: ['tagNotSpecified'], kubeScore: ['container-image-tag'], checkov: ['CKV_K8S_14'] },
  },
  check(ctx) {
    return containerImages(ctx.podTemplates)
      .filter(({ ref }) => !ref.digest && (ref.tag === undefined || ref.tag === '' || ref.tag === 'latest'))
      .map(({ c, image, ref }) => ({
        path: imagePath(c),
        message: ref.tag
          ? `${containerName(c)} uses \`${image}\`: \`latest\` is not a version`
          : `${containerName(c)} uses \`${image}\` without a tag or digest (it means \`latest\`)`,
      }));
  },
};

import type { Rule } from '../types';
import { containerImages, containerName, imagePath } from './imageRef';

export const imageNotDigest: Rule = {
  meta: {
    id: 'IMG002',
    name: 'image-not-digest',
    title: 'Image not pinned by digest',
    rationale: 'A tag can be moved to other content; only a `@sha256:` digest names exactly the image that was reviewed.',
    fix: 'Append `@sha256:<digest>` to the image.',
    severity: 'off',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { checkov: ['CKV_K8S_43'] },
  },
  check(ctx) {
    return containerImages(ctx.podTemplates)
      .filter(({ ref }) => !ref.digest?.startsWith('sha256:'))
      .map(({ c, image }) => ({ path: imagePath(c), message: `${containerName(c)} uses \`${image}\` without an \`@sha256:\` digest`}));
  },
};

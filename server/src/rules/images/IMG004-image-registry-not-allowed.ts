import type { Rule } from '../types';
import { containerImages, containerName, imagePath, type ImageRef } from './imageRef';

export const imageRegistryNotAllowed: Rule = {
  meta: {
    id: 'IMG004',
    name: 'image-registry-not-allowed',
    title: 'Image registry not allowed',
    rationale:
      'Images from registries outside the approved list bypass the organisation\'s scanning and mirroring. Runs only when `rules.allowedRegistries` is set in the config file.',
    fix: 'Pull from an approved registry or mirror.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
  },
  check(ctx) {
    const allowed = ctx.config.allowedRegistries ?? [];
    if (allowed.length === 0) return [];
    return containerImages(ctx.podTemplates)
      .filter(({ ref }) => !allowed.some((entry) => registryAllowed(entry, ref)))
      .map(({ c, image, ref }) => ({
        path: imagePath(c),
        message: `${containerName(c)} pulls \`${image}\` from \`${ref.registry}\`, which is not an allowed registry (${allowed.map((a) => `\`${a}\``).join(', ')})`,
      }));
  },
};

/**
 * An entry is a registry (`ghcr.io`, `registry.local:5000`), a wildcard (`*.example.com`), or a registry with a
 * repository prefix (`ghcr.io/acme`), matched on `/` boundaries. `docker.io` covers images that name no registry.
 */
export function registryAllowed(entry: string, ref: ImageRef): boolean {
  const e = entry.trim().replace(/\/+$/, '').toLowerCase();
  const registry = ref.registry.toLowerCase();
  if (e.startsWith('*.')) return registry.endsWith(e.slice(1));
  return `${registry}/${ref.repository}/`.startsWith(`${e}/`);
}

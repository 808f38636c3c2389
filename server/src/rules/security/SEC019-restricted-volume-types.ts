import type { Rule } from '../types';

const ALLOWED_SOURCES = new Set(['configMap', 'downwardAPI', 'emptyDir', 'projected', 'secret', 'csi', 'persistentVolumeClaim', 'ephemeral', 'image']);

export const restrictedVolumeTypes: Rule = {
  meta: {
    id: 'SEC019',
    name: 'restricted-volume-types',
    title: 'Volume type not allowed by the restricted profile',
    rationale:
      'Inline volume sources such as hostPath, nfs, iscsi or gitRepo reach outside the pod\'s sandbox. Pod Security Standards (restricted) allow only ephemeral and claim-based volumes.',
    fix: 'Move network storage behind a PersistentVolume and a PersistentVolumeClaim.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'restricted',
    equivalents: { pss: ['restrictedVolumes'] },
  },
  check(ctx) {
    return ctx.podTemplates.flatMap((pod) => {
      const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
      return volumes.flatMap((v, i) => {
        if (typeof v !== 'object' || v === null) return [];
        const sources = Object.keys(v).filter((k) => k !== 'name' && !ALLOWED_SOURCES.has(k));
        const name = String((v as { name?: unknown }).name);
        return sources.map((source) => ({
          path: [...pod.specPath, 'volumes', i, source],
          message: `Volume \`${name}\` uses \`${source}\`, which the restricted profile does not allow`,
        }));
      });
    });
  },
};

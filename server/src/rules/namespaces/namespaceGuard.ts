// RES006/RES007: a Namespace defined in the workspace with no LimitRange / ResourceQuota in it.
import { posix } from 'node:path';
import type { Rule, RuleMeta } from '../types';
import type { IndexedObject } from '../../workspace/objects';

/**
 * In the namespace: `metadata.namespace` names it, or it is unset in the Namespace's own folder
 * (the usual kustomize layout where `namespace:` in kustomization.yaml fills it in).
 */
export function isInNamespace(o: IndexedObject, namespace: string, namespaceSource: string): boolean {
  if (o.namespace !== undefined) return o.namespace === namespace;
  return posix.dirname(o.source.replace(/\\/g, '/')) === posix.dirname(namespaceSource.replace(/\\/g, '/'));
}

export function namespaceGuardRule(meta: Omit<RuleMeta, 'kinds' | 'profile' | 'workspace' | 'severity'>, guardKind: 'LimitRange' | 'ResourceQuota', template: (ns: string) => string): Rule {
  return {
    meta: { ...meta, severity: 'info', kinds: ['Namespace'], profile: 'baseline', workspace: true, reads: [guardKind, 'Namespace'] },
    check(ctx) {
      const name = ctx.name;
      if (!ctx.index || !name || ctx.apiVersion !== 'v1') return [];
      const self = ctx.index.find('Namespace', name);
      const source = self?.source ?? '';
      if (ctx.index.ofKind(guardKind).some((o) => o.apiVersion === 'v1' && isInNamespace(o, name, source))) return [];
      return [
        {
          path: ['metadata', 'name'],
          message: `Namespace \`${name}\` has no ${guardKind} in the workspace`,
          fixes: [{ title: `Create a ${guardKind} for namespace \`${name}\` in a new document`, ops: [{ op: 'appendDocument', text: () => template(name) }], isPreferred: true }],
        },
      ];
    },
  };
}

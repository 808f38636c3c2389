import { dirname } from 'node:path';
import { groupOf, isBuiltinGroup } from '../../schema/apiGroups';
import { isDeepStrictEqual } from 'node:util';
import type { Rule, RuleContext } from '../types';

// Built-in kinds that live outside namespaces; custom resources are judged by their CRD's `scope`.
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'APIService', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'CertificateSigningRequest', 'ClusterTrustBundle', 'ComponentStatus',
  'FlowSchema', 'PriorityLevelConfiguration', 'PodSecurityPolicy', 'DeviceClass', 'VolumeAttributesClass', 'StorageVersionMigration',
  'IPAddress', 'ServiceCIDR', 'ResourceSlice', 'TokenReview', 'SelfSubjectReview', 'SubjectAccessReview', 'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
]);

export const defaultNamespace: Rule = {
  meta: {
    id: 'META003',
    name: 'default-namespace',
    title: 'Object in the default namespace',
    rationale:
      'Objects without a namespace land wherever the applying context points, usually `default`, where quotas, network policies and RBAC for the app do not apply.',
    fix: 'Set `metadata.namespace` (or kustomize `namespace:`).',
    severity: 'off',
    kinds: 'all',
    profile: 'baseline',
    equivalents: { kubeLinter: ['use-namespace'], checkov: ['CKV_K8S_21'] },
    // Needs the workspace for CRD scopes and for the kustomization that sets the namespace; it also finds the
    // object's own file there, so any change may matter (no `reads`).
    workspace: true,
  },
  check(ctx) {
    if (ctx.namespace !== undefined && ctx.namespace !== 'default') return [];
    if (!isNamespaced(ctx)) return [];
    // Objects Kubernetes itself keeps in `default`.
    if ((ctx.kind === 'ServiceAccount' && ctx.name === 'default') || (ctx.kind === 'Service' && ctx.name === 'kubernetes')) return [];
    if (kustomizationSetsNamespace(ctx)) return [];
    const what = `${ctx.kind} \`${ctx.name ?? ''}\``;
    return [
      ctx.namespace === undefined
        ? { path: ['metadata'], message: `${what} has no namespace: it goes to the current context's (usually \`default\`)` }
        : { path: ['metadata', 'namespace'], message: `${what} is in the \`default\` namespace` },
    ];
  },
};

function isNamespaced(ctx: RuleContext): boolean {
  const group = groupOf(ctx.apiVersion);
  if (isBuiltinGroup(group)) return !CLUSTER_SCOPED.has(ctx.kind);
  const crd = ctx.index?.ofKind('CustomResourceDefinition').find((o) => {
    const spec = o.object.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
    return spec?.group === group && spec.names?.kind === ctx.kind;
  });
  // Unknown custom resources: their scope is unknown, so say nothing.
  return (crd?.object.spec as { scope?: unknown } | undefined)?.scope === 'Namespaced';
}

/** A kustomization in the object's folder that sets `namespace:` decides it at build time. */
function kustomizationSetsNamespace(ctx: RuleContext): boolean {
  const index = ctx.index;
  if (!index) return false;
  const folders = new Set(
    index.ofKind('Kustomization').flatMap((k) => (typeof k.object.namespace === 'string' && k.object.namespace !== '' ? [dirname(k.source)] : [])),
  );
  if (folders.size === 0) return false;
  if (ctx.source !== undefined) return folders.has(dirname(ctx.source));
  // Run without its file (a caller that does not say): find the object's own entry (the same content) in the index.
  return index.ofKind(ctx.kind).some((o) => o.name === ctx.name && folders.has(dirname(o.source)) && isDeepStrictEqual(o.object, ctx.object));
}

// SEC014–SEC015: AppArmor and SELinux overrides that Pod Security baseline forbids (pod and container level).
import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { containerName } from './podSecurity';

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** The pod's and every container's securityContext, with a label for messages. */
function securityContexts(ctx: Parameters<Rule['check']>[0]) {
  return ctx.podTemplates.flatMap((pod) => [
    { who: 'The pod', path: [...pod.specPath, 'securityContext'], sc: get(pod.spec, ['securityContext']) },
    ...pod.containers.map((c) => ({ who: containerName(c), path: [...c.path, 'securityContext'], sc: get(c.container, ['securityContext']) })),
  ]);
}

export const appArmorProfile: Rule = {
  meta: {
    id: 'SEC014',
    name: 'apparmor-profile',
    title: 'AppArmor profile overridden',
    rationale: 'Disabling AppArmor (`Unconfined`) removes a mandatory access control layer. Pod Security Standards (baseline) allow only the runtime default or a node-local profile.',
    fix: 'Remove the override or use `RuntimeDefault`.',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { pss: ['appArmorProfile'] },
  },
  check(ctx) {
    const findings: RuleFinding[] = securityContexts(ctx).flatMap(({ who, path, sc }) => {
      const type = get(sc, ['appArmorProfile', 'type']);
      if (type === undefined || type === null || type === 'RuntimeDefault' || type === 'Localhost') return [];
      return [{ path: [...path, 'appArmorProfile', 'type'], message: `${who} sets AppArmor profile \`${String(type)}\`` }];
    });
    for (const pod of ctx.podTemplates) {
      const annotations = get(ctx.object, [...pod.metadataPath, 'annotations']);
      for (const [key, value] of Object.entries(typeof annotations === 'object' && annotations !== null ? annotations : {})) {
        if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
        const v = String(value ?? '');
        if (v === '' || v === 'runtime/default' || v.startsWith('localhost/')) continue;
        findings.push({ path: [...pod.metadataPath, 'annotations', key], message: `Annotation \`${key}\` sets AppArmor profile \`${v}\`` });
      }
    }
    return findings;
  },
};

export const seLinuxOptions: Rule = {
  meta: {
    id: 'SEC015',
    name: 'selinux-options',
    title: 'Custom SELinux options',
    rationale: 'A custom SELinux type, user or role can lift the confinement of the container label. Pod Security Standards (baseline) allow only the container types.',
    fix: 'Remove custom `seLinuxOptions`.',
    severity: 'error',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { pss: ['seLinuxOptions'] },
  },
  check(ctx) {
    return securityContexts(ctx).flatMap(({ who, path, sc }) => {
      const options = get(sc, ['seLinuxOptions']);
      const findings: RuleFinding[] = [];
      const type = get(options, ['type']);
      if (type !== undefined && type !== null && !SELINUX_TYPES.has(String(type))) {
        findings.push({ path: [...path, 'seLinuxOptions', 'type'], message: `${who} sets SELinux type \`${String(type)}\`` });
      }
      for (const field of ['user', 'role']) {
        const value = get(options, [field]);
        if (typeof value === 'string' && value !== '') findings.push({ path: [...path, 'seLinuxOptions', field], message: `${who} sets SELinux ${field} \`${value}\`` });
      }
      return findings;
    });
  },
};

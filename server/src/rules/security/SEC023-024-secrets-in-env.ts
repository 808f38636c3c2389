// SEC023–SEC024: secrets written into manifests, and secrets handed to containers as environment variables.
import type { Rule, RuleFinding } from '../types';
import { get } from '../workloads';
import { containerName, eachContainer } from './podSecurity';

const SECRET_NAME = [/secret|password|token|bearer/i, /^AWS_SECRET_ACCESS_KEY$/, /^GOOGLE_APPLICATION_CREDENTIALS$/, /^AZURE_.+KEY$/, /^OCI_CLI_KEY_CONTENT$/];
const PRIVATE_KEY = /-BEGIN\s+.*PRIVATE KEY-/;
const looksSecret = (name: string) => SECRET_NAME.some((re) => re.test(name));

export const secretLiteral: Rule = {
  meta: {
    id: 'SEC023',
    name: 'secret-literal',
    title: 'Secret written into the manifest',
    rationale:
      'A password, token or private key in an environment variable or ConfigMap is stored in Git and readable by anyone who can read the object. Secrets keep it out of the manifest and under separate access control.',
    fix: 'Move the value to a Secret and reference it (`secretKeyRef` or a volume).',
    severity: 'error',
    // ConfigMap and every kind with a pod template (including configured ones).
    kinds: 'all',
    profile: 'baseline',
    equivalents: { kubeLinter: ['env-var-secret'], polaris: ['sensitiveContainerEnvVar', 'sensitiveConfigmapContent'] },
  },
  check(ctx) {
    if (ctx.kind === 'ConfigMap') {
      const data = ctx.object.data;
      if (typeof data !== 'object' || data === null) return [];
      return Object.entries(data).flatMap(([key, value]): RuleFinding[] => {
        const named = looksSecret(key);
        const pem = typeof value === 'string' && PRIVATE_KEY.test(value);
        if (!named && !pem) return [];
        return [{ path: ['data', key], message: pem ? `ConfigMap key \`${key}\` holds a private key` : `ConfigMap key \`${key}\` looks like a secret`, severity: 'warning' }];
      });
    }
    return eachContainer(ctx, (_pod, c) => {
      const env = Array.isArray(c.container.env) ? c.container.env : [];
      return env.flatMap((e, i): RuleFinding[] => {
        const name = String(get(e, ['name']));
        const value = get(e, ['value']);
        if (typeof value !== 'string' || value === '') return [];
        const pem = PRIVATE_KEY.test(value);
        if (!pem && !looksSecret(name)) return [];
        return [{
          path: [...c.path, 'env', i, 'value'],
          message: `${containerName(c)} sets ${pem ? 'a private key' : 'a secret'} in plain text in \`${name}\``,
        }];
      });
    });
  },
};

export const secretFromEnv: Rule = {
  meta: {
    id: 'SEC024',
    name: 'secret-from-env',
    title: 'Secret exposed as an environment variable',
    rationale:
      'Environment variables leak into child processes, crash dumps and logs, and cannot be rotated without a restart. A Secret mounted as a file avoids both.',
    fix: 'Mount the Secret as a file (`volumes[].secret`) and read it there.',
    severity: 'info',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeLinter: ['read-secret-from-env-var'], checkov: ['CKV_K8S_35'] },
  },
  check(ctx) {
    return eachContainer(ctx, (_pod, c) => {
      const env = Array.isArray(c.container.env) ? c.container.env : [];
      const envFrom = Array.isArray(c.container.envFrom) ? c.container.envFrom : [];
      const fromEnv = env.flatMap((e, i): RuleFinding[] => {
        const ref = get(e, ['valueFrom', 'secretKeyRef']);
        if (ref === undefined || ref === null) return [];
        return [{ path: [...c.path, 'env', i, 'valueFrom', 'secretKeyRef'], message: `${containerName(c)} reads Secret \`${String(get(ref, ['name']))}\` into \`${String(get(e, ['name']))}\`` }];
      });
      const fromEnvFrom = envFrom.flatMap((e, i): RuleFinding[] => {
        const ref = get(e, ['secretRef']);
        if (ref === undefined || ref === null) return [];
        return [{ path: [...c.path, 'envFrom', i, 'secretRef'], message: `${containerName(c)} loads Secret \`${String(get(ref, ['name']))}\` into its environment` }];
      });
      return [...fromEnv, ...fromEnvFrom];
    });
  },
};

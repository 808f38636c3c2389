import type { Obj, Rule, RuleFinding } from '../types';
import { containerLabel } from '../workloads';

export const duplicateEnvVar: Rule = {
  meta: {
    id: 'OPS003',
    name: 'duplicate-env-var',
    title: 'Environment variable set twice',
    rationale: 'When a container lists the same variable twice the last entry silently wins, so the first is dead configuration that misleads readers.',
    fix: 'Remove the duplicate entry.',
    severity: 'warning',
    kinds: 'workloads',
    profile: 'baseline',
    equivalents: { kubeLinter: ['duplicate-env-var'], kubeScore: ['environment-variable-key-duplication'] },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const c of ctx.podTemplates.flatMap((pod) => pod.containers)) {
      const env = Array.isArray(c.container.env) ? c.container.env : [];
      const lastSeen = new Map<string, number>();
      env.forEach((e, i) => {
        const name = (e as Obj | null)?.name;
        if (typeof name !== 'string') return;
        const earlier = lastSeen.get(name);
        lastSeen.set(name, i);
        if (earlier === undefined) return;
        const earlierPath = [...c.path, 'env', earlier];
        findings.push({
          path: [...c.path, 'env', i, 'name'],
          message: `${containerLabel(c)} sets \`${name}\` twice: this entry overrides the one above`,
          fixes: [
            // Deleting the earlier entry keeps the value the container gets today.
            { title: `Delete the earlier \`${name}\` entry (keeps the effective value)`, ops: [{ op: 'delete', path: earlierPath }], isPreferred: true },
            { title: `Delete this \`${name}\` entry`, ops: [{ op: 'delete', path: [...c.path, 'env', i] }] },
          ],
        });
      });
    }
    return findings;
  },
};

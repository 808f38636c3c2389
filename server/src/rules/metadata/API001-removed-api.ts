import type { Rule } from '../types';

export const removedApi: Rule = {
  meta: {
    id: 'API001',
    name: 'removed-or-deprecated-api',
    title: 'Removed or deprecated API version',
    rationale:
      'An apiVersion the target Kubernetes version no longer serves is rejected on apply (error); one deprecated and scheduled for removal within two minors will be (warning).',
    fix: 'Change `apiVersion` to the replacement and migrate removed fields.',
    severity: 'error',
    kinds: 'all',
    profile: 'baseline',
    equivalents: { kubeLinter: ['no-extensions-v1beta'], kubeScore: ['stable-version'] },
  },
  // Reported by the schema stage (schema/apiVersionChecks.ts), which knows the served API set of the target
  // version and decides which schema the object gets; this entry gives the catalogue, docs and SARIF the rule.
  check: () => [],
};

import type { Rule, RuleFinding } from '../types';
import { grantedVerb, policyRules, RBAC_ROLE_KINDS, verbPath } from './policyRules';

const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** Verbs on resources that let a subject grant itself (or act with) more than it has. */
const ESCALATIONS: { verbs: string[]; resources: string[]; what: string }[] = [
  { verbs: ['escalate'], resources: ['roles', 'clusterroles'], what: 'create roles with more than it holds' },
  { verbs: ['bind'], resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], what: 'bind roles it does not hold' },
  { verbs: ['impersonate'], resources: ['users', 'groups', 'serviceaccounts'], what: 'act as other users' },
  { verbs: WRITE, resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], what: 'intercept or rewrite every API request' },
  { verbs: ['approve'], resources: ['certificatesigningrequests/approval', 'signers'], what: 'approve client certificates for any identity' },
  { verbs: ['patch', 'update'], resources: ['services/status'], what: 'set LoadBalancer ingress IPs (CVE-2020-8554)' },
];

export const escalationVerbs: Rule = {
  meta: {
    id: 'RBAC005',
    name: 'escalation-verbs',
    title: 'Privilege escalation verbs',
    rationale:
      'These verbs get around RBAC itself: whoever holds them can give themselves any permission, impersonate any user, or intercept API requests.',
    fix: 'Remove the verb; grant it via a reviewed ClusterRole only.',
    severity: 'error',
    kinds: RBAC_ROLE_KINDS,
    profile: 'baseline',
    equivalents: { checkov: ['CKV_K8S_158', 'CKV_K8S_157', 'CKV2_K8S_3', 'CKV_K8S_155', 'CKV_K8S_156', 'CKV2_K8S_4', 'CKV2_K8S_1'] },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const rule of policyRules(ctx.object)) {
      for (const e of ESCALATIONS) {
        const resource = e.resources.find((r) => rule.resources.includes(r));
        const verb = resource && grantedVerb(rule, e.verbs);
        if (!resource || !verb) continue;
        findings.push({ path: verbPath(rule, verb), message: `${ctx.kind} \`${ctx.name ?? ''}\` grants \`${verb}\` on \`${resource}\`: it can ${e.what}` });
      }
    }
    return findings;
  },
};

// RBAC001–RBAC006: wildcards, cluster-admin, secrets, exec/attach/proxy (roles and bindings), escalation, default SA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintWithRules, type LintedFinding } from './ruleTestKit';

const role = (rules: string, kind = 'Role', name = 'app') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
${kind === 'Role' ? '  namespace: team\n' : ''}rules:
${rules}`;

const binding = (roleRef: string, subjects = '  - kind: ServiceAccount\n    name: app\n    namespace: team\n', kind = 'RoleBinding', name = 'app') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
${kind === 'RoleBinding' ? '  namespace: team\n' : ''}roleRef:
  apiGroup: rbac.authorization.k8s.io
${roleRef}subjects:
${subjects}`;

const only = (text: string, ids: string[]) => lintWithRules(text, { only: ids });
const brief = (fs: LintedFinding[]) => fs.map((f) => [f.ruleId, f.severity, f.text]);

const READ_PODS = '  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list"]\n';

test('RBAC001: wildcards in every rule, not only rules[0] (Checkov CKV_K8S_49 looks at the first only)', () => {
  const text = role(READ_PODS + '  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n');
  const fs = only(text, ['RBAC001']);
  assert.deepEqual(brief(fs), [
    ['RBAC001', 'warning', '"*"'],
    ['RBAC001', 'warning', '"*"'],
    ['RBAC001', 'info', '"*"'],
  ]);
  assert.deepEqual(fs.map((f) => f.message), [
    'Role `app` grants `*` in `rules[1].verbs`',
    'Role `app` grants `*` in `rules[1].resources`',
    'Role `app` grants `*` in `rules[1].apiGroups`',
  ]);
  assert.equal(fs[0].start, text.indexOf('verbs: ["*"]') + 'verbs: ['.length);
  assert.deepEqual(only(role(READ_PODS), ['RBAC001']), []);
});

test('RBAC001: a wildcard API group alone (kube-linter ignores apiGroups) is information', () => {
  const fs = only(role('  - apiGroups: ["*"]\n    resources: ["deployments"]\n    verbs: ["get"]\n', 'ClusterRole'), ['RBAC001']);
  assert.deepEqual(brief(fs), [['RBAC001', 'info', '"*"']]);
});

test('RBAC002: bindings to cluster-admin, except the cluster-admin and system: bindings themselves', () => {
  const crb = binding('  kind: ClusterRole\n  name: cluster-admin # break glass\n', undefined, 'ClusterRoleBinding', 'ops-admin');
  const fs = only(crb, ['RBAC002']);
  assert.deepEqual(brief(fs), [['RBAC002', 'error', 'name']]);
  assert.equal(fs[0].message, 'ClusterRoleBinding `ops-admin` binds ClusterRole `cluster-admin`');
  assert.equal(crb.slice(fs[0].start).split('\n')[0], 'name: cluster-admin # break glass');
  assert.deepEqual(brief(only(binding('  kind: Role\n  name: cluster-admin\n'), ['RBAC002'])), [['RBAC002', 'error', 'name']]);
  assert.deepEqual(only(binding('  kind: ClusterRole\n  name: cluster-admin\n', undefined, 'ClusterRoleBinding', 'cluster-admin'), ['RBAC002']), []);
  assert.deepEqual(only(binding('  kind: ClusterRole\n  name: cluster-admin\n', undefined, 'ClusterRoleBinding', 'system:masters-admin'), ['RBAC002']), []);
  assert.deepEqual(only(binding('  kind: ClusterRole\n  name: view\n'), ['RBAC002']), []);
});

test('RBAC003: reading all Secrets is a warning; resourceNames narrows it, other groups do not hold Secrets', () => {
  const text = role('  - apiGroups: [""]\n    resources: ["configmaps", "secrets"]\n    verbs: ["create", "list"]\n');
  const fs = only(text, ['RBAC003']);
  assert.deepEqual(brief(fs), [['RBAC003', 'warning', '"list"']]);
  assert.equal(fs[0].message, 'Role `app` can `list` all Secrets (`rules[0]`)');
  assert.deepEqual(only(role('  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["app-tls"]\n    verbs: ["get"]\n'), ['RBAC003']), []);
  assert.deepEqual(only(role('  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["create"]\n'), ['RBAC003']), []);
  assert.deepEqual(only(role('  - apiGroups: ["apps"]\n    resources: ["*"]\n    verbs: ["get"]\n'), ['RBAC003']), []);
});

const EXEC = '  - apiGroups: [""]\n    resources: ["pods", "pods/exec"]\n    verbs: ["get", "create"]\n';

test('RBAC004: exec/attach/proxy on a role; the built-in broad roles are skipped', () => {
  const fs = only(role(EXEC), ['RBAC004']);
  assert.deepEqual(brief(fs), [['RBAC004', 'error', '"get"']]);
  assert.equal(fs[0].message, 'Role `app` grants `get` on `pods/exec`');
  const proxy = only(role('  - apiGroups: ["*"]\n    resources: ["nodes/proxy"]\n    verbs: ["*"]\n', 'ClusterRole', 'kubelet-proxy'), ['RBAC004']);
  assert.deepEqual(brief(proxy), [['RBAC004', 'error', '"*"']]);
  assert.deepEqual(only(role(EXEC, 'ClusterRole', 'edit'), ['RBAC004']), []);
  assert.deepEqual(only(role(EXEC, 'ClusterRole', 'system:aggregate-to-edit'), ['RBAC004']), []);
  assert.deepEqual(only(role(EXEC.replace('[""]', '["apps"]')), ['RBAC004']), []);
  assert.deepEqual(only(role(EXEC.replace('"get", "create"', '"list"')), ['RBAC004']), []);
});

test('RBAC004: a binding to such a role in the workspace is reported too', () => {
  const files = {
    '/ws/binding.yaml': binding('  kind: Role\n  name: app\n'),
    '/ws/role.yaml': role(EXEC),
  };
  const fs = lintWithRules(files, { only: ['RBAC004'] });
  assert.deepEqual(brief(fs), [['RBAC004', 'error', 'name']]);
  assert.equal(fs[0].message, 'RoleBinding `app` binds Role `app`, which grants `get` on `pods/exec`');
  // A role that only reads pods, or a role that is not in the workspace: nothing to say.
  assert.deepEqual(lintWithRules({ ...files, '/ws/role.yaml': role(READ_PODS) }, { only: ['RBAC004'] }), []);
  assert.deepEqual(lintWithRules({ '/ws/binding.yaml': binding('  kind: Role\n  name: app\n') }, { only: ['RBAC004'] }), []);
});

test('RBAC005: escalation verbs', () => {
  const text = role(
    '  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    verbs: ["get", "escalate", "bind"]\n' +
      '  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    verbs: ["impersonate"]\n' +
      '  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["mutatingwebhookconfigurations"]\n    verbs: ["list", "patch"]\n' +
      '  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests/approval"]\n    verbs: ["approve"]\n' +
      '  - apiGroups: [""]\n    resources: ["services/status"]\n    verbs: ["update"]\n',
    'ClusterRole',
  );
  const fs = only(text, ['RBAC005']);
  assert.deepEqual(brief(fs), [
    ['RBAC005', 'error', '"escalate"'],
    ['RBAC005', 'error', '"bind"'],
    ['RBAC005', 'error', '"impersonate"'],
    ['RBAC005', 'error', '"patch"'],
    ['RBAC005', 'error', '"approve"'],
    ['RBAC005', 'error', '"update"'],
  ]);
  assert.equal(fs[2].message, 'ClusterRole `app` grants `impersonate` on `serviceaccounts`: it can act as other users');
  const readOnly = role('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles", "rolebindings"]\n    verbs: ["get", "list"]\n');
  assert.deepEqual(only(readOnly, ['RBAC005']), []);
});

test('RBAC006: the default ServiceAccount as a subject', () => {
  const subjects = '  - kind: ServiceAccount\n    name: default # every pod\n    namespace: team\n  - kind: ServiceAccount\n    name: app\n';
  const fs = only(binding('  kind: Role\n  name: app\n', subjects), ['RBAC006']);
  assert.deepEqual(brief(fs), [['RBAC006', 'warning', 'name']]);
  assert.equal(fs[0].message, 'RoleBinding `app` binds the `default` ServiceAccount of namespace `team`');
  assert.deepEqual(only(binding('  kind: Role\n  name: app\n'), ['RBAC006']), []);
  assert.deepEqual(only(binding('  kind: Role\n  name: app\n', '  - kind: User\n    name: default\n'), ['RBAC006']), []);
});

// The catalogue's optional ("off") conditions: silent by default, reported when `rules.optional` names the rule,
// for one object with kube-score's `kube-score/enable`, and never when the configuration turns the rule off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lintWithRules } from './ruleTestKit';
import { ALL_RULES } from '../../../server/src/rules/registry';
import { parseRulesConfig } from '../../../server/src/rules/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../infra/paths';

const pod = (spec: string, meta = '') => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web${meta}
spec:
${spec}`;

const container = (extra = '') => `  containers:
    - name: web
      image: nginx:1.27${extra}`;

interface Case {
  rule: string;
  files: Record<string, string>;
  /** The text the optional finding points at, and its severity. */
  at: string;
  severity: string;
  /** Same rule, same object kind, but nothing for the optional condition to find. */
  passing: Record<string, string>;
}

const CASES: Case[] = [
  {
    rule: 'SEC011',
    files: { '/ws/a.yaml': pod(`  securityContext:\n    runAsUser: 1000\n${container()}`) },
    at: 'runAsUser',
    severity: 'info',
    passing: { '/ws/a.yaml': pod(`  securityContext:\n    runAsUser: 10001\n    runAsGroup: 10001\n${container()}`) },
  },
  {
    rule: 'SEC022',
    files: { '/ws/a.yaml': pod(container()) },
    at: 'spec',
    severity: 'info',
    passing: { '/ws/a.yaml': pod(`  serviceAccountName: web\n${container()}`) },
  },
  {
    rule: 'RBAC003',
    files: { '/ws/a.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: deployer\n  namespace: shop\nrules:\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get, create]\n' },
    at: 'create',
    severity: 'info',
    passing: { '/ws/a.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: shop\nrules:\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get, list]\n' },
  },
  {
    rule: 'OPS001',
    files: {
      '/ws/a.yaml': pod(container()),
      '/ws/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n',
    },
    at: 'name',
    severity: 'info',
    // No Service selects the pod: nothing routes requests to it while it stops.
    passing: { '/ws/a.yaml': pod(container()) },
  },
  {
    rule: 'NET009',
    files: { '/ws/a.yaml': pod(container('\n      ports:\n        - containerPort: 80')) },
    at: 'containerPort',
    severity: 'info',
    passing: { '/ws/a.yaml': pod(container('\n      ports:\n        - containerPort: 8080')) },
  },
  {
    rule: 'NET001',
    files: { '/ws/a.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  type: LoadBalancer\n  selector:\n    app: web\n  ports:\n    - port: 80\n' },
    at: 'type',
    severity: 'info',
    passing: { '/ws/a.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  type: ClusterIP\n  selector:\n    app: web\n  ports:\n    - port: 80\n' },
  },
  {
    rule: 'META001',
    files: { '/ws/a.yaml': pod(container(), '\n    app.kubernetes.io/name: web\n    app.kubernetes.io/instance: web-blue') },
    at: 'app.kubernetes.io/instance',
    severity: 'info',
    passing: { '/ws/a.yaml': pod(container(), '\n    app.kubernetes.io/name: web\n    app.kubernetes.io/instance: web') },
  },
  {
    rule: 'RES005',
    files: { '/ws/a.yaml': pod(container('\n      resources:\n        requests: { cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi }\n        limits: { cpu: 200m, memory: 128Mi, ephemeral-storage: 1Gi }')) },
    at: 'cpu',
    severity: 'info',
    passing: { '/ws/a.yaml': pod(container('\n      resources:\n        requests: { cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi }\n        limits: { cpu: "0.1", memory: 128Mi, ephemeral-storage: 1Gi }')) },
  },
];

test('every rule with an optional condition has a case here, and the setting lists exactly them', () => {
  const optional = ALL_RULES.filter((r) => r.meta.optional).map((r) => r.meta.id).sort();
  assert.deepEqual(CASES.map((c) => c.rule).sort(), optional);
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { items?: { enum?: string[] } }> } };
  };
  assert.deepEqual([...(manifest.contributes.configuration.properties['gitops.rules.optional'].items?.enum ?? [])].sort(), optional);
});

for (const c of CASES) {
  test(`${c.rule}: the optional condition is reported only when switched on, and passes when there is nothing to find`, () => {
    const only = [c.rule];
    const on = lintWithRules(c.files, { only, config: { optional: [c.rule] } });
    const found = on.filter((f) => f.text === c.at);
    assert.equal(found.length, 1, `one finding on \`${c.at}\`: ${JSON.stringify(on.map((f) => [f.text, f.message]))}`);
    assert.equal(found[0].severity, c.severity);
    // Off by default, and when the configuration turns the rule off.
    assert.equal(lintWithRules(c.files, { only }).filter((f) => f.text === c.at && f.message === found[0].message).length, 0, 'silent by default');
    assert.deepEqual(lintWithRules(c.files, { only, config: { optional: [c.rule], levels: { [c.rule]: 'off' } } }), [], 'rule turned off');
    // Nothing for the condition to find.
    assert.equal(lintWithRules(c.passing, { only, config: { optional: [c.rule] } }).filter((f) => f.message === found[0].message).length, 0, 'passing case');
  });
}

test('kube-score/enable switches an optional condition on for one object', () => {
  const files = { '/ws/a.yaml': pod(`  securityContext:\n    runAsUser: 1000\n${container()}`).replace('metadata:\n', 'metadata:\n  annotations:\n    kube-score/enable: container-security-context-user-group-id\n') };
  const found = lintWithRules(files, { only: ['SEC011'] });
  assert.deepEqual(found.map((f) => [f.text, f.severity]), [['runAsUser', 'info']]);
});

test('rules.optional in the config file is a list of rule ids', () => {
  assert.deepEqual(parseRulesConfig('rules:\n  optional: [SEC011, NET001]\n').optional, ['SEC011', 'NET001']);
  assert.throws(() => parseRulesConfig('rules:\n  optional: SEC011\n'), /rules\.optional must be a list of rule ids/);
});

test('OPS001: the preStop fix adds a sleep hook; re-linted, the finding is gone and the schema is satisfied', () => {
  const files = CASES.find((c) => c.rule === 'OPS001')!.files;
  const config = { optional: ['OPS001'] };
  const [finding] = lintWithRules(files, { only: ['OPS001'], config });
  const fixed = applyFix(files['/ws/a.yaml'], finding);
  assert.match(fixed, /lifecycle:\n\s+preStop:\n\s+sleep:\n\s+seconds: 5/);
  const after = lintWithRules({ ...files, '/ws/a.yaml': fixed }, { config });
  assert.deepEqual(after.filter((f) => f.ruleId === 'OPS001' || f.ruleId === 'schema'), []);
});

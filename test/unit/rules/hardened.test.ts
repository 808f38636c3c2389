// False-positive guard: a fully hardened workload set (test/fixtures/hardened/) raises no warning or error
// with every rule running, in both profiles; and no snippet we ship trips a rule that judges one object.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../../../server/src/engine/engine';
import { EMPTY_CONFIG, mergeConfig, type RuleLevel, type RulesConfig } from '../../../server/src/rules/config';
import { ALL_RULES } from '../../../server/src/rules/registry';
import { expandSnippet } from '../snippet-expand';

const root = join(__dirname, '..', '..', '..');
const hardenedDir = join(root, 'test', 'fixtures', 'hardened');
const hardened = Object.fromEntries(
  readdirSync(hardenedDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [join(hardenedDir, f), readFileSync(join(hardenedDir, f), 'utf8')]),
);

/** The settings a platform team would set, so that the rules that need configuration run too. */
const policy: Partial<RulesConfig> = {
  allowedRegistries: ['registry.example.com/'],
  approvedIngressDomains: ['example.com', '*.example.com'],
  requiredLabels: ['app.kubernetes.io/name', 'team'],
};

/** Rules shipped `off`, raised to warning: the set must satisfy them as well. */
const offByDefault: Record<string, RuleLevel> = Object.fromEntries(ALL_RULES.filter((r) => r.meta.severity === 'off').map((r) => [r.meta.id, 'warning']));

interface Reported {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
}

function lintWorkspace(files: Record<string, string>, config: Partial<RulesConfig>, kubernetesVersion?: string): Reported[] {
  const engine = new Engine();
  for (const [path, text] of Object.entries(files)) engine.workspace.indexFile(path, text);
  const rules = mergeConfig(undefined, { ...EMPTY_CONFIG, ...config });
  return Object.entries(files).flatMap(([path, text]) =>
    engine.lint({ text, source: path, filePath: path, rules, kubernetesVersion }).findings.map((f) => ({
      file: path.slice(hardenedDir.length + 1),
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
    })),
  );
}

const serious = (found: Reported[]) => found.filter((f) => f.severity === 'error' || f.severity === 'warning');

describe('the hardened workload set', () => {
  it('has the kinds a production app needs', () => {
    const kinds = Object.values(hardened).flatMap((t) => [...t.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]));
    for (const kind of ['Namespace', 'LimitRange', 'ResourceQuota', 'ServiceAccount', 'Deployment', 'Service', 'Ingress', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy']) {
      assert.ok(kinds.includes(kind), kind);
    }
  });

  for (const profile of ['baseline', 'restricted'] as const) {
    for (const version of [undefined, '1.34']) {
      it(`raises no warning or error with the default rules, ${profile} profile, Kubernetes ${version ?? 'default'}`, () => {
        const found = lintWorkspace(hardened, { ...policy, profile }, version);
        assert.deepEqual(serious(found), []);
        assert.deepEqual(found.filter((f) => f.ruleId === 'schema' || f.ruleId === 'yaml'), []);
      });
    }

    it(`with the off-by-default rules on too (${profile}), only the missing log collector of the platform is reported`, () => {
      // OPS004's workspace mode asks for a log-collector DaemonSet, which lives in the platform's repository, not
      // in an app's: the one finding expected of a lone app, and nothing else.
      const found = serious(lintWorkspace(hardened, { ...policy, profile, levels: offByDefault }));
      assert.deepEqual(
        found.filter((f) => !(f.ruleId === 'OPS004' && /log collector DaemonSet/.test(f.message))),
        [],
      );
    });
  }

  it('every rule did run: a broken copy of the Deployment is reported by many families', () => {
    // Guards against a vacuous pass (e.g. the rules not running at all on these files).
    const deployment = join(hardenedDir, 'deployment.yaml');
    const broken = { ...hardened, [deployment]: hardened[deployment].replace('readOnlyRootFilesystem: true', 'privileged: true').replace(/\n {10}readinessProbe:[\s\S]*?periodSeconds: 5\n/, '\n') };
    const ids = new Set(serious(lintWorkspace(broken, policy)).map((f) => f.ruleId));
    for (const id of ['SEC001', 'SEC012', 'REL001']) assert.ok(ids.has(id), `${id} in ${[...ids].join(', ')}`);
  });
});

describe('the snippets we ship', () => {
  const snippets = JSON.parse(readFileSync(join(root, 'snippets', 'kubernetes.json'), 'utf8')) as Record<string, { body: string | string[] }>;
  const workspaceRules = new Set(ALL_RULES.filter((r) => r.meta.workspace).map((r) => r.meta.id));

  for (const profile of ['baseline', 'restricted'] as const) {
    it(`raise no warning or error from a rule that judges one object (${profile})`, () => {
      const problems: string[] = [];
      for (const [name, snippet] of Object.entries(snippets)) {
        const text = expandSnippet(snippet.body);
        const rules = mergeConfig(undefined, { ...EMPTY_CONFIG, profile });
        // Alone in the workspace, a snippet may legitimately point at objects not written yet (workspace rules).
        for (const f of new Engine().lint({ text, source: '/ws/snippet.yaml', rules }).findings) {
          if ((f.severity === 'error' || f.severity === 'warning') && !workspaceRules.has(f.ruleId)) problems.push(`${name}: ${f.ruleId} ${f.message}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});

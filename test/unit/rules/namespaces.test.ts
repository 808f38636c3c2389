// RES006/RES007: a Namespace with no LimitRange / ResourceQuota anywhere in the workspace; the fixes append one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../server/src/engine/engine';
import { shiftFinding } from '../../../server/src/parse/finding';
import { EMPTY_CONFIG } from '../../../server/src/rules/config';
import { NAMESPACE_RULES } from '../../../server/src/rules/namespaces';
import { ruleById } from '../../../server/src/rules/registry';
import { runRules } from '../../../server/src/rules/runRules';
import { splitDocuments } from '../../../server/src/parse/splitDocuments';
import { applyFix, lintWithRules, type LintedFinding } from './ruleTestKit';

/**
 * Through the kit once the family is registered; until then the same engine index and runRules with this
 * family's rules (the kit lints with the registry's rules only).
 */
function lintNamespaces(files: Record<string, string> | string, file?: string): LintedFinding[] {
  const map = typeof files === 'string' ? { '/ws/ns.yaml': files } : files;
  if (ruleById('RES006')) return lintWithRules(map, { only: ['RES006', 'RES007'], file });
  const engine = new Engine();
  for (const [path, text] of Object.entries(map)) engine.workspace.indexFile(path, text);
  const source = file ?? Object.keys(map)[0];
  const text = map[source];
  return splitDocuments(text).flatMap(({ start, text: chunk }) => {
    const md = engine.parse(chunk);
    if (!md.value || typeof md.value !== 'object') return [];
    const found = runRules(md, md.value as Record<string, unknown>, { minor: '1.35', config: EMPTY_CONFIG, index: engine.workspace.objects, rules: NAMESPACE_RULES });
    return found.map((f) => shiftFinding(f, start)).map((f) => ({ ...f, text: text.slice(f.start, f.end) }));
  });
}

const namespace = (name: string) => `# team namespace\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name} # owned by the shop team\n  labels:\n    team: shop\n`;
const limitRange = (ns?: string) => `apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: limits\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  limits:\n    - type: Container\n      default: { memory: 256Mi }\n`;
const quota = (ns: string) => `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: quota\n  namespace: ${ns}\nspec:\n  hard: { pods: "10" }\n`;

test('RES006 and RES007: a Namespace with neither is reported twice on its `name` (information)', () => {
  const findings = lintNamespaces(namespace('shop'));
  assert.deepEqual(findings.map((f) => [f.ruleId, f.text, f.severity]), [['RES006', 'name', 'info'], ['RES007', 'name', 'info']]);
  assert.equal(findings[0].message, 'Namespace `shop` has no LimitRange in the workspace');
  assert.equal(findings[1].message, 'Namespace `shop` has no ResourceQuota in the workspace');
});

test('RES006/RES007: pass when a LimitRange and a ResourceQuota are in the namespace anywhere in the workspace', () => {
  const files = { '/ws/ns.yaml': namespace('shop'), '/ws/a/limits.yaml': limitRange('shop'), '/ws/b/quota.yaml': quota('shop') };
  assert.deepEqual(lintNamespaces(files), []);
});

test('RES006/RES007: objects of another namespace do not count', () => {
  const files = { '/ws/ns.yaml': namespace('shop'), '/ws/limits.yaml': limitRange('billing'), '/ws/quota.yaml': quota('billing') };
  assert.deepEqual(lintNamespaces(files).map((f) => f.ruleId), ['RES006', 'RES007']);
});

test('RES006: a LimitRange without metadata.namespace counts only in the Namespace\'s own folder (kustomize `namespace:`)', () => {
  const same = { '/ws/shop/ns.yaml': namespace('shop'), '/ws/shop/limits.yaml': limitRange(), '/ws/shop/quota.yaml': quota('shop') };
  assert.deepEqual(lintNamespaces(same), []);
  const elsewhere = { '/ws/shop/ns.yaml': namespace('shop'), '/ws/other/limits.yaml': limitRange(), '/ws/shop/quota.yaml': quota('shop') };
  assert.deepEqual(lintNamespaces(elsewhere).map((f) => f.ruleId), ['RES006']);
});

for (const [id, kind] of [['RES006', 'LimitRange'], ['RES007', 'ResourceQuota']] as const) {
  test(`${id}: the fix appends a ${kind} for the namespace; the finding goes, comments stay, the new object is valid`, () => {
    const yaml = namespace('shop');
    const f = lintNamespaces(yaml).find((x) => x.ruleId === id)!;
    const fixed = applyFix(yaml, f, `Create a ${kind} for namespace \`shop\` in a new document`);
    assert.ok(fixed.startsWith(yaml), 'the Namespace document is untouched');
    assert.match(fixed, new RegExp(`---\\napiVersion: v1\\nkind: ${kind}\\nmetadata:\\n  name: default-\\w+\\n  namespace: shop\\n`));
    assert.match(fixed, /# owned by the shop team/);
    assert.deepEqual(lintNamespaces(fixed).filter((x) => x.ruleId === id), []);
    assert.deepEqual(lintWithRules(fixed, { only: ['schema', 'yaml'] }), []);
  });
}

test('RES006: the fix on a Namespace followed by other documents lands before the next document', () => {
  const yaml = `${namespace('shop')}---\n${quota('shop')}`;
  const f = lintNamespaces(yaml).find((x) => x.ruleId === 'RES006')!;
  const fixed = applyFix(yaml, f);
  assert.deepEqual(lintNamespaces(fixed), []);
  assert.deepEqual(lintWithRules(fixed, { only: ['schema', 'yaml'] }), []);
  assert.match(fixed, /kind: ResourceQuota\n[\s\S]*$/);
});

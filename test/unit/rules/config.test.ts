// `.gitops-manifests.yaml`: parsing and precedence, and its own schema (validation with exact ranges,
// did-you-mean for keys and rule ids, completion) as the engine applies it to that file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { Engine } from '../../../server/src/engine/engine';
import { ConfigError, findRulesConfig, mergeConfig, parseRulesConfig } from '../../../server/src/rules/config';
import { isRulesConfigFile, rulesConfigCompletions } from '../../../server/src/rules/configSchema';
import { ALL_RULES } from '../../../server/src/rules/registry';
import { lintWithRules } from './ruleTestKit';

function lintConfig(text: string, source = '/repo/.gitops-manifests.yaml') {
  return new Engine().lint({ text, source }).findings.map((f) => ({ ...f, text: text.slice(f.start, f.end) }));
}
const brief = (text: string) => lintConfig(text).map((f) => [f.severity, f.text, f.message]);

describe('config file: parsing and precedence', () => {
  it('reads every section', () => {
    const c = parseRulesConfig(
      'kubernetesVersion: "1.35"\nprofile: restricted\nrules:\n  SEC001: warning\n  allowedRegistries: [ghcr.io/acme/]\n' +
        'ingress:\n  approvedDomains: [example.com]\nlabels:\n  required: [team]\nannotations:\n  required: [owner]\n' +
        'podTemplatePaths:\n  - {kind: Rollout, apiVersion: argoproj.io/v1alpha1, path: spec.template}\nexclude: ["charts/**"]\n',
    );
    assert.equal(c.kubernetesVersion, '1.35');
    assert.equal(c.profile, 'restricted');
    assert.deepEqual(c.levels, { SEC001: 'warning' });
    assert.deepEqual(c.allowedRegistries, ['ghcr.io/acme/']);
    assert.deepEqual(c.approvedIngressDomains, ['example.com']);
    assert.deepEqual(c.requiredLabels, ['team']);
    assert.deepEqual(c.requiredAnnotations, ['owner']);
    assert.deepEqual(c.podTemplatePaths, [{ kind: 'Rollout', apiVersion: 'argoproj.io/v1alpha1', path: 'spec.template' }]);
    assert.deepEqual(c.exclude, ['charts/**']);
  });

  it('the file wins, settings apply where it is silent, then the catalogue default', () => {
    const file = parseRulesConfig('rules:\n  SEC001: warning\n');
    const merged = mergeConfig(file, { profile: 'restricted', levels: { SEC001: 'off', SEC002: 'info' }, requiredLabels: ['team'] });
    assert.deepEqual(merged.levels, { SEC001: 'warning', SEC002: 'info' });
    assert.equal(merged.profile, 'restricted');
    assert.deepEqual(merged.requiredLabels, ['team']);
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  hostIPC: true\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';
    const found = lintWithRules(text, { config: merged, only: ['SEC001', 'SEC002', 'SEC003', 'SEC004'] });
    // SEC001 from the file, SEC003/SEC004 at their catalogue default
    assert.deepEqual(found.map((f) => [f.ruleId, f.severity]).sort(), [['SEC001', 'warning'], ['SEC003', 'error'], ['SEC004', 'error']]);
  });

  it('is found upward from the file', () => {
    const root = mkdtempSync(join(tmpdir(), 'gm-config-'));
    mkdirSync(join(root, 'apps', 'web'), { recursive: true });
    writeFileSync(join(root, '.gitops-manifests.yaml'), 'profile: restricted\n');
    const found = findRulesConfig(join(root, 'apps', 'web', 'deployment.yaml'));
    assert.equal(found?.path, join(root, '.gitops-manifests.yaml'));
    assert.equal(found?.config?.profile, 'restricted');
  });

  it('rejects a file the schema reports an error in, and accepts one with only warnings', () => {
    const samples = [
      'profile: restricted\n',
      'profle: restricted\n',
      'profile: strict\n',
      'kubernetesVersion: 1.30\n',
      'rules:\n  SEC001: warn\n',
      'rules:\n  SEC0001: off\n',
      'rules:\n  FOO: bar\n',
      'rules: [SEC001]\n',
      'ingress:\n  approvedDomains: example.com\n',
      'labels:\n  required: [a, 1]\n',
      'podTemplatePaths:\n  - kind: Rollout\n',
      'exclude: "*.yaml"\n',
    ];
    for (const text of samples) {
      let rejected = false;
      try {
        parseRulesConfig(text);
      } catch (err) {
        assert.ok(err instanceof ConfigError);
        rejected = true;
      }
      const errors = lintConfig(text).filter((f) => f.severity === 'error');
      assert.equal(errors.length > 0, rejected, `${JSON.stringify(text)}: schema and parser disagree`);
    }
  });
});

describe('config file: validation against its schema', () => {
  it('a valid file has no findings', () => {
    assert.deepEqual(lintConfig('# team policy\nprofile: restricted\nrules:\n  SEC001: warning\n  SEC002: off\n'), []);
    assert.deepEqual(lintConfig(''), []);
  });

  it('unknown keys: a warning at the key, with did-you-mean and a fix', () => {
    const [f] = lintConfig('profle: restricted\n');
    assert.deepEqual([f.severity, f.text, f.message], ['warning', 'profle', 'Unknown field `profle` in .gitops-manifests.yaml — did you mean `profile`?']);
    assert.equal(f.fixes?.[0].title, 'Change to `profile`');
  });

  it('bad values: an error at the value', () => {
    assert.deepEqual(brief('profile: restriced\n'), [
      ['error', 'restriced', 'Invalid value `restriced` for `profile`: expected one of `baseline`, `restricted` — did you mean `restricted`?'],
    ]);
    assert.deepEqual(brief('rules:\n  SEC001: warn\n'), [
      ['error', 'warn', 'Invalid value `warn` for `rules.SEC001`: expected one of `off`, `info`, `warning`, `error`, `hint`'],
    ]);
    assert.deepEqual(brief('kubernetesVersion: 1.30\n'), [['error', '1.30', 'Expected a string for `kubernetesVersion`, got `1.30`']]);
    assert.deepEqual(brief('podTemplatePaths:\n  - kind: Rollout\n'), [
      ['error', 'kind: Rollout', 'Missing required field `path` in .gitops-manifests.yaml `podTemplatePaths[0]`'],
    ]);
  });

  it('unknown rule ids: a warning at the id, did-you-mean by spelling or by rule name', () => {
    const found = lintConfig('rules:\n  SEC0001: off\n  privileged-container: error\n  ZZZ999: off\n');
    assert.deepEqual(found.map((f) => [f.severity, f.text, f.message]), [
      ['warning', 'SEC0001', 'Unknown rule `SEC0001`: no rule has this id — did you mean `SEC001`?'],
      ['warning', 'privileged-container', 'Unknown rule `privileged-container`: no rule has this id — did you mean `SEC001`?'],
      ['warning', 'ZZZ999', 'Unknown rule `ZZZ999`: no rule has this id'],
    ]);
    assert.deepEqual(found[0].fixes?.[0].edits, [{ start: 9, end: 16, newText: 'SEC001' }]);
  });

  it('YAML syntax errors are reported as such', () => {
    assert.deepEqual(lintConfig('rules:\n  SEC001: off\n  SEC001: error\n').map((f) => f.ruleId), ['yaml']);
  });

  it('applies to .gitops-manifests.yml and file URIs, and to nothing else', () => {
    assert.equal(lintConfig('profle: x\n', 'file:///repo/.gitops-manifests.yml').length, 1);
    assert.equal(lintConfig('profle: x\n', 'C:\\repo\\.gitops-manifests.yaml').length, 1);
    assert.deepEqual(lintConfig('profle: x\n', '/repo/gitops-manifests.yaml'), []);
    assert.equal(isRulesConfigFile('/repo/.gitops-manifests.yaml.bak'), false);
  });
});

describe('config file: completion', () => {
  const doc = (text: string) => parseDocument(text);

  it('offers the top-level keys not yet present', () => {
    const labels = rulesConfigCompletions({ type: 'key', path: [], indent: 0 }, doc('profile: baseline\n')).map((c) => c.label);
    assert.ok(labels.includes('rules') && labels.includes('exclude') && !labels.includes('profile'));
  });

  it('offers every registered rule id under rules, with its title', () => {
    const items = rulesConfigCompletions({ type: 'key', path: ['rules'], indent: 2 }, doc('rules:\n  SEC002: off\n'));
    const sec001 = items.find((c) => c.label === 'SEC001');
    assert.equal(sec001?.detail, 'Privileged container · error');
    assert.equal(sec001?.insertText, 'SEC001: ');
    assert.ok(!items.some((c) => c.label === 'SEC002'), 'present ids are not offered again');
    assert.equal(items.filter((c) => /^[A-Z]+\d{3}$/.test(c.label)).length, ALL_RULES.length - 1);
  });

  it('offers profiles and levels as values', () => {
    assert.deepEqual(rulesConfigCompletions({ type: 'value', path: ['profile'] }).map((c) => c.label), ['baseline', 'restricted']);
    assert.deepEqual(rulesConfigCompletions({ type: 'value', path: ['rules', 'SEC001'] }).map((c) => c.label), ['off', 'info', 'warning', 'error']);
  });

  it('offers the fields of a list item', () => {
    const labels = rulesConfigCompletions({ type: 'key', path: ['podTemplatePaths', 0], indent: 4 }).map((c) => c.label);
    assert.deepEqual(labels, ['kind', 'apiVersion', 'path']);
  });
});

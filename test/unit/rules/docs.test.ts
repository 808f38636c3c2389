// The committed rule docs (docs/rules/*.md, the README rules table) are what the rule metadata generates now.
// When this fails after adding or changing a rule: run `npm run docs:rules` and commit docs/ and README.md.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ruleDocsUrl } from '../../../server/src/engine/checkCatalog';
import { generatedRuleDocs, rulePage, RULES_END, RULES_START, withReadmeIndex } from '../../../server/src/rules/docs';
import { ALL_RULES } from '../../../server/src/rules/registry';

const root = join(__dirname, '..', '..', '..');
const docsDir = join(root, 'docs', 'rules');
const REGENERATE = 'run `npm run docs:rules` and commit docs/rules and README.md';

describe('rule docs are up to date with the rule metadata', () => {
  const generated = generatedRuleDocs();

  it('every rule has its page and the index, with the generated text', () => {
    for (const [name, text] of generated) {
      const path = join(docsDir, name);
      assert.ok(existsSync(path), `docs/rules/${name} is missing: ${REGENERATE}`);
      assert.ok(readFileSync(path, 'utf8') === text, `docs/rules/${name} is out of date with the rule metadata: ${REGENERATE}`);
    }
  });

  it('no page is left over from a rule that is gone', () => {
    const stale = readdirSync(docsDir).filter((name) => name.endsWith('.md') && !generated.has(name));
    assert.deepEqual(stale, [], `stale pages in docs/rules: ${REGENERATE}`);
  });

  it('README.md has the generated rules table between the markers', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(RULES_START) && readme.includes(RULES_END), `README.md lacks the rules markers: ${REGENERATE}`);
    assert.ok(withReadmeIndex(readme, ALL_RULES) === readme, `the README.md rules table is out of date: ${REGENERATE}`);
  });
});

describe('what a rule page says', () => {
  const sec001 = ALL_RULES.find((r) => r.meta.id === 'SEC001')!;
  const page = rulePage(sec001);

  it('title, id and name, default severity, profile, kinds', () => {
    assert.match(page, /^# SEC001 · Privileged container$/m);
    assert.match(page, /^\| name \| `privileged-container` \|$/m);
    assert.match(page, /^\| default severity \| error \|$/m);
    assert.match(page, /^\| profile \| baseline \|$/m);
    assert.match(page, /^\| kinds \| workloads: Pod, .*Deployment.*CronJob/m);
  });

  it('rationale, fix and the equivalents table from the metadata', () => {
    assert.ok(page.includes(sec001.meta.rationale));
    assert.ok(page.includes(`## How to fix\n\n${sec001.meta.fix}`));
    assert.match(page, /^\| kube-linter \| `privileged-container` \|$/m);
    assert.match(page, /^\| Checkov \| `CKV_K8S_16` \|$/m);
  });

  it('suppression examples that really suppress (the forms suppression.test.ts exercises)', () => {
    assert.ok(page.includes('# gitops-manifests-disable-next-line SEC001 -- reason'));
    assert.ok(page.includes('gitops-manifests.io/ignore: SEC001'));
    assert.ok(page.includes('ignore-check.kube-linter.io/privileged-container: "reason"'));
    assert.ok(page.includes('polaris.fairwinds.com/runAsPrivileged-exempt: "true"'));
    assert.ok(page.includes('checkov.io/skip1: CKV_K8S_16=reason'));
  });

  it('the link in hover and SARIF points at this page in the repository', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } };
    assert.equal(ruleDocsUrl('SEC001'), `${pkg.repository.url.replace(/\.git$/, '')}/blob/main/docs/rules/SEC001.md`);
  });

  it('the index links every rule page', () => {
    const index = generatedRuleDocs().get('README.md')!;
    for (const { meta } of ALL_RULES) assert.ok(index.includes(`[\`${meta.id}\`](${meta.id}.md)`), meta.id);
    assert.match(index, /## Suppressing findings/);
  });
});

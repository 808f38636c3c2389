// Every suppression form (ours, Red Hat YAML's comment, and the kube-linter/Polaris/kube-score/Checkov
// annotations of catalogue B.0) against the real SEC001 (privileged) and SEC002 (hostNetwork) rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enabledByAnnotation, readSuppressions } from '../../../server/src/rules/suppression';
import type { RuleMeta } from '../../../server/src/rules/types';
import { applyFix, lintWithRules } from './ruleTestKit';

/** A Deployment with SEC002 at `hostNetwork` and SEC001 at `privileged`; `$A` = annotations, `$N`/`$P` = comment lines. */
function deployment(opts: { annotations?: string; beforeNetwork?: string; network?: string; beforePrivileged?: string; privileged?: string; templateAnnotations?: string } = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    ...(opts.annotations ? ['  annotations:', ...opts.annotations.split('\n').map((l) => `    ${l}`)] : []),
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    ...(opts.templateAnnotations ? ['      annotations:', ...opts.templateAnnotations.split('\n').map((l) => `        ${l}`)] : []),
    '    spec:',
    ...(opts.beforeNetwork ? opts.beforeNetwork.split('\n').map((l) => `      ${l}`) : []),
    `      ${opts.network ?? 'hostNetwork: true'}`,
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '          securityContext:',
    ...(opts.beforePrivileged ? opts.beforePrivileged.split('\n').map((l) => `            ${l}`) : []),
    `            ${opts.privileged ?? 'privileged: true'}`,
    '',
  ].join('\n');
}

const ids = (text: string) => lintWithRules(text, { only: ['SEC001', 'SEC002'] }).map((f) => f.ruleId).sort();

describe('baseline: both rules fire without suppression', () => {
  it('reports SEC001 at privileged and SEC002 at hostNetwork', () => {
    const found = lintWithRules(deployment(), { only: ['SEC001', 'SEC002'] });
    assert.deepEqual(found.map((f) => [f.ruleId, f.text, f.severity]), [
      ['SEC001', 'privileged', 'error'],
      ['SEC002', 'hostNetwork', 'error'],
    ]);
  });
});

describe('# gitops-manifests-disable-next-line', () => {
  it('silences the named rule on the next line only', () => {
    assert.deepEqual(ids(deployment({ beforePrivileged: '# gitops-manifests-disable-next-line SEC001 -- needs /dev/kvm' })), ['SEC002']);
  });
  it('names another rule: the finding stays', () => {
    assert.deepEqual(ids(deployment({ beforePrivileged: '# gitops-manifests-disable-next-line SEC002' })), ['SEC001', 'SEC002']);
  });
  it('without ids silences every rule on that line', () => {
    assert.deepEqual(ids(deployment({ beforeNetwork: '# gitops-manifests-disable-next-line' })), ['SEC001']);
  });
  it('accepts the rule name, lower-case ids and comma lists', () => {
    assert.deepEqual(ids(deployment({ beforeNetwork: '# gitops-manifests-disable-next-line host-network' })), ['SEC001']);
    assert.deepEqual(ids(deployment({ beforePrivileged: '# gitops-manifests-disable-next-line sec003,sec001' })), ['SEC002']);
  });
  it('skips comment lines in between, so stacked directives each keep working', () => {
    const text = deployment({
      beforePrivileged: '# gitops-manifests-disable-next-line SEC001 -- first\n# gitops-manifests-disable-next-line SEC009 -- second',
    });
    assert.deepEqual(ids(text), ['SEC002']);
  });
  it('does not reach past the next code line', () => {
    assert.deepEqual(ids(deployment({ beforeNetwork: '# gitops-manifests-disable-next-line SEC001' })), ['SEC001', 'SEC002']);
  });
  it('is not a directive inside a quoted value', () => {
    const text = deployment({ annotations: 'note: "a # gitops-manifests-disable"' });
    assert.deepEqual(ids(text), ['SEC001', 'SEC002']);
  });
});

describe('# gitops-manifests-disable-line', () => {
  it('silences the rule on its own line', () => {
    assert.deepEqual(ids(deployment({ privileged: 'privileged: true  # gitops-manifests-disable-line SEC001 -- lab cluster' })), ['SEC002']);
  });
  it('does not silence the next line', () => {
    assert.deepEqual(ids(deployment({ network: 'hostNetwork: true # gitops-manifests-disable-line SEC001' })), ['SEC001', 'SEC002']);
  });
});

describe('# gitops-manifests-disable / -enable blocks', () => {
  it('silences from disable to enable', () => {
    const text = deployment({ beforeNetwork: '# gitops-manifests-disable SEC002 SEC001' })
      .replace('      containers:', '      # gitops-manifests-enable SEC001\n      containers:');
    assert.deepEqual(ids(text), ['SEC001']);
  });
  it('without enable lasts to the end of the document, not into the next one', () => {
    const one = deployment({ beforeNetwork: '# gitops-manifests-disable' });
    const two = deployment();
    const found = lintWithRules(`${one}---\n${two}`, { only: ['SEC001', 'SEC002'] });
    assert.equal(found.length, 2);
    assert.ok(found.every((f) => f.start > one.length), 'only the second document reports');
  });
});

describe('# yaml-language-server-disable (Red Hat YAML)', () => {
  it('alone silences every finding on the line right below', () => {
    assert.deepEqual(ids(deployment({ beforeNetwork: '# yaml-language-server-disable' })), ['SEC001']);
  });
  it('with a rule id silences that rule only', () => {
    assert.deepEqual(ids(deployment({ beforeNetwork: '# yaml-language-server-disable SEC001' })), ['SEC001', 'SEC002']);
    assert.deepEqual(ids(deployment({ beforeNetwork: '# yaml-language-server-disable sec002' })), ['SEC001']);
  });
  it('only counts on a line of its own and for the line right below', () => {
    assert.deepEqual(ids(deployment({ network: 'hostNetwork: true # yaml-language-server-disable' })), ['SEC001', 'SEC002']);
    assert.deepEqual(ids(deployment({ beforeNetwork: '# yaml-language-server-disable\n# another comment' })), ['SEC001', 'SEC002']);
  });
  it('with message substrings matches case-insensitively by message, as Red Hat does', () => {
    const meta = { id: 'SEC002', name: 'host-network' };
    const s = readSuppressions('# yaml-language-server-disable Network NAMESPACE, other\nhostNetwork: true\n', undefined);
    assert.equal(s.isSuppressed(meta, 1, "The pod shares the node's network namespace (`hostNetwork: true`)"), true);
    assert.equal(s.isSuppressed(meta, 1, 'Something else'), false);
    assert.equal(s.isSuppressed(meta, 0, "The pod shares the node's network namespace"), false);
  });
});

describe('annotation gitops-manifests.io/ignore', () => {
  it('lists rule ids or names, or all', () => {
    assert.deepEqual(ids(deployment({ annotations: 'gitops-manifests.io/ignore: SEC001' })), ['SEC002']);
    assert.deepEqual(ids(deployment({ annotations: 'gitops-manifests.io/ignore: "SEC002, privileged-container"' })), []);
    assert.deepEqual(ids(deployment({ annotations: 'gitops-manifests.io/ignore: all' })), []);
    assert.deepEqual(ids(deployment({ annotations: 'gitops-manifests.io/ignore: SEC003' })), ['SEC001', 'SEC002']);
  });
});

describe('foreign annotations map through each rule’s equivalents', () => {
  it('kube-linter: ignore-check.kube-linter.io/<check> and kube-linter.io/ignore-all', () => {
    assert.deepEqual(ids(deployment({ annotations: 'ignore-check.kube-linter.io/privileged-container: "lab"' })), ['SEC002']);
    assert.deepEqual(ids(deployment({ annotations: 'ignore-check.kube-linter.io/host-network: ""' })), ['SEC001']);
    assert.deepEqual(ids(deployment({ annotations: 'kube-linter.io/ignore-all: "yes"' })), []);
  });
  it('Polaris: <check>-exempt and exempt, only when "true"', () => {
    assert.deepEqual(ids(deployment({ annotations: 'polaris.fairwinds.com/runAsPrivileged-exempt: "true"' })), ['SEC002']);
    assert.deepEqual(ids(deployment({ annotations: 'polaris.fairwinds.com/hostNetworkSet-exempt: "false"' })), ['SEC001', 'SEC002']);
    assert.deepEqual(ids(deployment({ annotations: 'polaris.fairwinds.com/exempt: "true"' })), []);
  });
  it('kube-score: kube-score/ignore lists its check ids (SEC002 has no kube-score equivalent)', () => {
    assert.deepEqual(ids(deployment({ annotations: 'kube-score/ignore: "pod-probes, container-security-context-privileged"' })), ['SEC002']);
  });
  it('kube-score: the pod template’s annotations count too', () => {
    assert.deepEqual(ids(deployment({ templateAnnotations: 'kube-score/ignore: container-security-context-privileged' })), ['SEC002']);
  });
  it('Checkov: checkov.io/skip<N>: <id>[=comment]', () => {
    const text = deployment({ annotations: 'checkov.io/skip1: CKV_K8S_16=needs devices\ncheckov.io/skip2: CKV_K8S_19' });
    assert.deepEqual(ids(text), []);
    assert.deepEqual(ids(deployment({ annotations: 'checkov.io/skip1: CKV_K8S_20' })), ['SEC001', 'SEC002']);
  });
  it('a foreign switch only silences rules that tool has an equivalent of; the others still run', () => {
    const noKubeLinter: Pick<RuleMeta, 'id' | 'name' | 'equivalents'> = { id: 'X001', name: 'x', equivalents: { polaris: ['p'] } };
    const s = (annotations: Record<string, string>) => readSuppressions('', { metadata: { annotations } }).isSuppressed(noKubeLinter, 0);
    assert.equal(s({ 'kube-linter.io/ignore-all': '' }), false);
    // ignore-all must not stop the other tools' annotations from being read
    assert.equal(s({ 'kube-linter.io/ignore-all': '', 'polaris.fairwinds.com/p-exempt': 'true' }), true);
  });
});

describe('kube-score/enable', () => {
  it('names the optional kube-score checks an object turns on', () => {
    const meta = { equivalents: { kubeScore: ['container-resource-requests-equal-limits'] } };
    assert.equal(enabledByAnnotation(meta, { metadata: { annotations: { 'kube-score/enable': 'container-resource-requests-equal-limits' } } }), true);
    assert.equal(enabledByAnnotation(meta, { metadata: { annotations: { 'kube-score/enable': 'other' } } }), false);
    assert.equal(enabledByAnnotation(meta, undefined), false);
  });
});

describe('the Ignore quick fixes write working suppressions', () => {
  for (const [title, expected] of [['Ignore SEC001 for this line', ['SEC002']], ['Ignore SEC001 for this object', ['SEC002']]] as const) {
    it(`"${title}" silences SEC001 and keeps comments`, () => {
      const text = deployment({ beforeNetwork: '# keep me' });
      const finding = lintWithRules(text, { only: ['SEC001'] })[0];
      const fixed = applyFix(text, finding, title);
      assert.deepEqual(ids(fixed), expected);
      assert.ok(fixed.includes('# keep me'));
      assert.deepEqual(lintWithRules(fixed).filter((f) => f.ruleId === 'schema' || f.ruleId === 'yaml'), []);
    });
  }
  it('"Ignore … for this line" twice on the same line keeps both directives working', () => {
    const text = deployment({ privileged: 'privileged: true' });
    const sec001 = lintWithRules(text, { only: ['SEC001'] })[0];
    const once = applyFix(text, sec001, 'Ignore SEC001 for this line');
    // a second directive stacked right above the code line (as the fix would add for another rule)
    const twice = once.replace('            privileged: true', '            # gitops-manifests-disable-next-line SEC009\n            privileged: true');
    assert.deepEqual(ids(twice), ['SEC002']);
  });
});

// Best-practice rules through the bundled language server, as an editor uses them: diagnostics coded by rule
// id, quick fixes (one, fix-all, ignore) applied and re-linted, hover on a finding, and the repository's
// `.gitops-manifests.yaml` (its settings applied to manifests, and its own validation).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver/node';
import { applyEdits, fileUri, startLanguageServer, type LspSession } from './lspClient';
import { fixAllEdits } from '../../server/src/lsp/codeActions';
import type { Finding } from '../../server/src/parse/finding';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      hostNetwork: true # needed by the legacy agent
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: true
        - name: sidecar
          image: busybox:1.36
          securityContext:
            privileged: true
`;

let workspace: string;
let lsp: LspSession;

const byRule = (d: Diagnostic[], id: string) => d.filter((x) => x.code === id);
const syntaxOrSchema = (d: Diagnostic[]) => d.filter((x) => x.code === 'schema' || x.code === 'yaml');

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'gm-lsp-rules-'));
  mkdirSync(join(workspace, 'team'));
  writeFileSync(join(workspace, 'team', '.gitops-manifests.yaml'), '# the team runs its agent on the host network\nrules:\n  SEC002: off\n');
  lsp = await startLanguageServer({ workspace });
});

after(async () => {
  await lsp?.stop();
});

/** Opens (or changes) a document and waits for the diagnostics of that version. */
async function lint(uri: string, text: string, version: number): Promise<Diagnostic[]> {
  if (version === 1) lsp.open(uri, text);
  else lsp.change(uri, version, text);
  return lsp.diagnostics(uri, () => true, version);
}

async function actionsAt(uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return lsp.codeActions(uri, d.range, [d]);
}

const applied = (text: string, uri: string, action: CodeAction) => applyEdits(text, action.edit!.changes![uri]);

test('a rule finding is a diagnostic coded by its rule id at the offending key', async () => {
  const uri = fileUri(join(workspace, 'web.yaml'));
  const diagnostics = await lint(uri, DEPLOYMENT, 1);
  const sec001 = byRule(diagnostics, 'SEC001');
  assert.equal(sec001.length, 2);
  assert.deepEqual(sec001[0].range, { start: { line: 18, character: 12 }, end: { line: 18, character: 22 } });
  assert.equal(sec001[0].severity, 1);
  assert.equal(sec001[0].source, 'gitops-manifests');
  assert.equal(sec001[0].message, 'Container `web` runs privileged');
  assert.equal(byRule(diagnostics, 'SEC002').length, 1);
});

test('quick fixes: preferred first, then fix-all, the Ignore fixes last; the fix re-lints clean', async () => {
  const uri = fileUri(join(workspace, 'fix.yaml'));
  const diagnostics = await lint(uri, DEPLOYMENT, 1);
  const [first] = byRule(diagnostics, 'SEC001');
  const actions = await actionsAt(uri, first);
  const titles = actions.map((a) => a.title);
  assert.equal(titles[0], 'Delete `privileged: true`');
  assert.equal(actions[0].isPreferred, true);
  assert.equal(titles[1], 'Fix all SEC001 in file');
  // SEC009 (privileged means privilege escalation) reports at the same key: its fixes join the list.
  const firstIgnore = titles.findIndex((t) => t.startsWith('Ignore '));
  assert.ok(titles.slice(firstIgnore).every((t) => t.startsWith('Ignore ')), titles.join(', '));
  assert.ok(titles.slice(firstIgnore).includes('Ignore SEC001 for this line'));
  assert.ok(titles.slice(firstIgnore).includes('Ignore SEC001 for this object'));
  assert.ok(actions.slice(0, firstIgnore).every((a, i) => i === 0 || !a.isPreferred || actions[i - 1].isPreferred), 'preferred fixes come first');

  const fixed = applied(DEPLOYMENT, uri, actions[0]);
  const after = await lint(uri, fixed, 2);
  assert.deepEqual(byRule(after, 'SEC001').map((d) => d.message), ['Container `sidecar` runs privileged']);
  assert.deepEqual(syntaxOrSchema(after), []);
  assert.ok(fixed.includes('# needed by the legacy agent'), 'comments survive');
});

test('"Fix all SEC001 in file" removes every SEC001 finding in one edit', async () => {
  const uri = fileUri(join(workspace, 'fixall.yaml'));
  const diagnostics = await lint(uri, DEPLOYMENT, 1);
  const actions = await actionsAt(uri, byRule(diagnostics, 'SEC001')[1]);
  const fixAll = actions.find((a) => a.title === 'Fix all SEC001 in file');
  assert.ok(fixAll, actions.map((a) => a.title).join(', '));
  assert.equal(fixAll.diagnostics?.length, 2);
  const after = await lint(uri, applied(DEPLOYMENT, uri, fixAll), 2);
  assert.deepEqual(byRule(after, 'SEC001'), []);
  assert.deepEqual(syntaxOrSchema(after), []);
  assert.equal(byRule(after, 'SEC002').length, 1, 'other rules are untouched');
});

test('"Ignore SEC002 for this line" silences that finding only', async () => {
  const uri = fileUri(join(workspace, 'ignore.yaml'));
  const diagnostics = await lint(uri, DEPLOYMENT, 1);
  const actions = await actionsAt(uri, byRule(diagnostics, 'SEC002')[0]);
  const ignore = actions.find((a) => a.title === 'Ignore SEC002 for this line')!;
  const text = applied(DEPLOYMENT, uri, ignore);
  assert.match(text, /\n {6}# gitops-manifests-disable-next-line SEC002 -- reason\n {6}hostNetwork: true/);
  const after = await lint(uri, text, 2);
  assert.deepEqual(byRule(after, 'SEC002'), []);
  assert.equal(byRule(after, 'SEC001').length, 2);
  assert.deepEqual(syntaxOrSchema(after), []);
});

test('hover on a finding explains the rule above the field documentation', async () => {
  const uri = fileUri(join(workspace, 'hover.yaml'));
  const diagnostics = await lint(uri, DEPLOYMENT, 1);
  const [d] = byRule(diagnostics, 'SEC001');
  const hover = await lsp.hover(uri, { line: d.range.start.line, character: d.range.start.character + 3 });
  const value = (hover?.contents as MarkupContent).value;
  assert.match(value, /^\*\*SEC001\*\* · Privileged container `privileged-container`/m);
  assert.match(value, /\*\*Fix:\*\* Delete `privileged`/);
  assert.match(value, /\[SEC001 documentation\]\(https:\/\/github\.com\/gitops-manifests\/gitops-manifests\/blob\/main\/docs\/rules\/SEC001\.md\)/);
  // One section per rule reporting here (SEC009 too: privileged means escalation), then the schema hover.
  const sections = value.split('\n\n---\n\n');
  assert.deepEqual(sections.slice(0, -1).map((s) => /^\*\*(\w+)\*\*/.exec(s)?.[1]).sort(), ['SEC001', 'SEC009']);
  assert.match(sections.at(-1)!, /^\*\*privileged\*\* `boolean`/);
});

test('hover away from any finding is the schema hover alone', async () => {
  const uri = fileUri(join(workspace, 'hover.yaml'));
  const hover = await lsp.hover(uri, { line: 16, character: 12 });
  assert.match((hover?.contents as MarkupContent).value, /^\*\*image\*\*/);
});

test('a .gitops-manifests.yaml above the file turns a rule off there, not elsewhere', async () => {
  const inside = fileUri(join(workspace, 'team', 'web.yaml'));
  const diagnostics = await lint(inside, DEPLOYMENT, 1);
  assert.deepEqual(byRule(diagnostics, 'SEC002'), []);
  assert.equal(byRule(diagnostics, 'SEC001').length, 2);
  const outside = fileUri(join(workspace, 'web-outside.yaml'));
  assert.equal(byRule(await lint(outside, DEPLOYMENT, 1), 'SEC002').length, 1);
});

test('the config file itself is validated against its schema, with a did-you-mean fix', async () => {
  const uri = fileUri(join(workspace, 'team', '.gitops-manifests.yaml'));
  const text = 'profle: restricted\nrules:\n  SEC0002: off\n  SEC001: warn\n';
  const diagnostics = await lint(uri, text, 1);
  assert.deepEqual(
    diagnostics.map((d) => [d.range.start.line, d.severity, d.message]),
    [
      [0, 2, 'Unknown field `profle` in .gitops-manifests.yaml — did you mean `profile`?'],
      [2, 2, 'Unknown rule `SEC0002`: no rule has this id — did you mean `SEC002`?'],
      [3, 1, 'Invalid value `warn` for `rules.SEC001`: expected one of `off`, `info`, `warning`, `error`, `hint`'],
    ],
  );
  const actions = await actionsAt(uri, diagnostics[1]);
  assert.equal(applied(text, uri, actions[0]), 'profle: restricted\nrules:\n  SEC002: off\n  SEC001: warn\n');
  const hover = await lsp.hover(uri, { line: 3, character: 4 });
  assert.match((hover?.contents as MarkupContent).value, /\*\*SEC001\*\* · Privileged container/);
});

test('fix-all combines preferred fixes only when they can be applied together', () => {
  const finding = (start: number, end: number, newText: string, isPreferred = true): Finding => ({
    ruleId: 'SEC001',
    severity: 'error',
    message: 'm',
    start,
    end,
    fixes: [{ title: 'fix', isPreferred, edits: [{ start, end, newText }] }, { title: 'Ignore SEC001 for this line', edits: [{ start: 0, end: 0, newText: '# x\n' }] }],
  });
  assert.deepEqual(fixAllEdits([finding(10, 20, ''), finding(30, 40, '')]), [{ start: 10, end: 20, newText: '' }, { start: 30, end: 40, newText: '' }]);
  assert.equal(fixAllEdits([finding(10, 20, '')]), undefined, 'one finding: the fix itself is enough');
  assert.equal(fixAllEdits([finding(10, 20, ''), finding(15, 25, '')]), undefined, 'overlapping edits');
  assert.equal(fixAllEdits([finding(10, 10, 'a'), finding(10, 10, 'b')]), undefined, 'two insertions at one offset');
  assert.deepEqual(fixAllEdits([finding(10, 10, 'a'), finding(10, 10, 'a'), finding(30, 31, 'c')]), [{ start: 10, end: 10, newText: 'a' }, { start: 30, end: 31, newText: 'c' }], 'identical edits count once');
  assert.equal(fixAllEdits([finding(10, 20, ''), finding(30, 40, '', false)]), undefined, 'only preferred fixes are combined');
  const broken: Finding = { ...finding(50, 60, ''), fixes: [{ title: 'fix', isPreferred: true, get edits(): never { throw new Error('cannot edit cleanly'); } }] };
  assert.equal(fixAllEdits([finding(10, 20, ''), broken]), undefined, 'a fix whose edits cannot be made is left out');
});

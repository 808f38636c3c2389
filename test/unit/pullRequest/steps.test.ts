// The defaults and choices of "GitOps: Create Pull Request": picked files, branch names, the summary pick.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  baseBranchItems,
  branchNameProblem,
  fileChoices,
  filePickItems,
  githubCompareUrl,
  githubPullRequestsArgs,
  nextBranchName,
  readCommandArgs,
  remoteHost,
  requestNoun,
  summaryItems,
  unsavedToAskAbout,
  type FileCandidate,
  type PullRequestDraft,
} from '../../../client/src/pullRequest/steps';

const candidates: FileCandidate[] = [
  { path: 'apps/web/deployment.yaml', status: 'modified' },
  { path: 'apps/web/service.yml', status: 'added' },
  { path: 'apps/web/README.md', status: 'modified' },
  { path: 'apps/old/job.yaml', status: 'deleted' },
  { path: 'infra/ingress.yaml', status: 'modified' },
  { path: 'apps/web/hpa.yaml', unsaved: true },
  { path: 'apps/web/deployment.yaml', unsaved: true },
];

const picked = (choices: ReturnType<typeof fileChoices>) => choices.filter((c) => c.picked).map((c) => c.path);

describe('fileChoices', () => {
  it('picks the modified and new YAML files of the workspace folder; offers the rest unpicked', () => {
    const choices = fileChoices({ candidates, folder: 'apps', includeUnsaved: false });
    assert.deepEqual(picked(choices), ['apps/web/deployment.yaml', 'apps/web/service.yml']);
    assert.deepEqual(
      choices.map((c) => c.path),
      ['apps/old/job.yaml', 'apps/web/deployment.yaml', 'apps/web/README.md', 'apps/web/service.yml', 'infra/ingress.yaml'],
    );
    assert.ok(choices.every((c) => c.source === 'disk'));
  });

  it('with the whole repository as folder, picks YAML anywhere but not deletions', () => {
    assert.deepEqual(picked(fileChoices({ candidates, folder: '', includeUnsaved: false })), [
      'apps/web/deployment.yaml',
      'apps/web/service.yml',
      'infra/ingress.yaml',
    ]);
  });

  it('includes unsaved buffers only when the user agreed, with the buffer as source', () => {
    const choices = fileChoices({ candidates, folder: 'apps', includeUnsaved: true });
    assert.deepEqual(picked(choices), ['apps/web/deployment.yaml', 'apps/web/hpa.yaml', 'apps/web/service.yml']);
    const deployment = choices.find((c) => c.path === 'apps/web/deployment.yaml');
    assert.deepEqual(deployment, { path: 'apps/web/deployment.yaml', picked: true, source: 'buffer', status: 'modified' });
    assert.equal(choices.find((c) => c.path === 'apps/web/hpa.yaml')?.source, 'buffer');
    assert.equal(choices.find((c) => c.path === 'apps/web/service.yml')?.source, 'disk');
  });

  it('does not match a folder by name prefix', () => {
    const choices = fileChoices({ candidates: [{ path: 'apps-old/a.yaml', status: 'modified' }], folder: 'apps', includeUnsaved: false });
    assert.deepEqual(picked(choices), []);
  });

  it('picks exactly the requested files, also ones without a change of their own', () => {
    const choices = fileChoices({ candidates, folder: 'apps', includeUnsaved: false, requested: ['infra/ingress.yaml', 'apps/web/configmap.yaml'] });
    assert.deepEqual(picked(choices), ['apps/web/configmap.yaml', 'infra/ingress.yaml']);
  });
});

describe('unsavedToAskAbout', () => {
  it('lists unsaved YAML buffers inside the workspace folder', () => {
    const list = [...candidates, { path: 'infra/x.yaml', unsaved: true }, { path: 'apps/notes.txt', unsaved: true }];
    assert.deepEqual(unsavedToAskAbout(list, 'apps'), ['apps/web/hpa.yaml', 'apps/web/deployment.yaml']);
  });
});

describe('filePickItems', () => {
  it('shows the file name, its folder, the change and unsaved state', () => {
    const items = filePickItems(fileChoices({ candidates, folder: 'apps', includeUnsaved: true }));
    assert.deepEqual(items.find((i) => i.path === 'apps/web/deployment.yaml'), {
      label: 'deployment.yaml',
      description: 'apps/web · modified · unsaved changes',
      picked: true,
      path: 'apps/web/deployment.yaml',
    });
    const top = filePickItems([{ path: 'kustomization.yaml', picked: false, source: 'disk', status: 'added' }]);
    assert.deepEqual(top[0], { label: 'kustomization.yaml', description: 'new', picked: false, path: 'kustomization.yaml' });
  });
});

describe('branchNameProblem', () => {
  it('accepts the names the flow proposes and ordinary ones', () => {
    for (const name of ['gitops/web-20261204-0226', 'fix-replicas', 'feature/a.b', 'user@host']) {
      assert.equal(branchNameProblem(name), undefined, name);
    }
  });

  it('refuses what git check-ref-format refuses', () => {
    for (const name of ['', ' x', 'a b', 'a..b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', 'a@{1}', '@', '/a', 'a/', 'a//b', '-a', 'a.', 'a/.b', 'a.lock', 'a/b.lock/c', 'a\u0001']) {
      assert.ok(branchNameProblem(name), JSON.stringify(name));
    }
  });
});

describe('nextBranchName', () => {
  it('appends or increments a number, skipping taken names', () => {
    assert.equal(nextBranchName('gitops/web-20261204-0226'), 'gitops/web-20261204-0226-2');
    assert.equal(nextBranchName('fix-2'), 'fix-3');
    assert.equal(nextBranchName('fix', ['fix-2', 'fix-3']), 'fix-4');
  });
});

const draft: PullRequestDraft = {
  title: 'Scale checkout to 4 replicas',
  body: '## What changes\n\n- Deployment checkout: replicas 2 → 4\n',
  branch: 'gitops/checkout-20261204-0226',
  base: 'main',
  draft: false,
  files: ['apps/checkout/deployment.yaml'],
};

describe('summaryItems', () => {
  it('puts Create first with branch, base, file and title; then one row per choice', () => {
    const items = summaryItems(draft, { noun: 'pull request', offerHandoff: false, filesEditable: true });
    assert.deepEqual(items.map((i) => i.action), ['create', 'title', 'body', 'branch', 'base', 'draft', 'files']);
    assert.equal(items[0].label, '$(git-pull-request) Create Pull Request');
    assert.equal(items[0].description, 'gitops/checkout-20261204-0226 → main');
    assert.equal(items[0].detail, 'apps/checkout/deployment.yaml: Scale checkout to 4 replicas');
    assert.equal(items.find((i) => i.action === 'body')?.description, 'What changes');
    assert.match(items.find((i) => i.action === 'draft')?.description ?? '', /^no/);
  });

  it('says draft and merge request where they apply, offers the hand-off, hides files the caller fixed', () => {
    const items = summaryItems({ ...draft, draft: true, files: ['a.yaml', 'b.yaml'] }, { noun: requestNoun('gitlab'), offerHandoff: true, filesEditable: false });
    assert.equal(items[0].label, '$(git-pull-request) Create Draft Merge Request');
    assert.match(items[0].detail ?? '', /^2 files: /);
    assert.equal(items[1].action, 'handoff');
    assert.ok(!items.some((i) => i.action === 'files'));
    assert.match(items.find((i) => i.action === 'draft')?.description ?? '', /^yes/);
  });

  it('shows an empty description as such', () => {
    const items = summaryItems({ ...draft, body: '' }, { noun: 'pull request', offerHandoff: false, filesEditable: true });
    assert.equal(items.find((i) => i.action === 'body')?.description, '(empty)');
  });
});

describe('baseBranchItems and hand-off arguments', () => {
  it('offers the proposed base first, then the others sorted', () => {
    assert.deepEqual(baseBranchItems(['release', 'main', 'dev', 'main'], 'main'), [
      { label: 'main', description: 'default' },
      { label: 'dev' },
      { label: 'release' },
    ]);
  });

  it('passes pr.create the repository path and the pushed branch', () => {
    assert.deepEqual(githubPullRequestsArgs('/work/repo', 'gitops/x'), { repoPath: '/work/repo', compareBranch: 'gitops/x' });
    assert.equal(requestNoun('github'), 'pull request');
  });

  it('falls back to GitHub\'s compare page for the pushed branch, slashes kept and the rest escaped', () => {
    assert.equal(
      githubCompareUrl('github.com', 'octo-org', 'manifests', 'main', 'gitops/web #2'),
      'https://github.com/octo-org/manifests/compare/main...gitops/web%20%232?expand=1',
    );
  });
});

describe('readCommandArgs', () => {
  it('reads the Drift view call with files and a title', () => {
    const args = { files: [{ uri: { scheme: 'file', fsPath: '/repo/apps/web.yaml' } }, { uri: { scheme: 'untitled', fsPath: 'Untitled-1' } }], title: ' Adopt live state ' };
    assert.deepEqual(readCommandArgs(args), { files: ['/repo/apps/web.yaml'], title: 'Adopt live state' });
  });

  it('includes unsaved buffers unasked only when the caller named the files and said so', () => {
    const file = { uri: { scheme: 'file', fsPath: '/repo/apps/web.yaml' } };
    assert.deepEqual(readCommandArgs({ files: [file], includeUnsaved: true }), { files: ['/repo/apps/web.yaml'], includeUnsaved: true });
    assert.deepEqual(readCommandArgs({ files: [file], includeUnsaved: 'yes' }), { files: ['/repo/apps/web.yaml'] });
    assert.deepEqual(readCommandArgs({ includeUnsaved: true }), {});
  });

  it('reads a source control from the SCM title bar as the folder, and ignores anything else', () => {
    assert.deepEqual(readCommandArgs({ id: 'git', rootUri: { scheme: 'file', fsPath: '/repo' } }), { folder: '/repo' });
    assert.deepEqual(readCommandArgs(undefined), {});
    assert.deepEqual(readCommandArgs('x'), {});
    assert.deepEqual(readCommandArgs({ files: 'a.yaml', title: 3 }), {});
  });
});

describe('remoteHost', () => {
  it('keeps an http(s) port, drops an ssh port and credentials', () => {
    assert.equal(remoteHost('https://GitHub.com/o/r.git'), 'github.com');
    assert.equal(remoteHost('git@gitlab.example.com:group/sub/r.git'), 'gitlab.example.com');
    assert.equal(remoteHost('ssh://git@git.example.com:2222/o/r.git'), 'git.example.com');
    assert.equal(remoteHost('http://developer:pw@127.0.0.1:3000/root/demo.git'), '127.0.0.1:3000');
    assert.equal(remoteHost('/srv/git/repo.git'), undefined);
  });
});

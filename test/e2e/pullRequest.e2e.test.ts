// End-to-end pull request: the packaged .vsix in a fresh code-server (a real VS Code) on a clone of the sample
// repository hosted by a real Gitea. A user edits a manifest, runs "GitOps: Create Pull Request" from the command
// palette, keeps the picked file, pastes the Gitea token once, edits the title and turns draft on in the summary,
// and creates it: the pull request exists on Gitea with only that file, and the clone's files (byte for byte),
// index entries, HEAD and refs are as they were.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startGitea, type Gitea, type GiteaPullRequest, type GiteaRepo } from '../infra/gitea';
import { seedGiteaRepo } from '../infra/giteaSeed';
import { checkoutSnapshot, gitIn } from './checkoutSnapshot';
import { createProfile, installExtension, setUserSettings, startCodeServer, type CodeServer, type Profile } from './codeServer';
import { ensurePackagedExtension } from './extensionPackage';
import { listenablePort, log } from './processes';
import { cloneWithoutCredentials, sampleRepoFixture } from './sampleRepo';
import { ensureCodeServer, vscodeCacheDir } from './tools';
import { launchChromium, openWorkbench, quickInputTitle, quickOpen, runCommand, type Browser } from './workbench';

const screenshotPath = join(vscodeCacheDir, 'screenshots', 'pull-request-e2e.png');
const workspace = join(vscodeCacheDir, 'workspaces', 'e2e-pr-sample-gitops-repo');
const CHANGED_FILE = 'apps/web/deployment.yaml';
const EDITED_TITLE = 'Scale web for the launch';

let gitea: Gitea | undefined;
let repo: GiteaRepo | undefined;
let profile: Profile | undefined;
let codeServer: CodeServer | undefined;
let browser: Browser | undefined;

const git = gitIn(workspace);
const snapshot = () => checkoutSnapshot(workspace);

before(async () => {
  const [vsix, , started] = await Promise.all([ensurePackagedExtension(), ensureCodeServer(), startGitea()]);
  gitea = started;
  repo = await seedGiteaRepo(gitea, 'sample-gitops-repo', sampleRepoFixture);

  // The clone keeps no credentials: the extension has to ask for the token.
  await cloneWithoutCredentials(gitea, repo.cloneUrl, workspace);
  // The user's uncommitted work: a changed manifest and a new note that is no manifest.
  const deployment = readFileSync(join(workspace, CHANGED_FILE), 'utf8');
  const scaled = deployment.replace(/replicas: \d+/, 'replicas: 5');
  assert.notEqual(scaled, deployment, `${CHANGED_FILE} has no replicas to change`);
  writeFileSync(join(workspace, CHANGED_FILE), scaled);
  writeFileSync(join(workspace, 'NOTES.txt'), 'not part of the pull request\n');

  profile = createProfile('e2e-pr', { fresh: true });
  // code-server saves edits by itself unless told not to; the unsaved-buffer question needs a buffer that stays unsaved.
  setUserSettings(profile, { 'gitops.forges': { [new URL(gitea.url).host]: { type: 'gitea' } }, 'files.autoSave': 'off' });
  await installExtension(profile, vsix);
  codeServer = await startCodeServer(profile, { port: (await listenablePort(0))!, folder: workspace });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await codeServer?.stop();
  await gitea?.stop();
});

test('Create Pull Request opens a pull request on Gitea and leaves the checkout as it was', { timeout: 240_000 }, async () => {
  const before = await snapshot();
  browser = await launchChromium(profile!.env);
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  try {
    await openWorkbench(page, codeServer!.folderUrl);
    await page.locator('.monaco-workbench .part.editor').click({ timeout: 10_000 }).catch(() => undefined);

    const startedAt = Date.now();
    await runCommand(page, 'GitOps: Create Pull Request');

    // Files: the changed manifest is offered and picked; the note is not offered.
    await quickInputTitle(page, 'Files');
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(rows.some((row) => row.includes('deployment.yaml')), `files offered: ${rows.join(' | ')}`);
    assert.ok(!rows.some((row) => row.includes('NOTES.txt')), `a non-manifest was offered: ${rows.join(' | ')}`);
    await page.keyboard.press('Enter');

    // The token, once, in a password box.
    await quickInputTitle(page, 'Token for');
    await page.waitForSelector('.quick-input-widget input[type="password"]', { state: 'visible' });
    await page.keyboard.type(gitea!.token);
    await page.keyboard.press('Enter');

    // The summary: Enter on its first row creates the pull request.
    await quickInputTitle(page, 'Create Pull Request on');
    const summary = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    log(`Summary pick:\n  ${summary.map((row) => row.replace(/\s*\n\s*/g, '  ')).join('\n  ')}`);
    assert.match(summary[0] ?? '', /Create Pull Request/);

    // Two changes in the summary: a new title, and draft on; each row comes back to the summary.
    await page.keyboard.type('Title');
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Title');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(EDITED_TITLE);
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Create Pull Request on');
    await page.keyboard.type('Draft');
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Create Pull Request on');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Create Draft Pull Request"]', { timeout: 10_000 });
    const summaryShownAt = Date.now();
    await page.keyboard.press('Enter');

    await page.waitForSelector('.notifications-toasts .notification-list-item-message:has-text("opened on")', { timeout: 90_000 });
    const message = (await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).join(' | ');
    log(`Notification: ${message}`);
    log(`Summary confirmed to pull request shown: ${((Date.now() - summaryShownAt) / 1000).toFixed(1)} s; whole run from the palette: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    assert.match(message, new RegExp(`Pull Request #\\d+ opened on 127\\.0\\.0\\.1:\\d+: ${EDITED_TITLE}`));
    assert.ok(!message.includes(gitea!.token), 'the token is shown');
  } finally {
    mkdirSync(join(vscodeCacheDir, 'screenshots'), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    log(`Screenshot: ${screenshotPath}`);
  }

  const { status, body: pulls } = await gitea!.api<GiteaPullRequest[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls?state=open`);
  assert.equal(status, 200);
  assert.equal(pulls.length, 1, JSON.stringify(pulls.map((p) => p.title)));
  const [pull] = pulls;
  assert.equal(pull.base.ref, 'main');
  assert.match(pull.head.ref, /^gitops\//);
  // Gitea has no draft flag: a draft is marked by its WIP: title prefix.
  assert.equal(pull.title, `WIP: ${EDITED_TITLE}`);
  assert.ok(pull.body.includes('replicas'), pull.body);
  assert.ok(!pull.body.includes(gitea!.token));

  const { body: files } = await gitea!.api<{ filename: string }[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls/${pull.number}/files`);
  assert.deepEqual(files.map((f) => f.filename), [CHANGED_FILE]);

  assert.deepEqual(await snapshot(), before, 'the checkout, index, HEAD or refs changed');
  const config = readFileSync(join(workspace, '.git', 'config'), 'utf8');
  assert.ok(!config.includes(gitea!.token), 'the token reached the git config');
});

test('a refused token is replaced from the error message; Check Out Branch; Set and Remove Forge Token', { timeout: 180_000 }, async () => {
  // Back to a remote with only main: the first pull request closed and its branch deleted.
  const { body: open } = await gitea!.api<GiteaPullRequest[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls?state=open`);
  for (const pull of open) {
    await gitea!.api('PATCH', `/repos/${repo!.owner}/${repo!.name}/pulls/${pull.number}`, { state: 'closed' });
    await gitea!.api('DELETE', `/repos/${repo!.owner}/${repo!.name}/branches/${encodeURIComponent(pull.head.ref)}`);
  }
  const host = new URL(gitea!.url).host;
  const before = await snapshot();
  // A new page is a new browser context: nothing of the first test's secret storage is left.
  const page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
  const toast = (text: string) => page.waitForSelector(`.notifications-toasts .notification-list-item-message:has-text("${text}")`, { timeout: 90_000 });
  try {
    await openWorkbench(page, codeServer!.folderUrl);
    await page.locator('.monaco-workbench .part.editor').click({ timeout: 10_000 }).catch(() => undefined);

    // A wrong token, set ahead with the command; the host comes from gitops.forges, its type too.
    await runCommand(page, 'GitOps: Set Forge Token');
    await quickInputTitle(page, 'Set Forge Token');
    await page.keyboard.type(host);
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${host}"]`, { timeout: 10_000 });
    await page.keyboard.press('Enter');
    await quickInputTitle(page, `Token for ${host}`);
    await page.keyboard.type('0000000000000000000000000000000000000000');
    await page.keyboard.press('Enter');
    await toast(`Token for ${host} saved`);

    // The stored token is used without asking; the forge refuses it.
    await runCommand(page, 'GitOps: Create Pull Request');
    await quickInputTitle(page, 'Files');
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Create Pull Request on');
    await page.keyboard.press('Enter');

    // One message, in words, with the button that fixes it.
    const refused = '.notifications-toasts .notification-list-item:has-text("did not accept the token")';
    await page.waitForSelector(refused, { timeout: 90_000 });
    log(`Error: ${(await page.locator(`${refused} .notification-list-item-message`).allInnerTexts()).join(' | ')}`);
    await page.locator(`${refused} .monaco-button:has-text("Enter New Token")`).click({ timeout: 10_000 });

    await quickInputTitle(page, `Token for ${host}`);
    await page.keyboard.type(gitea!.token);
    await page.keyboard.press('Enter');
    // What the user confirmed is not asked again: the retry goes straight to the pull request.
    await toast('opened on');
    assert.deepEqual(await snapshot(), before, 'the checkout, index, HEAD or refs changed');

    // Check Out Branch: the uncommitted copy of the change comes along, the other uncommitted file stays.
    const opened = '.notifications-toasts .notification-list-item:has-text("opened on")';
    await page.locator(`${opened} .monaco-button:has-text("Check Out Branch")`).click({ timeout: 10_000 });
    const deadline = Date.now() + 30_000;
    let head = '';
    while (!head.startsWith('gitops/') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      head = (await git(['rev-parse', '--abbrev-ref', 'HEAD'])).stdout.trim();
    }
    assert.match(head, /^gitops\/web-/);
    const afterCheckout = await snapshot();
    assert.equal(afterCheckout[CHANGED_FILE], before[CHANGED_FILE]);
    assert.equal(afterCheckout['NOTES.txt'], before['NOTES.txt']);
    assert.equal((await git(['status', '--porcelain'])).stdout, '?? NOTES.txt\n');

    await runCommand(page, 'GitOps: Remove Forge Token');
    await quickInputTitle(page, 'Remove Forge Token');
    await page.keyboard.press('Enter');
    await toast(`Token for ${host} removed`);
  } finally {
    await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-token.png') });
  }

  const { body: pulls } = await gitea!.api<GiteaPullRequest[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls?state=open`);
  assert.equal(pulls.length, 1);
  assert.match(pulls[0].head.ref, /^gitops\//);
});

test('an unsaved manifest goes into the pull request after asking, and stays unsaved', { timeout: 180_000 }, async () => {
  const { body: open } = await gitea!.api<GiteaPullRequest[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls?state=open`);
  for (const pull of open) await gitea!.api('PATCH', `/repos/${repo!.owner}/${repo!.name}/pulls/${pull.number}`, { state: 'closed' });
  const before = await snapshot();
  const page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
  try {
    await openWorkbench(page, codeServer!.folderUrl);
    await quickOpen(page, 'service.yaml');
    await page.locator('.monaco-editor .view-lines').click({ timeout: 10_000 });
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('# reviewed with the team');
    await page.waitForSelector('.tab.active.dirty', { timeout: 10_000 });

    await runCommand(page, 'GitOps: Create Pull Request');
    const dialog = '.monaco-dialog-box:has-text("unsaved changes")';
    await page.waitForSelector(dialog, { timeout: 30_000 });
    await page.locator(`${dialog} .monaco-button:has-text("Include Unsaved Changes")`).click({ timeout: 10_000 });

    await quickInputTitle(page, 'Files');
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(rows.some((row) => row.includes('service.yaml')), `files offered: ${rows.join(' | ')}`);
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Token for');
    await page.keyboard.type(gitea!.token);
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Create Pull Request on');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.notifications-toasts .notification-list-item-message:has-text("opened on")', { timeout: 90_000 });
    // The buffer is still unsaved, the disk as it was.
    await page.waitForSelector('.tab.active.dirty', { timeout: 10_000 });
    assert.deepEqual(await snapshot(), before, 'the checkout, index, HEAD or refs changed');
    // Leave no unsaved buffer behind for the next test.
    await runCommand(page, 'File: Revert File');
    await page.waitForSelector('.tab.active:not(.dirty)', { timeout: 10_000 });
  } finally {
    await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-unsaved.png') });
  }

  const { body: pulls } = await gitea!.api<GiteaPullRequest[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls?state=open`);
  assert.equal(pulls.length, 1);
  const { body: files } = await gitea!.api<{ filename: string }[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls/${pulls[0].number}/files`);
  assert.deepEqual(files.map((f) => f.filename), ['apps/web/service.yaml']);
  const raw = await fetch(`${gitea!.url}/api/v1/repos/${repo!.owner}/${repo!.name}/raw/apps/web/service.yaml?ref=${encodeURIComponent(pulls[0].head.ref)}`, {
    headers: { Authorization: `token ${gitea!.token}` },
  });
  assert.match(await raw.text(), /# reviewed with the team\n?$/, 'the branch does not hold the buffer\'s text');
});

test('a branch name already on the remote gets the message with a free name, and one click opens the pull request there', { timeout: 180_000 }, async () => {
  const { body: open } = await gitea!.api<GiteaPullRequest[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls?state=open`);
  for (const pull of open) await gitea!.api('PATCH', `/repos/${repo!.owner}/${repo!.name}/pulls/${pull.number}`, { state: 'closed' });
  const created = await gitea!.api('POST', `/repos/${repo!.owner}/${repo!.name}/branches`, { new_branch_name: 'release-prep', old_branch_name: 'main' });
  assert.equal(created.status, 201);
  // A saved change to propose (the checkout is on the first pull request's branch, which holds the Deployment's).
  const service = join(workspace, 'apps/web/service.yaml');
  writeFileSync(service, `${readFileSync(service, 'utf8')}# release notes follow\n`);
  const page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
  try {
    await openWorkbench(page, codeServer!.folderUrl);
    await page.locator('.monaco-workbench .part.editor').click({ timeout: 10_000 }).catch(() => undefined);
    await runCommand(page, 'GitOps: Create Pull Request');
    await quickInputTitle(page, 'Files');
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Token for');
    await page.keyboard.type(gitea!.token);
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Create Pull Request on');
    await page.keyboard.type('Branch');
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Branch Name');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('release-prep');
    await page.keyboard.press('Enter');
    await quickInputTitle(page, 'Create Pull Request on');
    await page.keyboard.press('Enter');

    const taken = '.notifications-toasts .notification-list-item:has-text("already exists")';
    await page.waitForSelector(taken, { timeout: 90_000 });
    log(`Error: ${(await page.locator(`${taken} .notification-list-item-message`).allInnerTexts()).join(' | ')}`);
    await page.locator(`${taken} .monaco-button:has-text("Use release-prep-2")`).click({ timeout: 10_000 });
    await page.waitForSelector('.notifications-toasts .notification-list-item-message:has-text("opened on")', { timeout: 90_000 });
  } finally {
    await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-branch.png') });
  }
  const { body: pulls } = await gitea!.api<GiteaPullRequest[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls?state=open`);
  assert.deepEqual(pulls.map((p) => p.head.ref), ['release-prep-2']);
});

// End-to-end "Adopt Live State and Open Pull Request": the packaged .vsix in a fresh code-server (a real VS Code) on a
// clone of the sample repository hosted by a real Gitea, whose apps/web is applied to a real kube-apiserver as
// kustomize-controller and then scaled by hand (kubectl-edit). From the drifted Deployment's row in the Drift view the
// user runs the command, keeps the pre-picked field (OK), pastes the Gitea token and confirms the summary: Gitea has the
// pull request whose file holds the live value and whose description says what merging changes in the cluster, while
// the buffer stays unsaved and the clone's files (byte for byte), index entries, HEAD and refs are as they were.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startCluster, type Cluster } from '../infra/cluster';
import { startGitea, type Gitea, type GiteaPullRequest, type GiteaRepo } from '../infra/gitea';
import { seedGiteaRepo } from '../infra/giteaSeed';
import { checkoutSnapshot } from './checkoutSnapshot';
import { createProfile, installExtension, setUserSettings, startCodeServer, type CodeServer, type Profile } from './codeServer';
import { ensurePackagedExtension } from './extensionPackage';
import { listenablePort, log } from './processes';
import { SAMPLE_LIVE_REPLICAS, stageSampleDrift, writeDriftWorkspaceSettings } from './sampleDrift';
import { cloneWithoutCredentials, sampleRepoFixture } from './sampleRepo';
import { ensureCodeServer, vscodeCacheDir } from './tools';
import { eventually, launchChromium, openViewContainer, openWorkbench, quickInputTitle, quickOpen, runContextMenuAction, sideBarRows, type Browser } from './workbench';

const screenshotPath = join(vscodeCacheDir, 'screenshots', 'adopt-live-state-e2e.png');
const workspace = join(vscodeCacheDir, 'workspaces', 'e2e-adopt-sample-gitops-repo');
const ADOPTED_FILE = 'apps/web/deployment.yaml';

let cluster: Cluster | undefined;
let gitea: Gitea | undefined;
let repo: GiteaRepo | undefined;
let profile: Profile | undefined;
let codeServer: CodeServer | undefined;
let browser: Browser | undefined;

before(async () => {
  const [vsix, , startedGitea, startedCluster] = await Promise.all([ensurePackagedExtension(), ensureCodeServer(), startGitea(), startCluster()]);
  gitea = startedGitea;
  cluster = startedCluster;
  repo = await seedGiteaRepo(gitea, 'sample-gitops-repo', sampleRepoFixture);

  // The clone keeps no credentials: the extension asks for the token.
  await cloneWithoutCredentials(gitea, repo.cloneUrl, workspace);
  // The clone's Deployment as Flux applied it (the clone is the fixture), then scaled by hand.
  assert.equal(readFileSync(join(workspace, ADOPTED_FILE), 'utf8'), readFileSync(join(sampleRepoFixture, ADOPTED_FILE), 'utf8'));
  await stageSampleDrift(cluster.kubeconfig);
  writeDriftWorkspaceSettings(workspace, cluster.kubeconfig);

  profile = createProfile('e2e-adopt', { fresh: true });
  // code-server saves edits by itself unless told not to; the adopted value has to stay in the unsaved buffer.
  setUserSettings(profile, { 'gitops.forges': { [new URL(gitea.url).host]: { type: 'gitea' } }, 'files.autoSave': 'off' });
  await installExtension(profile, vsix);
  codeServer = await startCodeServer(profile, { port: (await listenablePort(0))!, folder: workspace });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await codeServer?.stop();
  await gitea?.stop();
  await cluster?.stop();
});

test('Adopt Live State and Open Pull Request proposes the live replicas on Gitea and leaves the checkout as it was', { timeout: 240_000 }, async () => {
  const before = await checkoutSnapshot(workspace);
  const fileBefore = readFileSync(join(workspace, ADOPTED_FILE), 'utf8');
  assert.match(fileBefore, /replicas: 2\b/);
  browser = await launchChromium(profile!.env);
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  try {
    await openWorkbench(page, codeServer!.folderUrl);
    await quickOpen(page, 'deployment.yaml');
    await openViewContainer(page, 'GitOps');
    const rows = await eventually(() => sideBarRows(page), (r) => r.some((row) => row.includes('Deployment/web')), 'no Deployment/web row in the Drift view');
    assert.match(rows.find((row) => row.includes('Deployment/web'))!, /1 field/);

    // The document row's context menu.
    const startedAt = Date.now();
    await runContextMenuAction(page, '.part.sidebar .monaco-list-row:has-text("Deployment/web")', 'Adopt Live State and Open Pull Request');

    // The field pick: the field changed by hand is offered and pre-picked; Enter accepts it.
    await quickInputTitle(page, 'Adopt Live State: Deployment/web');
    const field = '.quick-input-list .monaco-list-row:has-text("spec.replicas")';
    await page.waitForSelector(field, { timeout: 10_000 });
    const fieldRow = (await page.locator(field).allInnerTexts()).join(' ').replace(/\s*\n\s*/g, '  ');
    log(`Field pick: ${fieldRow}`);
    assert.match(fieldRow, new RegExp(`2 → ${SAMPLE_LIVE_REPLICAS}`));
    assert.match(fieldRow, /kubectl-edit/);
    // The pick's count of picked rows: the one field, picked before the user touched anything.
    const count = (await page.locator('.quick-input-widget .quick-input-count').allInnerTexts()).join(' ');
    assert.match(count, /\b1\b/, `picked count: ${count}`);
    // OK, as a user clicks it: Enter would go wherever the closing context menu put the focus back (the tree).
    await page.locator('.quick-input-widget .quick-input-action .monaco-button:has-text("OK")').click({ timeout: 10_000 });

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
    const summaryShownAt = Date.now();
    await page.keyboard.press('Enter');

    await page.waitForSelector('.notifications-toasts .notification-list-item-message:has-text("opened on")', { timeout: 90_000 });
    const message = (await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).join(' | ');
    log(`Notification: ${message}`);
    log(`Summary confirmed to pull request shown: ${((Date.now() - summaryShownAt) / 1000).toFixed(1)} s; whole run from the context menu: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    assert.match(message, /Pull Request #\d+ opened on 127\.0\.0\.1:\d+: Adopt live (spec\.replicas|state) of Deployment web/);
    assert.ok(!message.includes(gitea!.token), 'the token is shown');

    // The adopted value is in the buffer, still unsaved.
    await page.waitForSelector('.tab.active.dirty[aria-label*="deployment.yaml"]', { timeout: 10_000 });
    await eventually(
      // The editor draws spaces as no-break spaces.
      async () => (await page.locator('.editor-instance .monaco-editor .view-lines').allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ')).join('\n'),
      (t) => t.includes(`replicas: ${SAMPLE_LIVE_REPLICAS}`),
      'the buffer does not hold the adopted live value',
      15_000,
    );
  } finally {
    const shown = [...(await page.locator('.quick-input-widget:visible .quick-input-title').allInnerTexts()), ...(await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts())];
    log(`Quick input and notifications at the end: ${shown.filter((t) => t.trim()).join(' | ') || 'none'}`);
    mkdirSync(join(vscodeCacheDir, 'screenshots'), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    log(`Screenshot: ${screenshotPath}`);
  }

  const { status, body: pulls } = await gitea!.api<GiteaPullRequest[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls?state=open`);
  assert.equal(status, 200);
  assert.equal(pulls.length, 1, JSON.stringify(pulls.map((p) => p.title)));
  const [pull] = pulls;
  assert.equal(pull.base.ref, 'main');
  assert.match(pull.title, /^Adopt live (spec\.replicas|state) of Deployment web$/);
  log(`Pull request body:\n${pull.body}`);
  // The file now says what the cluster already runs: merging changes nothing there (a stale or Git-side comparison
  // would list replicas going back to 2; no drift connection would leave the section out).
  assert.match(pull.body, /## What merging changes in the cluster\n\nNothing: the cluster already matches\./);
  assert.match(pull.body, /`spec\.replicas`: `2` → `3`/);
  assert.ok(!pull.body.includes(gitea!.token));

  const { body: files } = await gitea!.api<{ filename: string }[]>('GET', `/repos/${repo!.owner}/${repo!.name}/pulls/${pull.number}/files`);
  assert.deepEqual(files.map((f) => f.filename), [ADOPTED_FILE]);
  const raw = await fetch(`${gitea!.url}/api/v1/repos/${repo!.owner}/${repo!.name}/raw/${ADOPTED_FILE}?ref=${encodeURIComponent(pull.head.ref)}`, {
    headers: { Authorization: `token ${gitea!.token}` },
  });
  assert.equal(raw.status, 200);
  const proposed = await raw.text();
  // Only the adopted field differs from the file in Git.
  assert.equal(proposed, fileBefore.replace(/replicas: 2\b/, `replicas: ${SAMPLE_LIVE_REPLICAS}`));

  assert.equal(readFileSync(join(workspace, ADOPTED_FILE), 'utf8'), fileBefore, 'the adopted value was saved to disk');
  assert.deepEqual(await checkoutSnapshot(workspace), before, 'the checkout, index, HEAD or refs changed');
  assert.ok(!readFileSync(join(workspace, '.git', 'config'), 'utf8').includes(gitea!.token), 'the token reached the git config');
});

// End-to-end drift: the packaged .vsix in a fresh code-server (a real VS Code) with the sample repository, whose
// apps/web is applied to a real kube-apiserver as kustomize-controller and then scaled by hand (kubectl-edit). Opening
// the Deployment and the GitOps view shows the drifted object and field, with the badge and the status bar count, as a
// user sees them; the object opens the live-vs-next-sync diff, the status bar item the context picker, and Adopt Live
// Value writes the live value into the unsaved buffer.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startCluster, type Cluster } from '../infra/cluster';
import { createProfile, installExtension, setUserSettings, startCodeServer, type CodeServer, type Profile } from './codeServer';
import { ensurePackagedExtension } from './extensionPackage';
import { listenablePort, log } from './processes';
import { SAMPLE_LIVE_REPLICAS, stageSampleDrift, writeDriftWorkspaceSettings } from './sampleDrift';
import { serveSampleRepo, type SampleRepo } from './sampleRepo';
import { ensureCodeServer, vscodeCacheDir } from './tools';
import { activityBadge, eventually, launchChromium, openViewContainer, openWorkbench, quickOpen, runContextMenuAction, sideBarRows, type Browser, type Page } from './workbench';

const screenshotPath = join(vscodeCacheDir, 'screenshots', 'drift-e2e.png');

let cluster: Cluster | undefined;
let profile: Profile | undefined;
let sample: SampleRepo | undefined;
let codeServer: CodeServer | undefined;
let browser: Browser | undefined;

before(async () => {
  const [vsix, , started] = await Promise.all([ensurePackagedExtension(), ensureCodeServer(), startCluster()]);
  cluster = started;
  await stageSampleDrift(cluster.kubeconfig);
  sample = await serveSampleRepo(join(vscodeCacheDir, 'workspaces', 'e2e-drift-sample-gitops-repo'));
  writeDriftWorkspaceSettings(sample.workspace, cluster.kubeconfig);
  profile = createProfile('e2e-drift', { fresh: true });
  // VS Code in the browser saves after a delay by default; desktop VS Code does not. Off, as on the desktop, so the
  // test sees that Adopt Live Value leaves the buffer unsaved.
  setUserSettings(profile, { 'files.autoSave': 'off' });
  await installExtension(profile, vsix);
  codeServer = await startCodeServer(profile, { port: (await listenablePort(0))!, folder: sample.workspace });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await codeServer?.stop();
  await sample?.stop();
  await cluster?.stop();
});

async function statusBarTexts(page: Page): Promise<string[]> {
  return page.locator('.part.statusbar .statusbar-item').allInnerTexts();
}

test('the Drift view shows the Deployment changed in the cluster: field, badge, status bar, diff, contexts, adopt', { timeout: 240_000 }, async () => {
  const startedAt = Date.now();
  browser = await launchChromium(profile!.env);
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await openWorkbench(page, codeServer!.folderUrl);
  let rows: string[] = [];
  try {
    await quickOpen(page, 'deployment.yaml');
    const openedAt = Date.now();
    await openViewContainer(page, 'GitOps');
    rows = await eventually(() => sideBarRows(page), (r) => r.some((row) => row.includes('Deployment/web')), 'no Deployment/web row in the Drift view');
    log(`Drift view rows ${((Date.now() - openedAt) / 1000).toFixed(1)} s after the file opened (${((Date.now() - startedAt) / 1000).toFixed(1)} s after the browser started):\n  ${rows.join('\n  ')}`);
    const documentRow = rows.find((row) => row.includes('Deployment/web'))!;
    assert.match(documentRow, /1 field/);
    // Clicking the object opens the diff of the live object against the next sync; expanding it shows the field:
    // Git value → live value, and who changed it.
    await page.locator('.part.sidebar .monaco-list-row:has-text("Deployment/web")').click();
    await page.waitForSelector('.tab[aria-label*="Deployment/web: live ↔ next sync"]', { timeout: 30_000 });
    await eventually(
      // The editor draws spaces as no-break spaces.
      async () => (await page.locator('.monaco-diff-editor .view-lines').allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ')),
      (sides) => sides.some((t) => t.includes(`replicas: ${SAMPLE_LIVE_REPLICAS}`)) && sides.some((t) => t.includes('replicas: 2')),
      'the diff editor does not show live replicas against the file\'s',
      30_000,
    );
    await page.locator('.part.sidebar .monaco-list-row:has-text("Deployment/web") .monaco-tl-twistie').click();
    rows = await eventually(() => sideBarRows(page), (r) => r.some((row) => row.includes('spec.replicas')), 'no spec.replicas row under Deployment/web');
    const field = rows.find((row) => row.includes('spec.replicas'))!;
    assert.match(field, new RegExp(`2 → ${SAMPLE_LIVE_REPLICAS}`));
    assert.match(field, /kubectl-edit/);
    assert.equal(await eventually(() => activityBadge(page, 'GitOps'), (b) => b !== '', 'no badge on GitOps'), '1');
    const bar = await eventually(() => statusBarTexts(page), (t) => t.some((x) => x.includes('⎈')), 'no ⎈ status bar item');
    assert.ok(bar.some((x) => /⎈ admin · 1 drifted/.test(x)), bar.join(' | '));

    // The status bar item opens the context picker with the kubeconfig's contexts.
    await page.locator('.part.statusbar .statusbar-item:has-text("⎈ admin")').click();
    await page.waitForSelector('.quick-input-widget .monaco-list-row[aria-label*="viewer"]', { timeout: 15_000 });
    const contexts = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
    assert.ok(contexts.some((c) => c.includes('admin') && c.includes('current')), contexts.join(' | '));
    await page.keyboard.press('Escape');

    // Adopt Live Value from the field's context menu: the buffer gets the live value, unsaved.
    await runContextMenuAction(page, '.part.sidebar .monaco-list-row:has-text("spec.replicas")', 'Adopt Live Value');
    await page.waitForSelector('.tab.active.dirty[aria-label*="deployment.yaml"]', { timeout: 15_000 });
    const editorText = await eventually(
      async () => (await page.locator('.editor-instance .monaco-editor .view-lines').allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ')).join('\n'),
      (t) => t.includes(`replicas: ${SAMPLE_LIVE_REPLICAS}`),
      'the buffer does not hold the adopted live value',
      15_000,
    );
    assert.doesNotMatch(editorText, /replicas: 2\b/);
  } finally {
    mkdirSync(join(vscodeCacheDir, 'screenshots'), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    log(`Screenshot: ${screenshotPath}`);
  }
});

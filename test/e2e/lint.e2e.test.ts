// End-to-end smoke test: the packaged .vsix, installed into a fresh code-server (a real VS Code), lints the
// sample repository's broken file as a user sees it: a red squiggle and our diagnostic in the Problems panel.
// The first run installs code-server on Node 24 into the cache (about two minutes); later runs reuse it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createProfile, installExtension, startCodeServer, type CodeServer, type Profile } from './codeServer';
import { ensurePackagedExtension } from './extensionPackage';
import { listenablePort, log } from './processes';
import { serveSampleRepo, type SampleRepo } from './sampleRepo';
import { ensureCodeServer, vscodeCacheDir } from './tools';
import {
  launchChromium,
  openWorkbench,
  quickOpen,
  readProblemsPanel,
  statusBarProblems,
  waitForErrorSquiggle,
  type Browser,
} from './workbench';

const BROKEN_FILE = 'broken.yaml';
const screenshotPath = join(vscodeCacheDir, 'screenshots', 'lint-e2e.png');

let profile: Profile | undefined;
let sample: SampleRepo | undefined;
let codeServer: CodeServer | undefined;
let browser: Browser | undefined;

before(async () => {
  const [vsix] = await Promise.all([ensurePackagedExtension(), ensureCodeServer()]);
  sample = await serveSampleRepo(join(vscodeCacheDir, 'workspaces', 'e2e-sample-gitops-repo'));
  profile = createProfile('e2e', { fresh: true });
  await installExtension(profile, vsix);
  const port = (await listenablePort(0))!;
  codeServer = await startCodeServer(profile, { port, folder: sample.workspace });
  log(`code-server up at ${codeServer.url}`);
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await codeServer?.stop();
  await sample?.stop();
});

test('the packaged extension lints the sample repository in a real VS Code', { timeout: 180_000 }, async () => {
  const startedAt = Date.now();
  browser = await launchChromium(profile!.env);
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await openWorkbench(page, codeServer!.folderUrl);
  await quickOpen(page, BROKEN_FILE);

  let problems: string[] = [];
  try {
    // No other extension is installed in the fresh profile: any error squiggle is ours.
    await waitForErrorSquiggle(page).catch((err: Error) => {
      throw new Error(`no error squiggle in ${BROKEN_FILE}: the extension did not lint it (${err.message.split('\n')[0]})`);
    });
    problems = await readProblemsPanel(page);
  } finally {
    mkdirSync(join(vscodeCacheDir, 'screenshots'), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    log(`Screenshot: ${screenshotPath}`);
  }
  const counts = await statusBarProblems(page);
  log(`Status bar: ${counts}; diagnostic shown ${((Date.now() - startedAt) / 1000).toFixed(1)} s after the browser started`);
  log(`Problems panel:\n  ${problems.join('\n  ')}`);

  const unknownField = problems.find((row) => row.includes('Unknown field `terminationGracePeriodSecond`'));
  assert.ok(unknownField, `no "Unknown field" diagnostic in the Problems panel:\n${problems.join('\n')}`);
  assert.match(unknownField, /gitops-manifests/, 'the diagnostic does not name gitops-manifests as its source');
  assert.ok(
    problems.some((row) => row.includes('`extensions/v1beta1` Ingress was removed')),
    'the removed Ingress apiVersion is not reported',
  );
  assert.ok(problems.some((row) => row.includes('Invalid value `Sometimes`')), 'the bad imagePullPolicy is not reported');
});

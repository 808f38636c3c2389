// Drives the VS Code workbench in headless Chromium as a person would: open a folder, Quick Open a file,
// read the Problems panel. The selectors are the workbench's own DOM classes and ids (VS Code 1.139).
import { log } from './processes';
import { CHROMIUM, loadPlaywrightChromium } from './tools';

/** The part of Playwright's API used here (playwright-core lives in the cache, not in node_modules). */
export interface Browser {
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
export interface Page {
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options?: { state?: 'attached' | 'visible' | 'hidden'; timeout?: number }): Promise<unknown>;
  locator(selector: string): Locator;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  screenshot(options: { path: string }): Promise<unknown>;
}
export interface Locator {
  allInnerTexts(): Promise<string[]>;
  getAttribute(name: string): Promise<string | null>;
  click(options?: { position?: { x: number; y: number }; timeout?: number; button?: 'left' | 'right' }): Promise<void>;
}

/** Flags for a headless Chromium that stays offline and quiet (no sandbox: we run as root). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `env` should be a code-server profile's: Chromium then keeps its crash reports and dconf out of the real HOME. */
export async function launchChromium(env: NodeJS.ProcessEnv): Promise<Browser> {
  const chromium = await loadPlaywrightChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, env });
}

/** Opens the workbench on a folder and waits until the Explorer lists its files. */
export async function openWorkbench(page: Page, folderUrl: string): Promise<void> {
  await page.goto(folderUrl);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
}

/** Opens a file by name with Quick Open (Ctrl+P), as a user would. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  // Keyboard shortcuts need the focus inside the workbench.
  await page.locator('.monaco-workbench .part.editor').click({ timeout: 10_000 }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(fileName);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${fileName}"]`, { timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${fileName}"]`, { timeout: 30_000 });
}

/** Waits for a red squiggle in the open editor: an error diagnostic is shown. */
export async function waitForErrorSquiggle(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: timeoutMs });
}

/** The status bar's problem counts, e.g. "Errors: 3, Warnings: 0, Infos: 4". */
export async function statusBarProblems(page: Page): Promise<string> {
  return (await page.locator('[id="status.problems"]').getAttribute('aria-label')) ?? '';
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns its rows, one line each. */
export async function readProblemsPanel(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30_000 });
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  // A row is message, source, code and position on separate lines.
  return rows.map((row) => row.replace(/\s*\n\s*/g, '  ').trim());
}

/** Opens a view container from the activity bar by its title (e.g. "GitOps"), as a user clicks its icon. */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const item = `.part.activitybar .action-item a[aria-label^="${title}"]`;
  await page.waitForSelector(item, { timeout: 30_000 });
  await page.locator(item).click({ timeout: 10_000 });
  await page.waitForSelector('.part.sidebar', { state: 'visible', timeout: 30_000 });
}

/** The side bar's tree rows (label and description on one line each). */
export async function sideBarRows(page: Page): Promise<string[]> {
  const rows = await page.locator('.part.sidebar .monaco-list-row').allInnerTexts();
  return rows.map((row) => row.replace(/\s*\n\s*/g, '  ').trim());
}

/** The badge on an activity bar item (e.g. the drift count on "GitOps"), or '' when none. */
export async function activityBadge(page: Page, title: string): Promise<string> {
  const texts = await page.locator(`.part.activitybar .action-item:has(a[aria-label^="${title}"]) .badge-content`).allInnerTexts();
  return texts.join('').trim();
}

/** Polls `read` until `accept` holds (views fill in as the language server's notifications arrive). */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 500));
    last = await read();
  }
  return last;
}

/** Waits for a quick pick or input box whose title contains `text`. */
export async function quickInputTitle(page: Page, text: string): Promise<void> {
  await page.waitForSelector(`.quick-input-widget .quick-input-title:has-text("${text}")`, { state: 'visible', timeout: 60_000 });
}

/** Runs a command from the palette (F1); retried while the workbench is still reading the extensions' contributions. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(title);
    try {
      await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: 5_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Right-clicks `target` and clicks the context menu's `label`. A click that lands while the menu is still settling is
 * dropped by the workbench (the menu stays open, the item highlighted): clicked again until the menu closes.
 */
export async function runContextMenuAction(page: Page, target: string, label: string): Promise<void> {
  await page.locator(target).click({ button: 'right' });
  const item = `.context-view .monaco-menu .action-label:has-text("${label}")`;
  for (let attempt = 1; ; attempt++) {
    await page.locator(item).click({ timeout: 10_000 });
    try {
      await page.waitForSelector('.context-view .monaco-menu', { state: 'hidden', timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      log(`The context menu is still open after clicking "${label}"; clicking it again`);
    }
  }
}

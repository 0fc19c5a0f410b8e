/**
 * The browser side of an e2e session: Debian's chromium, headless, on a code-server workbench,
 * with the Thespian Director sidebar open.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { envFor, type RunDirs } from './code-server';
import { CHROMIUM, PLAYWRIGHT } from './prerequisites';
import type { BrowserContext, Page, PlaywrightCore } from './playwright-types';

/** Chromium with its profile in ROOT/chromium and the run dirs' environment; the caller closes it. */
export function launchBrowser(root: string, dirs: RunDirs): Promise<BrowserContext> {
  const pw = createRequire(__filename)(PLAYWRIGHT) as PlaywrightCore;
  return pw.chromium.launchPersistentContext(path.join(root, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    env: { ...envFor(dirs) },
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens the workbench at SERVER_URL on the folder WS, then the Thespian Director container (which
 * shows that the manifest was read), and waits for its view PANE; returns the page.
 */
export async function openSidebar(
  browser: BrowserContext,
  serverUrl: string,
  ws: string,
  pane: 'Available' | 'Loaded',
): Promise<Page> {
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(30_000);
  await page.goto(`${serverUrl}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  const container = page.locator('[aria-label^="Thespian Director"]').first();
  await container.waitFor({ state: 'visible', timeout: 30_000 });
  await container.click();
  await page.locator(`.pane-header[aria-label^="${pane}"]`).first().waitFor({ state: 'visible' });
  return page;
}

/** Driving the VS Code workbench through the keyboard and the DOM, as a user would. */
import type { Page } from './playwright-types';

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  deadlineMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const QUICK_INPUT = '.quick-input-widget';

export async function quickInputOpen(page: Page): Promise<void> {
  await page.locator(`${QUICK_INPUT} input`).first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** Type into the open quick input (palette, quick pick, input box) and, when `row` is given, wait for that row. */
export async function typeInQuickInput(page: Page, text: string, row?: string): Promise<void> {
  await quickInputOpen(page);
  await page.keyboard.insertText(text);
  if (row !== undefined) {
    try {
      await page
        .locator(`${QUICK_INPUT} .monaco-list-row:has-text("${row}")`)
        .first()
        .waitFor({ state: 'visible', timeout: 20_000 });
    } catch (e) {
      const rows = page.locator(`${QUICK_INPUT} .monaco-list-row`);
      const texts: string[] = [];
      for (let i = 0; i < Math.min(await rows.count(), 10); i++) texts.push(await rows.nth(i).innerText());
      throw new Error(`no quick-input row with "${row}" after typing "${text}"; rows: ${JSON.stringify(texts)}`, {
        cause: e,
      });
    }
  }
}

/** F1, `Category: Title`, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await quickInputOpen(page);
  await typeInQuickInput(page, title, title.split(': ').pop());
  // Not Enter: the palette puts recently used commands first ("Focus on Loaded View" when the
  // title is "…: Load"), so pick the row whose label is exactly the title.
  const rows = page.locator(`${QUICK_INPUT} .monaco-list-row`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (let i = 0; i < (await rows.count()); i++) {
      const label = (await rows.nth(i).locator('.label-name').first().innerText()).trim();
      if (label === title) {
        await rows.nth(i).click();
        return;
      }
    }
    if (Date.now() > deadline) throw new Error(`the palette has no command "${title}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pick the row whose text has `text` in the open quick pick (filters by typing, then Enter). */
export async function pickQuickItem(page: Page, text: string, filter = text): Promise<void> {
  await typeInQuickInput(page, filter, text);
  await page.keyboard.press('Enter');
}

/** A row of a tree view inside the pane titled `viewTitle`. */
export function viewRow(page: Page, viewTitle: string, text: string) {
  return page
    .locator(`.pane:has(.pane-header[aria-label^="${viewTitle}"]) .monaco-list-row:has-text("${text}")`)
    .first();
}

/**
 * One code-server session on a copy of the example app for the developer-loop e2e tests
 * (loop.e2e.test.ts, loop-debug.e2e.test.ts): the extension installed from its .vsix, a private
 * director dir and admin port, a browser on the workbench, and the helpers those tests share.
 * Two files rather than one so that each stays within the runner's per-file deadline.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, installExtension, makeRunDirs, startCodeServer, type CodeServer, type RunDirs } from './code-server';
import { REPO } from './prerequisites';
import type { BrowserContext, Page } from './playwright-types';
import { killAll, pidsWithEnvContaining } from './processes';
import { launchBrowser, openSidebar } from './browser';
import { buildVsix } from './vsix';
import { exampleWorkspace } from './workspace';
import { runCommand, typeInQuickInput, viewRow, waitFor } from './workbench';
import { messageOf } from '../../../runtime/src/protocol/caught';

export const ARTIFACTS = path.join(REPO, 'test-artifacts', 'e2e');
export const SEND_LINE = 'if (sender !== null) this.send(sender, { foo: describeState(this.state) });';

/** Every file under `dir` whose name passes `want`. */
export function findFiles(dir: string, want: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(p, want));
    else if (want(e.name)) out.push(p);
  }
  return out;
}

/**
 * The .vsix of the current build, made once for both loop files (keyed by the bundles' and the
 * manifest's bytes; written under a temporary name and renamed, so two files never read half).
 */
function sharedVsix(): string {
  const h = createHash('sha256');
  for (const f of [
    'package.json',
    ...readdirSync(path.join(REPO, 'dist'))
      .filter((n) => n.endsWith('.js'))
      .sort()
      .map((n) => path.join('dist', n)),
  ])
    h.update(readFileSync(path.join(REPO, f)));
  const file = path.join(os.tmpdir(), `el-loop-${h.digest('hex').slice(0, 16)}.vsix`);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}`;
    buildVsix(tmp);
    renameSync(tmp, file);
    // Older builds' copies are of no further use.
    for (const old of readdirSync(os.tmpdir()).filter(
      (n) => /^el-loop-[0-9a-f]{16}\.vsix$/.test(n) && path.join(os.tmpdir(), n) !== file,
    ))
      rmSync(path.join(os.tmpdir(), old), { force: true });
  }
  return file;
}

export class LoopSession {
  root = '';
  dirs!: RunDirs;
  directorDir = '';
  ws = '';
  page!: Page;
  private server: CodeServer | undefined;
  private browser: BrowserContext | undefined;

  constructor(private readonly prefix: string) {}

  async open(): Promise<void> {
    this.root = mkdtempSync(path.join(os.tmpdir(), 'el-loop-e2e-'));
    this.dirs = makeRunDirs(this.root);
    this.directorDir = path.join(this.root, 'director');
    mkdirSync(ARTIFACTS, { recursive: true });
    installExtension(this.dirs, sharedVsix());
    this.ws = exampleWorkspace(this.root, {
      'thespianDirector.directorDir': this.directorDir,
      'thespianDirector.adminPort': await freePort(),
      'thespianDirector.confirmUnload': false,
    });
    this.server = await startCodeServer(this.dirs, await freePort(), this.ws);
    this.browser = await launchBrowser(this.root, this.dirs);
    this.page = await openSidebar(this.browser, this.server.url, this.ws, 'Loaded');
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => {});
    await this.server?.stop();
    if (this.root === '') return;
    killAll(pidsWithEnvContaining(this.root));
    rmSync(this.root, { recursive: true, force: true });
  }

  async shot(name: string): Promise<void> {
    await this.page?.screenshot({ path: path.join(ARTIFACTS, `${this.prefix}-${name}.png`) });
  }

  logs(): string {
    return findFiles(path.join(this.dirs.userData, 'logs'), (n) => n.includes('Thespian Director'))
      .map((f) => `== ${f}\n${readFileSync(f, 'utf8').split('\n').slice(-50).join('\n')}`)
      .join('\n');
  }

  /** Runs a step; on failure saves a screenshot and adds the extension's logs to the error. */
  async step(name: string, body: () => Promise<void> | void): Promise<void> {
    try {
      await body();
    } catch (e) {
      await this.shot(`failure-${name}`).catch(() => {});
      throw new Error(`${messageOf(e)}\n--- extension logs ---\n${this.logs()}`, { cause: e });
    }
  }

  /** The dev versions live loading wrote, oldest first. */
  packages(): string[] {
    return existsSync(this.directorDir)
      ? readdirSync(this.directorDir)
          .filter((f) => /^foo-\d{17}\.tls$/.test(f))
          .sort()
      : [];
  }

  fooactor(): string {
    return path.join(this.ws, 'app', 'foo', 'fooactor.ts');
  }

  /** Start Daemon, then Start Live Loading from the palette; the first dev version loads. */
  async startLive(): Promise<void> {
    await runCommand(this.page, 'Thespian Director: Start Daemon');
    await this.page
      .locator('.statusbar-item:has-text("loaded")')
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(this.page, 'Thespian Director: Start Live Loading');
    await this.page
      .locator('.statusbar-item:has-text("live: foo ·")')
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
  }

  /**
   * Expand the Loaded view's collapsed rows (a group first shown while it had no source keeps
   * the collapsed state VS Code gave it, as it would for a user).
   */
  async expandLoaded(): Promise<void> {
    const collapsed = this.page.locator(
      '.pane:has(.pane-header[aria-label^="Loaded"]) .monaco-list-row[aria-expanded="false"]',
    );
    for (let i = 0; i < 6 && (await collapsed.count()) > 0; i++) {
      await collapsed.first().click();
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Wait until the Loaded view shows a row with `text`, expanding collapsed rows meanwhile. */
  async loadedRow(text: string, deadlineMs = 30_000): Promise<void> {
    const row = viewRow(this.page, 'Loaded', text);
    await waitFor(
      `"${text}" in the Loaded view`,
      async () => {
        if (await row.isVisible()) return true;
        await this.expandLoaded();
        return false;
      },
      deadlineMs,
    );
  }

  /** Open fooactor.ts in the editor (quick open). */
  async openFooactor(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    await typeInQuickInput(this.page, 'fooactor.ts', 'fooactor.ts');
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab:has-text("fooactor.ts")').first().waitFor({ state: 'visible' });
  }

  /** Go to the line of fooactor.ts holding `find` (Ctrl+G); returns its number. */
  async goToLine(find: string): Promise<number> {
    const lineNo =
      readFileSync(this.fooactor(), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(find)) + 1;
    assert.ok(lineNo > 0, `fooactor.ts has "${find}"`);
    await this.page.locator('.monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+G');
    await typeInQuickInput(this.page, String(lineNo));
    await this.page.keyboard.press('Enter');
    return lineNo;
  }

  /** Replace the line holding `find` in the open editor with `replacement`, through the keyboard, and save. */
  async editLine(find: string, replacement: string): Promise<void> {
    await this.goToLine(find);
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Shift+End');
    await this.page.keyboard.insertText(replacement);
    await this.page.keyboard.press('Control+S');
    await waitFor('the edit on disk', () => readFileSync(this.fooactor(), 'utf8').includes(replacement), 10_000);
  }
}

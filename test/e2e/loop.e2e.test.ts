/**
 * The developer loop end to end in a real VS Code (code-server 4.100.3, playwright-core, Debian's
 * chromium), driven as a user would: Start Live Loading on the example app; edit and save
 * fooactor.ts in the editor and the new version becomes ACTIVE; "Ask…" from the palette shows its
 * new answer; a syntax error on save shows in Problems and nothing loads; the Records log channel
 * holds the actor's record and "Show Logs" filters to MainFoo; the dev key the extension made is
 * in its user storage, not in the workspace. Screenshots go to test-artifacts/e2e/loop-*.png.
 * Skipped, saying what is missing, when scripts/e2e-setup.sh has not run.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { envFor, freePort, installExtension, makeRunDirs, startCodeServer, type CodeServer, type RunDirs } from './harness/code-server';
import { CHROMIUM, PLAYWRIGHT, REPO, missingPrerequisites } from './harness/prerequisites';
import type { BrowserContext, Page, PlaywrightCore } from './harness/playwright-types';
import { killAll, pidsWithEnvContaining } from './harness/processes';
import { buildVsix } from './harness/vsix';
import { pickQuickItem, runCommand, typeInQuickInput, viewRow, waitFor } from './harness/workbench';

const ARTIFACTS = path.join(REPO, 'test-artifacts', 'e2e');
const missing = missingPrerequisites();
if (missing !== undefined) console.log(`# loop e2e skipped: ${missing}`);

/** Every file under `dir` whose name passes `want`. */
function findFiles(dir: string, want: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(p, want));
    else if (want(e.name)) out.push(p);
  }
  return out;
}

const SEND_LINE = 'if (sender !== null) this.send(sender, { foo: describeState(this.state) });';

describe('the developer loop in a real VS Code (code-server 4.100.3)', { skip: missing }, () => {
  let root = '';
  let dirs: RunDirs;
  let directorDir = '';
  let ws = '';
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  const shot = async (name: string): Promise<void> => {
    await page?.screenshot({ path: path.join(ARTIFACTS, `loop-${name}.png`) });
  };
  const logs = (): string => findFiles(path.join(dirs.userData, 'logs'), (n) => n.includes('Thespian Director')).map((f) => `== ${f}\n${readFileSync(f, 'utf8').split('\n').slice(-50).join('\n')}`).join('\n');
  const step = async (name: string, body: () => Promise<void> | void): Promise<void> => {
    try {
      await body();
    } catch (e) {
      await shot(`failure-${name}`).catch(() => {});
      throw new Error(`${(e as Error).message}\n--- extension logs ---\n${logs()}`, { cause: e });
    }
  };
  const packages = (): string[] => (existsSync(directorDir) ? readdirSync(directorDir).filter((f) => /^foo-\d{17}\.tls$/.test(f)).sort() : []);
  const fooactor = (): string => path.join(ws, 'app', 'foo', 'fooactor.ts');

  /** Replace the line holding `find` in the open editor with `replacement`, through the keyboard, and save. */
  const editLine = async (find: string, replacement: string): Promise<void> => {
    const lineNo = readFileSync(fooactor(), 'utf8').split('\n').findIndex((l) => l.includes(find)) + 1;
    assert.ok(lineNo > 0, `fooactor.ts has "${find}"`);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await typeInQuickInput(page, String(lineNo));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.insertText(replacement);
    await page.keyboard.press('Control+S');
    await waitFor('the edit on disk', () => readFileSync(fooactor(), 'utf8').includes(replacement), 10_000);
  };

  before(
    async () => {
      root = mkdtempSync(path.join(os.tmpdir(), 'el-loop-e2e-'));
      dirs = makeRunDirs(root);
      directorDir = path.join(root, 'director');
      mkdirSync(ARTIFACTS, { recursive: true });
      installExtension(dirs, buildVsix(path.join(root, 'thespian-director.vsix')));
      ws = path.join(root, 'workspace');
      cpSync(path.join(REPO, 'examples', 'foo'), path.join(ws, 'app'), { recursive: true });
      symlinkSync(path.join(REPO, 'node_modules'), path.join(ws, 'node_modules'), 'dir');
      mkdirSync(path.join(ws, '.vscode'), { recursive: true });
      writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'thespianDirector.directorDir': directorDir, 'thespianDirector.adminPort': await freePort(), 'thespianDirector.confirmUnload': false }, null, 2));
      server = await startCodeServer(dirs, await freePort(), ws);
      const pw = createRequire(__filename)(PLAYWRIGHT) as PlaywrightCore;
      browser = await pw.chromium.launchPersistentContext(path.join(root, 'chromium'), {
        executablePath: CHROMIUM,
        headless: true,
        env: { ...envFor(dirs) },
        viewport: { width: 1400, height: 900 },
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(30_000);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      const container = page.locator('[aria-label^="Thespian Director"]').first();
      await container.waitFor({ state: 'visible', timeout: 30_000 });
      await container.click();
      await page.locator('.pane-header[aria-label^="Loaded"]').first().waitFor({ state: 'visible' });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (root === '') return;
    killAll(pidsWithEnvContaining(root));
    rmSync(root, { recursive: true, force: true });
  });

  // One test, one story (each step needs the previous); it takes ~45 s alone, several minutes on a loaded machine.
  test('live loading: save → new version ACTIVE, Ask… answers with the new code; a syntax error loads nothing; records and the dev key', { timeout: 480_000 }, async () => {
    await step('start-live', async () => {
      await runCommand(page, 'Thespian Director: Start Daemon');
      await page.locator('.statusbar-item:has-text("loaded")').first().waitFor({ state: 'visible', timeout: 60_000 });
      await runCommand(page, 'Thespian Director: Start Live Loading');
      await page.locator('.statusbar-item:has-text("live: foo ·")').first().waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal(packages().length, 1);
      await viewRow(page, 'Loaded', 'MainFoo').waitFor({ state: 'visible', timeout: 30_000 });
      await shot('01-live-started');
    });
    await step('dev-key', () => {
      const keys = findFiles(root, (n) => n === 'vscode-dev.pem');
      assert.equal(keys.length, 1, `one dev key: ${keys.join(', ')}`);
      const key = keys[0] ?? '';
      assert.ok(key.startsWith(dirs.userData + path.sep), `the dev key is in the user's storage: ${key}`);
      assert.ok(path.relative(ws, key).startsWith('..'), 'the dev key is outside the workspace');
      assert.equal(statSync(key).mode & 0o777, 0o600);
      assert.equal(findFiles(ws, (n) => n.endsWith('.pem')).length, 0, 'no private key in the workspace');
      assert.ok(existsSync(path.join(directorDir, 'vscode-dev_tls.key')));
    });
    await step('keys-view', async () => {
      // The Keys view lists the dev key with its algorithm and the package it signed.
      const row = viewRow(page, 'Keys', 'vscode-dev_tls.key');
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await row.innerText(), /Ed25519 · 128-bit security · id [0-9a-f]{12} · 1 package/);
      await shot('01b-keys-view');
    });
    const [firstPkg] = packages();
    await step('edit-save', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await typeInQuickInput(page, 'fooactor.ts', 'fooactor.ts');
      await page.keyboard.press('Enter');
      await page.locator('.tab:has-text("fooactor.ts")').first().waitFor({ state: 'visible' });
      await editLine(SEND_LINE, "if (sender !== null) this.send(sender, { foo: describeState(this.state), live: 'second' });");
      const second = await waitFor('a second dev version', () => packages().find((p) => p !== firstPkg), 60_000);
      const version = second.replace(/^foo-|\.tls$/g, '');
      await viewRow(page, 'Loaded', version).waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await viewRow(page, 'Loaded', version).innerText(), /ACTIVE/);
      await viewRow(page, 'Loaded', (firstPkg ?? '').replace(/^foo-|\.tls$/g, '')).waitFor({ state: 'hidden', timeout: 30_000 });
      await page.locator('.statusbar-item:has-text("live: foo ·")').first().waitFor({ state: 'visible', timeout: 30_000 });
      await shot('02-saved-new-version-active');
    });
    await step('ask', async () => {
      await runCommand(page, 'Thespian Director: Ask…');
      await pickQuickItem(page, 'MainFoo');
      await typeInQuickInput(page, "'status'");
      await page.keyboard.press('Enter');
      await page.locator('.view-lines:has-text("second")').first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('.view-lines:has-text("ms")').first().waitFor({ state: 'visible' });
      await shot('03-ask-reply');
    });
    await step('send', async () => {
      // The input box starts with the last input for MainFoo; a bad JSON5 value is refused as typed.
      await runCommand(page, 'Thespian Director: Send Message…');
      await pickQuickItem(page, 'MainFoo');
      await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
      assert.equal(await page.locator('.quick-input-widget input').first().inputValue(), "'status'");
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('{ moo: ');
      await page.locator('.quick-input-widget:has-text("not JSON5")').first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.insertText("'hello' }");
      await page.keyboard.press('Enter');
      await page.locator(".view-lines:has-text(\"sent { moo: 'hello' } to MainFoo\")").first().waitFor({ state: 'visible', timeout: 30_000 });
      await shot('03b-send-message');
    });
    await step('syntax-error', async () => {
      const before = packages();
      await page.keyboard.press('Escape');
      await page.locator('.tab:has-text("fooactor.ts")').first().click();
      await editLine("live: 'second'", 'if (sender !== null) this.send(sender, { foo: ;');
      await page.locator('.statusbar-item:has-text("build failed")').first().waitFor({ state: 'visible', timeout: 60_000 });
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row:has-text("fooactor.ts")').first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.deepEqual(packages(), before, 'no package was built');
      await shot('04-syntax-error-in-problems');
    });
    await step('records', async () => {
      await waitFor('the Records channel to hold FooActor\'s record', () => {
        const text = findFiles(path.join(dirs.userData, 'logs'), (n) => n.includes('Records')).map((f) => readFileSync(f, 'utf8')).join('\n');
        return /FooActor ActorAddr-\(.+\): started: StartFoo/.test(text);
      }, 30_000);
      await runCommand(page, 'Thespian Director: Show Logs');
      await pickQuickItem(page, 'MainFoo');
      await page.locator('.view-lines:has-text("started: StartFoo")').first().waitFor({ state: 'visible', timeout: 30_000 });
      await shot('05-show-logs-mainfoo');
    });
    await step('debug', async () => {
      // Repair the syntax error: a third version loads.
      await page.keyboard.press('Escape');
      await page.locator('.tab:has-text("fooactor.ts")').first().click();
      const third = "if (sender !== null) this.send(sender, { foo: describeState(this.state), live: 'third' });";
      await editLine('{ foo: ;', third);
      await page.locator('.statusbar-item:has-text("live: foo ·")').first().waitFor({ state: 'visible', timeout: 60_000 });
      await runCommand(page, 'Thespian Director: Debug Daemon');
      await page.locator('.debug-toolbar').first().waitFor({ state: 'visible', timeout: 60_000 });
      // The debugger follows the source worker of the restored version.
      await page.locator('.debug-call-stack .monaco-list-row:has-text("worker")').first().waitFor({ state: 'visible', timeout: 60_000 });
      // A breakpoint on the answering line of fooactor.ts, set in the editor (F9).
      const line = readFileSync(fooactor(), 'utf8').split('\n').findIndex((l) => l.includes("live: 'third'")) + 1;
      await page.locator('.tab:has-text("fooactor.ts")').first().click();
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await typeInQuickInput(page, String(line));
      await page.keyboard.press('Enter');
      await page.keyboard.press('F9');
      await page.locator('.codicon-debug-breakpoint').first().waitFor({ state: 'visible', timeout: 10_000 });
      await runCommand(page, 'Thespian Director: Ask…');
      await pickQuickItem(page, 'MainFoo');
      await typeInQuickInput(page, "'status'");
      await page.keyboard.press('Enter');
      // Paused: the top stack frame is fooactor.ts at the breakpoint's line.
      const frame = page.locator(`.debug-call-stack .monaco-list-row:has-text("fooactor.ts")`).first();
      await frame.waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(await frame.innerText(), new RegExp(`fooactor\\.ts\\s*${line}:`));
      await page.locator('.debug-top-stack-frame-line').first().waitFor({ state: 'visible', timeout: 10_000 });
      await shot('06-breakpoint-paused');
      await page.keyboard.press('F5');
      await page.locator('.view-lines:has-text("third")').first().waitFor({ state: 'visible', timeout: 30_000 });
    });
  });
});

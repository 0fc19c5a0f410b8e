/**
 * The extension end to end in a real VS Code (code-server 4.100.3, driven by playwright-core and
 * Debian's chromium): installed from the built .vsix, on a workspace holding the example app.
 * Through the palette: generate a key pair, generate a package, start the daemon, load it (the
 * Loaded view shows the group, ACTIVE and MainFoo), unload it (the view updates by itself), and
 * a .tli with "onLoad" gets a diagnostic that the quick fix repairs. Screenshots go to
 * test-artifacts/e2e/. Skipped, saying what is missing, when scripts/e2e-setup.sh has not run.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  freePort,
  installExtension,
  makeRunDirs,
  startCodeServer,
  type CodeServer,
  type RunDirs,
} from './harness/code-server';
import { REPO, missingPrerequisites } from './harness/prerequisites';
import type { BrowserContext, Page } from './harness/playwright-types';
import { killAll, pidsWithEnvContaining } from './harness/processes';
import { launchBrowser, openSidebar } from './harness/browser';
import { buildVsix } from './harness/vsix';
import { exampleWorkspace } from './harness/workspace';
import { pickQuickItem, runCommand, typeInQuickInput, viewRow, waitFor } from './harness/workbench';
import { messageOf } from '../../runtime/src/protocol/caught';

const ARTIFACTS = path.join(REPO, 'test-artifacts', 'e2e');
const missing = missingPrerequisites();
if (missing !== undefined) console.log(`# extension e2e skipped: ${missing}`);

/** The example app as a user's project: examples/foo, with the repository's node_modules (esbuild, chalk). */
function makeWorkspace(root: string, directorDir: string, adminPort: number): string {
  return exampleWorkspace(root, {
    'thespianDirector.directorDir': directorDir,
    'thespianDirector.adminPort': adminPort,
    'thespianDirector.versionScheme': 'ask',
    'thespianDirector.confirmUnload': false,
  });
}

describe('the extension in a real VS Code (code-server 4.100.3), installed from its .vsix', { skip: missing }, () => {
  let root = '';
  let dirs: RunDirs;
  let directorDir = '';
  let ws = '';
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  const shot = async (name: string): Promise<void> => {
    await page?.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  };
  /** Runs a step; on failure saves a screenshot and adds the extension's log to the error. */
  const step = async (name: string, body: () => Promise<void>): Promise<void> => {
    try {
      await body();
    } catch (e) {
      await shot(`failure-${name}`).catch(() => {});
      throw new Error(`${messageOf(e)}\n--- extension log ---\n${findExtensionLog(dirs.userData)}`, {
        cause: e,
      });
    }
  };

  before(
    async () => {
      root = mkdtempSync(path.join(os.tmpdir(), 'thespian-e2e-'));
      dirs = makeRunDirs(root);
      directorDir = path.join(root, 'director');
      mkdirSync(ARTIFACTS, { recursive: true });
      const vsix = buildVsix(path.join(root, 'thespian-director.vsix'));
      installExtension(dirs, vsix);
      ws = makeWorkspace(root, directorDir, await freePort());
      server = await startCodeServer(dirs, await freePort(), ws);
      browser = await launchBrowser(root, dirs);
      page = await openSidebar(browser, server.url, ws, 'Available');
      await shot('01-sidebar');
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

  test('the palette generates a signing key pair, then a package of the example app', async () => {
    await step('keygen', async () => {
      // The private key goes to the user's own storage by default, never the workspace.
      await runCommand(page, 'Thespian Director: Generate Signing Key Pair');
      await pickQuickItem(page, 'user storage', 'user storage');
      await typeInQuickInput(page, '');
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('signing');
      await page.keyboard.press('Enter');
      await waitFor('signing_tls.key in the director dir', () => existsSync(path.join(directorDir, 'signing_tls.key')));
      const key = path.join(
        dirs.userData,
        'User',
        'globalStorage',
        'thespian-director.thespian-director',
        'keys',
        'signing.pem',
      );
      assert.match(readFileSync(key, 'utf8'), /PRIVATE KEY/);
      assert.equal(statSync(key).mode & 0o777, 0o600);
      await shot('02-key-pair');
    });
    await step('gensrc', async () => {
      await runCommand(page, 'Thespian Director: Generate Source Package');
      await pickQuickItem(page, 'foo', 'foo');
      await typeInQuickInput(page, '');
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('1.0');
      await page.keyboard.press('Enter');
      await waitFor('foo-1.0.tls in the director dir', () => existsSync(path.join(directorDir, 'foo-1.0.tls')), 60_000);
      await viewRow(page, 'Available', '1.0').waitFor({ state: 'visible' });
      await shot('03-package-generated');
    });
  });

  test('Start and Load show the group, ACTIVE and MainFoo; Unload updates the view without a refresh click', async () => {
    await step('start', async () => {
      await runCommand(page, 'Thespian Director: Start Daemon');
      await page.locator('.statusbar-item:has-text("loaded")').first().waitFor({ state: 'visible', timeout: 60_000 });
    });
    await step('load', async () => {
      await runCommand(page, 'Thespian Director: Load');
      await pickQuickItem(page, 'newest version', 'foo');
      await viewRow(page, 'Loaded', 'ACTIVE').waitFor({ state: 'visible', timeout: 60_000 });
      await viewRow(page, 'Loaded', 'MainFoo').waitFor({ state: 'visible' });
      await viewRow(page, 'Loaded', 'foo').waitFor({ state: 'visible' });
      await shot('04-loaded');
    });
    await step('unload', async () => {
      await runCommand(page, 'Thespian Director: Unload');
      await pickQuickItem(page, 'ACTIVE', 'foo');
      await viewRow(page, 'Loaded', 'MainFoo').waitFor({ state: 'hidden', timeout: 30_000 });
      await shot('05-unloaded');
    });
    await step('load-from-terminal', async () => {
      // A load the extension did not run (a terminal, another program) reaches the view through
      // the daemon's events alone.
      const r = spawnSync(process.execPath, [path.join(REPO, 'dist', 'director.js'), 'load', 'foo'], {
        env: { ...process.env, THESPIAN_DIRECTOR_DIR: directorDir },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 0, `director load foo: ${r.stderr}`);
      await viewRow(page, 'Loaded', 'MainFoo').waitFor({ state: 'visible', timeout: 10_000 });
      await shot('05b-loaded-from-terminal');
    });
    await step('shutdown', async () => {
      await runCommand(page, 'Thespian Director: Shutdown Daemon');
      // Shutdown stops every actor, so it asks first.
      await page.locator('.monaco-dialog-box .monaco-button:has-text("Shut Down")').first().click();
      await page.locator('.statusbar-item:has-text("stopped")').first().waitFor({ state: 'visible', timeout: 30_000 });
    });
  });

  test('a .tli with "onLoad" shows a diagnostic and the quick fix repairs it', async () => {
    await step('tli', async () => {
      const bad = path.join(ws, 'app', 'bad.tli');
      writeFileSync(
        bad,
        "{\n  Actors: {\n    'foo.fooactor': {\n      onLoad: { Role: 'MainFoo' },\n    },\n  },\n}\n",
      );
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await typeInQuickInput(page, 'bad.tli', 'bad.tli');
      await page.keyboard.press('Enter');
      const squiggle = page.locator('.view-lines .squiggly-error, .view-overlays .squiggly-error').first();
      await squiggle.waitFor({ state: 'visible', timeout: 60_000 });
      await shot('06-tli-diagnostic');
      const box = await squiggle.boundingBox();
      assert.ok(box !== null, 'the squiggle has a place on screen');
      await page.mouse.click(box.x + Math.max(1, box.width / 2), box.y + box.height / 2);
      await page.keyboard.press('Control+.');
      await page.locator('.action-widget .monaco-list-row').first().waitFor({ state: 'visible' });
      await shot('07-tli-quick-fix');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+S');
      await waitFor('bad.tli to say OnLoad', () => readFileSync(bad, 'utf8').includes('OnLoad'));
      await page.locator('.view-overlays .squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
      await shot('08-tli-fixed');
    });
  });
});

/** The extension's LogOutputChannel as code-server wrote it, for a failure's message. */
function findExtensionLog(userData: string): string {
  const logs = path.join(userData, 'logs');
  if (!existsSync(logs)) return '(no logs)';
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.includes('Thespian Director') || e.name === 'exthost.log') {
        // The daemon's own lines are in its log file; keep the extension's for the failure message.
        const own = readFileSync(p, 'utf8')
          .split('\n')
          .filter((l) => !l.includes('[daemon]'));
        found.push(`== ${p}\n${own.slice(-60).join('\n')}`);
      }
    }
  };
  walk(logs);
  return found.join('\n') || '(no extension log)';
}

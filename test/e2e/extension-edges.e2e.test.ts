/**
 * Issue 18's failure handling in a real VS Code (code-server 4.100.3), each step with its
 * screenshot in test-artifacts/e2e/ (edges-*.png): a load failure names the TLI's file:line and
 * Open TLI opens the workspace's TLI at that line; a kill -9 of the daemon is announced with
 * Restart Daemon, which brings it back; Shutdown asks first and says what it did. The key and
 * the package are made beforehand with the CLI, so the steps start at the daemon. Last, a
 * foreign program on the admin port is announced with Change Port, which writes the new port.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort } from './harness/code-server';
import { REPO, missingPrerequisites } from './harness/prerequisites';
import { openSession, toast, type Session } from './harness/session';
import { exampleWorkspace } from './harness/workspace';
import { pickQuickItem, runCommand, typeInQuickInput, waitFor } from './harness/workbench';

const missing = missingPrerequisites();
if (missing !== undefined) console.log(`# extension edges e2e skipped: ${missing}`);

const BAD_TLI = "{\n  Actors: {\n    'foo.fooactor': {\n      onLoad: { Role: 'MainFoo' },\n    },\n  },\n}\n";

function director(directorDir: string, cwd: string, ...args: string[]): void {
  const r = spawnSync(process.execPath, [path.join(REPO, 'dist', 'director.js'), ...args], {
    cwd,
    env: { ...process.env, THESPIAN_DIRECTOR_DIR: directorDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, `director ${args.join(' ')}: ${r.stderr}`);
}

describe('issue 18 in a real VS Code: load failures, crashes and Shutdown', { skip: missing }, () => {
  let s: Session;
  let ws = '';
  let directorDir = '';

  before(
    async () => {
      const adminPort = await freePort();
      s = await openSession((root) => {
        ws = exampleWorkspace(root);
        directorDir = path.join(root, 'director');
        const app = path.join(ws, 'app');
        mkdirSync(directorDir);
        writeFileSync(path.join(directorDir, 'adminport.cfg'), `${adminPort}\n`);
        const keys = path.join(root, 'keys');
        mkdirSync(keys);
        director(directorDir, keys, 'keygen', 'signing');
        director(
          directorDir,
          ws,
          'gensrc',
          'foo',
          path.join(keys, 'signing.pem'),
          app,
          'version:1.0',
          `deps:${path.join(app, 'deppkgs.txt')}`,
          `tli:${path.join(app, 'foo.tli')}`,
          'foo/**/*.ts',
        );
        writeFileSync(
          path.join(ws, '.vscode', 'settings.json'),
          JSON.stringify({ 'thespianDirector.directorDir': directorDir }, null, 2),
        );
        return ws;
      });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await s?.close();
  });

  test(
    'a load failure names the TLI line with Open TLI; kill -9 is announced with Restart; Shutdown asks and reports',
    { timeout: 240_000 },
    async () => {
      const { page } = s;
      await s.step('start', async () => {
        await runCommand(page, 'Thespian Director: Start Daemon');
        await page.locator('.statusbar-item:has-text("loaded")').first().waitFor({ state: 'visible', timeout: 60_000 });
      });
      const good = readFileSync(path.join(ws, 'app', 'foo.tli'), 'utf8');
      await s.step('load-failure-open-tli', async () => {
        // The same bad text in the workspace's TLI and the director dir's copy (as gensrc leaves them).
        writeFileSync(path.join(ws, 'app', 'foo.tli'), BAD_TLI);
        writeFileSync(path.join(directorDir, 'foo.tli'), BAD_TLI);
        await runCommand(page, 'Thespian Director: Load');
        await pickQuickItem(page, 'newest version', 'foo');
        const t = toast(page, 'foo.tli:4');
        await t.waitFor({ state: 'visible', timeout: 60_000 });
        await s.shot('edges-01-load-failure');
        await t.locator('.monaco-button:has-text("Open TLI")').click();
        await page.locator('.statusbar-item:has-text("Ln 4")').first().waitFor({ state: 'visible' });
        await page.locator('.tab.active:has-text("foo.tli")').first().waitFor({ state: 'visible' });
        // The workspace's app/foo.tli (the file the user edits), not the director dir's copy.
        await page.locator('.breadcrumbs-control:has-text("app")').first().waitFor({ state: 'visible' });
        await s.shot('edges-02-open-tli-at-line');
        writeFileSync(path.join(ws, 'app', 'foo.tli'), good);
        writeFileSync(path.join(directorDir, 'foo.tli'), good);
      });
      await s.step('crash-restart', async () => {
        const pid = Number(readFileSync(path.join(directorDir, '.daemon', 'daemon.pid'), 'utf8').trim());
        process.kill(pid, 'SIGKILL');
        const t = toast(page, 'stopped unexpectedly');
        await t.waitFor({ state: 'visible', timeout: 30_000 });
        await page.locator('.statusbar-item:has-text("stopped")').first().waitFor({ state: 'visible' });
        await s.shot('edges-03-crash-announced');
        await t.locator('.monaco-button:has-text("Restart Daemon")').click();
        await page.locator('.statusbar-item:has-text("loaded")').first().waitFor({ state: 'visible', timeout: 60_000 });
      });
      await s.step('shutdown-confirms', async () => {
        await runCommand(page, 'Thespian Director: Shutdown Daemon');
        const dialog = page.locator('.monaco-dialog-box:has-text("Shut down the Thespian Director daemon?")').first();
        await dialog.waitFor({ state: 'visible' });
        await s.shot('edges-04-shutdown-asks');
        await dialog.locator('.monaco-button:has-text("Shut Down")').first().click();
        await toast(page, 'The daemon stopped').waitFor({ state: 'visible', timeout: 30_000 });
        await page.locator('.statusbar-item:has-text("stopped")').first().waitFor({ state: 'visible' });
        await s.shot('edges-05-shutdown-reported');
      });
      await s.step('foreign-port-change-port', async () => {
        // Something that is not a daemon takes a port; the dir is pointed at it.
        const foreign = net.createServer((c) => {
          c.on('error', () => {}); // probes close with a reset
          c.end('HTTP/1.0 400 Bad Request\r\n\r\n');
        });
        await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', () => r()));
        try {
          const taken = (foreign.address() as net.AddressInfo).port;
          await runCommand(page, 'Notifications: Clear All Notifications');
          // The dir watcher sees the change and reads the state again: no click needed.
          writeFileSync(path.join(directorDir, 'adminport.cfg'), `${taken}\n`);
          const t = toast(page, 'Another program answers on the admin port');
          await t.waitFor({ state: 'visible', timeout: 30_000 });
          await new Promise((r) => setTimeout(r, 500)); // the toast's fade-in
          await s.shot('edges-06-foreign-port');
          await t.locator('.monaco-button:has-text("Change Port")').click();
          const next = await freePort();
          await typeInQuickInput(page, '');
          await page.keyboard.press('Control+A');
          await page.keyboard.insertText(String(next));
          await page.keyboard.press('Enter');
          await waitFor(
            'the new port in adminport.cfg',
            () => readFileSync(path.join(directorDir, 'adminport.cfg'), 'utf8').trim() === String(next),
          );
          await page.locator('.statusbar-item:has-text("stopped")').first().waitFor({ state: 'visible' });
        } finally {
          foreign.close();
        }
      });
    },
  );
});

/**
 * Issue 18's secrets in a real VS Code (code-server 4.100.3), each step with its screenshot in
 * test-artifacts/e2e/ (secrets-*.png). The workspace is a git work tree with no director dir
 * setting, as a new user's project is: the director dir and the signing key land outside it;
 * Show Config names the port in force; Reveal Package File works without revealFileInOS;
 * gensrc's warning is shown; a director dir moved inside the work tree gets a .gitignore and a
 * warning.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort } from './harness/code-server';
import { missingPrerequisites } from './harness/prerequisites';
import { openSession, toast, type Session } from './harness/session';
import { exampleWorkspace } from './harness/workspace';
import { pickQuickItem, runCommand, typeInQuickInput, viewRow, waitFor } from './harness/workbench';

const missing = missingPrerequisites();
if (missing !== undefined) console.log(`# extension secrets e2e skipped: ${missing}`);

const EXT = 'thespian-director.thespian-director';

describe('issue 18 in a real VS Code: secrets stay outside the work tree', { skip: missing }, () => {
  let s: Session;
  let ws = '';
  let adminPort = 0;
  const settingsFile = (): string => path.join(ws, '.vscode', 'settings.json');
  const writeSettings = (extra: object): void =>
    writeFileSync(
      settingsFile(),
      JSON.stringify(
        {
          'thespianDirector.adminPort': adminPort,
          'thespianDirector.versionScheme': 'ask',
          'thespianDirector.confirmUnload': false,
          ...extra,
        },
        null,
        2,
      ),
    );
  /** The default director dir: the extension's storage for this workspace, under the user data dir. */
  const storageDir = (): string | undefined => {
    const base = path.join(s.dirs.userData, 'User', 'workspaceStorage');
    if (!existsSync(base)) return undefined;
    for (const h of readdirSync(base)) {
      const d = path.join(base, h, EXT, 'director');
      if (existsSync(d)) return d;
    }
    return undefined;
  };
  let directorDir = '';
  const keyInTree = (): string => path.join(ws, 'keys', 'signing.pem');

  before(
    async () => {
      adminPort = await freePort();
      s = await openSession((root) => {
        ws = exampleWorkspace(root);
        writeSettings({});
        const g = spawnSync('git', ['init', '-q', ws], { encoding: 'utf8' });
        assert.equal(g.status, 0, `git init: ${g.stderr}`);
        return ws;
      });
      await s.shot('secrets-01-sidebar');
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await s?.close();
  });

  test('the key pair and the director dir land outside the work tree; Show Config names the port in force', async () => {
    const { page } = s;
    await s.step('keys-outside-worktree', async () => {
      await runCommand(page, 'Thespian Director: Generate Signing Key Pair');
      await pickQuickItem(page, 'user storage', 'user storage');
      await typeInQuickInput(page, '');
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('signing');
      await page.keyboard.press('Enter');
      directorDir = await waitFor('the default director dir in workspace storage', () => {
        const d = storageDir();
        return d !== undefined && existsSync(path.join(d, 'signing_tls.key')) ? d : undefined;
      });
      assert.ok(!directorDir.startsWith(ws), `${directorDir} is outside the workspace ${ws}`);
      const key = path.join(s.dirs.userData, 'User', 'globalStorage', EXT, 'keys', 'signing.pem');
      assert.match(readFileSync(key, 'utf8'), /PRIVATE KEY/);
      assert.equal(statSync(key).mode & 0o777, 0o600);
      assert.ok(
        !readFileSync(settingsFile(), 'utf8').includes('privateKeyPath'),
        'no key path written into the workspace settings',
      );
      assert.ok(!existsSync(path.join(ws, '.thespian-director')) && !existsSync(path.join(ws, 'signing.pem')));
      await toast(page, 'readable only by you').waitFor({ state: 'visible' });
      await page
        .locator('.pane-header[aria-label^="Available"] :text("workspace storage")')
        .first()
        .waitFor({ state: 'visible' });
      await s.shot('secrets-02-keys-outside-worktree');
    });
    await s.step('show-config-port', async () => {
      await runCommand(page, 'Thespian Director: Show Config');
      await page.locator(`.view-lines:has-text("Admin Port: ${adminPort}")`).first().waitFor({ state: 'visible' });
      await s.shot('secrets-03-show-config-port');
    });
    await s.step('gensrc', async () => {
      await runCommand(page, 'Thespian Director: Generate Source Package');
      await pickQuickItem(page, 'foo', 'foo');
      await typeInQuickInput(page, '');
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('1.0');
      await page.keyboard.press('Enter');
      await waitFor('foo-1.0.tls in the director dir', () => existsSync(path.join(directorDir, 'foo-1.0.tls')), 60_000);
      await viewRow(page, 'Available', '1.0').waitFor({ state: 'visible' });
    });
    await s.step('reveal-package-file', async () => {
      await runCommand(page, 'Notifications: Clear All Notifications');
      await viewRow(page, 'Available', '1.0').click({ button: 'right' });
      const item = page.locator('.context-view .action-label:has-text("Reveal Package File")').first();
      const shown = toast(page, 'The package file is').locator('.monaco-button:has-text("Copy Path")');
      // A click while the menu is still opening can be lost on a loaded machine: the highlighted
      // item then takes Enter.
      await item.click();
      await shown.waitFor({ state: 'visible', timeout: 5_000 }).catch(async () => {
        if (await item.isVisible()) await page.keyboard.press('Enter');
        await shown.waitFor({ state: 'visible' });
      });
      await s.shot('secrets-04-reveal-package-file');
    });
  });

  test('a gensrc warning is shown; a failed actor colours its group and the status bar; a director dir or a key inside the work tree is warned about', async () => {
    const { page } = s;
    await s.step('gensrc-warning', async () => {
      const tli = path.join(ws, 'app', 'foo.tli');
      writeFileSync(tli, readFileSync(tli, 'utf8').replace("'foo.subdir2.barn.cowactor'", "'foo.nosuch.ghost'"));
      await runCommand(page, 'Thespian Director: Generate Source Package');
      await pickQuickItem(page, 'foo', 'foo');
      await typeInQuickInput(page, '');
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('1.1');
      await page.keyboard.press('Enter');
      await toast(page, 'with a warning').waitFor({ state: 'visible', timeout: 60_000 });
      await s.shot('secrets-10-gensrc-warning');
    });
    await s.step('failed-actor-colours', async () => {
      // Start loads the newest version, 1.1, whose TLI names an actor the package lacks.
      await runCommand(page, 'Thespian Director: Start Daemon');
      await page.locator('.statusbar-item:has-text("1 failed")').first().waitFor({ state: 'visible', timeout: 60_000 });
      await viewRow(page, 'Loaded', '1 failed').waitFor({ state: 'visible' });
      // The message names the version, not the source hash.
      await toast(page, 'The daemon runs, but loading failed')
        .locator(':text("source foo 1.1 is loaded")')
        .first()
        .waitFor({ state: 'visible' });
      await s.shot('secrets-11-failed-actor-coloured');
      await runCommand(page, 'Thespian Director: Shutdown Daemon');
      await page.locator('.monaco-dialog-box .monaco-button:has-text("Shut Down")').first().click();
      await page.locator('.statusbar-item:has-text("stopped")').first().waitFor({ state: 'visible', timeout: 30_000 });
    });
    await s.step('dir-inside-worktree', async () => {
      await runCommand(page, 'Notifications: Clear All Notifications');
      const inside = path.join(ws, 'director-in-tree');
      mkdirSync(inside);
      // With it, a private key the user keeps in the work tree (the next step signs with it).
      mkdirSync(path.dirname(keyInTree()));
      writeFileSync(
        keyInTree(),
        readFileSync(path.join(s.dirs.userData, 'User', 'globalStorage', EXT, 'keys', 'signing.pem')),
        { mode: 0o600 },
      );
      writeSettings({ 'thespianDirector.directorDir': inside, 'thespianDirector.privateKeyPath': keyInTree() });
      const gitignore = path.join(inside, '.gitignore');
      await waitFor(
        '.gitignore with the secrets in the director dir',
        () => existsSync(gitignore) && /^\.daemon\/$/m.test(readFileSync(gitignore, 'utf8')),
      );
      assert.match(readFileSync(gitignore, 'utf8'), /^convention\.secret$/m);
      await toast(page, 'inside the git work tree').waitFor({ state: 'visible' });
      const ignored = spawnSync('git', ['check-ignore', '-q', path.join(inside, '.daemon', 'admin.token')], {
        cwd: ws,
      });
      assert.equal(ignored.status, 0, 'git ignores the admin token');
      await new Promise((r) => setTimeout(r, 500)); // the toast's fade-in
      await s.shot('secrets-12-dir-inside-worktree-warning');
    });
    await s.step('key-in-worktree-warning', async () => {
      // The private key in the work tree, named in the settings: gensrc warns before signing with it.
      const key = keyInTree();
      await runCommand(page, 'Notifications: Clear All Notifications');
      await runCommand(page, 'Thespian Director: Generate Source Package');
      await pickQuickItem(page, 'foo', 'foo');
      const t = toast(page, 'git does not ignore it');
      await t.waitFor({ state: 'visible' });
      await new Promise((r) => setTimeout(r, 500)); // the toast's fade-in
      await s.shot('secrets-13-key-in-worktree-warning');
      await t.locator('.monaco-button:has-text("Add to .gitignore")').click();
      await waitFor(
        '/keys/signing.pem in the work tree .gitignore',
        () =>
          existsSync(path.join(ws, '.gitignore')) &&
          readFileSync(path.join(ws, '.gitignore'), 'utf8').includes('/keys/signing.pem'),
      );
      assert.equal(spawnSync('git', ['check-ignore', '-q', key], { cwd: ws }).status, 0, 'git now ignores the key');
      await page.keyboard.press('Escape');
    });
  });
});

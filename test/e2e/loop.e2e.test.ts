/**
 * The developer loop end to end in a real VS Code (code-server 4.100.3, playwright-core, Debian's
 * chromium), driven as a user would: Start Live Loading on the example app (the dev key is made in
 * the user's storage, not the workspace; the Keys view lists it); edit and save fooactor.ts in the
 * editor and the new version becomes ACTIVE; "Ask…" from the palette shows its new answer; "Send
 * Message…" refuses bad JSON5 as it is typed; a syntax error on save shows in Problems and nothing
 * loads; the Records log channel holds the actor's record and "Show Logs" filters to MainFoo.
 * Debugging is in loop-debug.e2e.test.ts. Screenshots: test-artifacts/e2e/loop-*.png. Skipped,
 * saying what is missing, when scripts/e2e-setup.sh has not run.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { LoopSession, SEND_LINE, findFiles } from './harness/loop-session';
import { missingPrerequisites } from './harness/prerequisites';
import { pickQuickItem, runCommand, typeInQuickInput, viewRow, waitFor } from './harness/workbench';

const missing = missingPrerequisites();
if (missing !== undefined) console.log(`# loop e2e skipped: ${missing}`);

describe('the developer loop in a real VS Code (code-server 4.100.3)', { skip: missing }, () => {
  const x = new LoopSession('loop');
  before(() => x.open(), { timeout: 240_000 });
  after(() => x.close());

  test(
    'live loading: save → new version ACTIVE, Ask… answers with the new code; a syntax error loads nothing; records and the dev key',
    { timeout: 480_000 },
    async () => {
      await x.step('start-live', async () => {
        await x.startLive();
        assert.equal(x.packages().length, 1);
        await x.loadedRow('MainFoo');
        await x.shot('01-live-started');
      });
      await x.step('dev-key', () => {
        const keys = findFiles(x.root, (n) => n === 'vscode-dev.pem');
        assert.equal(keys.length, 1, `one dev key: ${keys.join(', ')}`);
        const key = keys[0] ?? '';
        assert.ok(key.startsWith(x.dirs.userData + path.sep), `the dev key is in the user's storage: ${key}`);
        assert.ok(path.relative(x.ws, key).startsWith('..'), 'the dev key is outside the workspace');
        assert.equal(statSync(key).mode & 0o777, 0o600);
        assert.equal(findFiles(x.ws, (n) => n.endsWith('.pem')).length, 0, 'no private key in the workspace');
        assert.ok(existsSync(path.join(x.directorDir, 'vscode-dev_tls.key')));
      });
      await x.step('keys-view', async () => {
        // The Keys view lists the dev key with its algorithm and the package it signed.
        const row = viewRow(x.page, 'Keys', 'vscode-dev_tls.key');
        await row.waitFor({ state: 'visible', timeout: 30_000 });
        assert.match(await row.innerText(), /Ed25519 · 128-bit security · id [0-9a-f]{12} · any group · 1 package/);
        await x.shot('01b-keys-view');
      });
      const [firstPkg] = x.packages();
      await x.step('edit-save', async () => {
        await x.page.keyboard.press('Escape');
        await x.page.keyboard.press('Control+P');
        await typeInQuickInput(x.page, 'fooactor.ts', 'fooactor.ts');
        await x.page.keyboard.press('Enter');
        await x.page.locator('.tab:has-text("fooactor.ts")').first().waitFor({ state: 'visible' });
        await x.editLine(
          SEND_LINE,
          "if (sender !== null) this.send(sender, { foo: describeState(this.state), live: 'second' });",
        );
        const second = await waitFor('a second dev version', () => x.packages().find((p) => p !== firstPkg), 60_000);
        const version = second.replace(/^foo-|\.tls$/g, '');
        await x.loadedRow(version);
        assert.match(await viewRow(x.page, 'Loaded', version).innerText(), /ACTIVE/);
        await viewRow(x.page, 'Loaded', (firstPkg ?? '').replace(/^foo-|\.tls$/g, '')).waitFor({
          state: 'hidden',
          timeout: 30_000,
        });
        await x.page
          .locator('.statusbar-item:has-text("live: foo ·")')
          .first()
          .waitFor({ state: 'visible', timeout: 30_000 });
        await x.shot('02-saved-new-version-active');
      });
      await x.step('ask', async () => {
        await runCommand(x.page, 'Thespian Director: Ask…');
        await pickQuickItem(x.page, 'MainFoo');
        await typeInQuickInput(x.page, "'status'");
        await x.page.keyboard.press('Enter');
        await x.page.locator('.view-lines:has-text("second")').first().waitFor({ state: 'visible', timeout: 30_000 });
        await x.page.locator('.view-lines:has-text("ms")').first().waitFor({ state: 'visible' });
        await x.shot('03-ask-reply');
      });
      await x.step('send', async () => {
        // The input box starts with the last input for MainFoo; a bad JSON5 value is refused as typed.
        await runCommand(x.page, 'Thespian Director: Send Message…');
        await pickQuickItem(x.page, 'MainFoo');
        await x.page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
        assert.equal(await x.page.locator('.quick-input-widget input').first().inputValue(), "'status'");
        await x.page.keyboard.press('Control+A');
        await x.page.keyboard.insertText('{ moo: ');
        await x.page
          .locator('.quick-input-widget:has-text("not JSON5")')
          .first()
          .waitFor({ state: 'visible', timeout: 10_000 });
        await x.page.keyboard.insertText("'hello' }");
        await x.page.keyboard.press('Enter');
        await x.page
          .locator('.view-lines:has-text("sent { moo: \'hello\' } to MainFoo")')
          .first()
          .waitFor({ state: 'visible', timeout: 30_000 });
        await x.shot('03b-send-message');
      });
      await x.step('syntax-error', async () => {
        const before = x.packages();
        await x.page.keyboard.press('Escape');
        await x.page.locator('.tab:has-text("fooactor.ts")').first().click();
        await x.editLine("live: 'second'", 'if (sender !== null) this.send(sender, { foo: ;');
        await x.page
          .locator('.statusbar-item:has-text("build failed")')
          .first()
          .waitFor({ state: 'visible', timeout: 60_000 });
        await x.page.keyboard.press('Control+Shift+M');
        await x.page
          .locator('.markers-panel .monaco-list-row:has-text("fooactor.ts")')
          .first()
          .waitFor({ state: 'visible', timeout: 30_000 });
        await x.page.locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 30_000 });
        assert.deepEqual(x.packages(), before, 'no package was built');
        await x.shot('04-syntax-error-in-problems');
      });
      await x.step('records', async () => {
        await waitFor(
          "the Records channel to hold FooActor's record",
          () => {
            const text = findFiles(path.join(x.dirs.userData, 'logs'), (n) => n.includes('Records'))
              .map((f) => readFileSync(f, 'utf8'))
              .join('\n');
            return /FooActor ActorAddr-\(.+\): started: StartFoo/.test(text);
          },
          30_000,
        );
        await runCommand(x.page, 'Thespian Director: Show Logs');
        await pickQuickItem(x.page, 'MainFoo');
        await x.page
          .locator('.view-lines:has-text("started: StartFoo")')
          .first()
          .waitFor({ state: 'visible', timeout: 30_000 });
        await x.shot('05-show-logs-mainfoo');
      });
    },
  );
});

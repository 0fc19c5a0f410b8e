/**
 * Debug Daemon end to end in a real VS Code (code-server 4.100.3): with live loading on the
 * example app, "Debug Daemon" restarts the daemon with the inspector on 127.0.0.1 and attaches
 * the built-in JavaScript debugger, which follows the source worker ("[worker N]" in the Call
 * Stack); a breakpoint set with F9 on the answering line of fooactor.ts stops when "Ask…" sends
 * MainFoo a message, and the paused top frame is fooactor.ts at that line (the Call Stack and the
 * editor's top-stack-frame decoration). F5 continues and the answer arrives. Screenshot:
 * test-artifacts/e2e/loop-debug-*.png. The same breakpoint through the inspector protocol alone
 * is test/extension/debug-inspector.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LoopSession, SEND_LINE } from './harness/loop-session';
import { missingPrerequisites } from './harness/prerequisites';
import { pickQuickItem, runCommand, typeInQuickInput } from './harness/workbench';

const missing = missingPrerequisites();
if (missing !== undefined) console.log(`# loop debug e2e skipped: ${missing}`);

describe('Debug Daemon in a real VS Code (code-server 4.100.3)', { skip: missing }, () => {
  const x = new LoopSession('loop-debug');
  before(() => x.open(), { timeout: 240_000 });
  after(() => x.close());

  test(
    'a breakpoint in fooactor.ts stops MainFoo in its source worker, at that line',
    { timeout: 480_000 },
    async () => {
      await x.step('start-live', () => x.startLive());
      await x.step('edit', async () => {
        await x.openFooactor();
        await x.editLine(
          SEND_LINE,
          "if (sender !== null) this.send(sender, { foo: describeState(this.state), live: 'debugged' });",
        );
        await x.page
          .locator('.statusbar-item:has-text("live: foo ·")')
          .first()
          .waitFor({ state: 'visible', timeout: 60_000 });
      });
      await x.step('debug', async () => {
        await runCommand(x.page, 'Thespian Director: Debug Daemon');
        await x.page.locator('.debug-toolbar').first().waitFor({ state: 'visible', timeout: 60_000 });
        // The debugger follows the source worker of the restored version.
        await x.page
          .locator('.debug-call-stack .monaco-list-row:has-text("worker")')
          .first()
          .waitFor({ state: 'visible', timeout: 60_000 });
        // A breakpoint on the answering line of fooactor.ts, set in the editor (F9).
        await x.page.locator('.tab:has-text("fooactor.ts")').first().click();
        const line = await x.goToLine("live: 'debugged'");
        await x.page.keyboard.press('F9');
        await x.page.locator('.codicon-debug-breakpoint').first().waitFor({ state: 'visible', timeout: 10_000 });
        await runCommand(x.page, 'Thespian Director: Ask…');
        await pickQuickItem(x.page, 'MainFoo');
        await typeInQuickInput(x.page, "'status'");
        await x.page.keyboard.press('Enter');
        // Paused: the top stack frame is fooactor.ts at the breakpoint's line.
        const frame = x.page.locator('.debug-call-stack .monaco-list-row:has-text("fooactor.ts")').first();
        await frame.waitFor({ state: 'visible', timeout: 60_000 });
        assert.match(await frame.innerText(), new RegExp(`fooactor\\.ts\\s*${line}:`));
        await x.page
          .locator('.debug-call-stack .monaco-list-row:has-text("Paused on breakpoint")')
          .first()
          .waitFor({ state: 'visible', timeout: 10_000 });
        await x.page.locator('.debug-top-stack-frame-line').first().waitFor({ state: 'visible', timeout: 10_000 });
        await x.shot('01-breakpoint-paused');
        await x.page.keyboard.press('F5');
        await x.page.locator('.view-lines:has-text("debugged")').first().waitFor({ state: 'visible', timeout: 30_000 });
      });
    },
  );
});

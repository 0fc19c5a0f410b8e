/**
 * One code-server session with the extension installed from its .vsix and a browser on a
 * workspace: what an end-to-end suite sets up in `before` and ends in `after`, with the
 * step/screenshot helpers (a failed step saves `failure-STEP.png` and adds the extension's log).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installExtension, makeRunDirs, startCodeServer, freePort, type CodeServer, type RunDirs } from './code-server';
import { REPO } from './prerequisites';
import type { BrowserContext, Page } from './playwright-types';
import { killAll, pidsWithEnvContaining } from './processes';
import { launchBrowser, openSidebar } from './browser';
import { buildVsix } from './vsix';
import { messageOf } from '../../../runtime/src/protocol/caught';

export const ARTIFACTS = path.join(REPO, 'test-artifacts', 'e2e');

export interface Session {
  readonly root: string;
  readonly dirs: RunDirs;
  readonly page: Page;
  shot(name: string): Promise<void>;
  step(name: string, body: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Starts code-server on `makeWorkspace(root)`'s folder and opens the Thespian Director sidebar. */
export async function openSession(makeWorkspace: (root: string) => string): Promise<Session> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'thespian-e2e-'));
  const dirs = makeRunDirs(root);
  mkdirSync(ARTIFACTS, { recursive: true });
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => {});
    await server?.stop();
    killAll(pidsWithEnvContaining(root));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    installExtension(dirs, buildVsix(path.join(root, 'thespian-director.vsix')));
    const ws = makeWorkspace(root);
    server = await startCodeServer(dirs, await freePort(), ws);
    browser = await launchBrowser(root, dirs);
    const page = await openSidebar(browser, server.url, ws, 'Available');
    const shot = async (name: string): Promise<void> => {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
    };
    const step = async (name: string, body: () => Promise<void>): Promise<void> => {
      try {
        await body();
      } catch (e) {
        await shot(`failure-${name}`).catch(() => {});
        throw new Error(`${messageOf(e)}\n--- extension log ---\n${extensionLog(dirs.userData)}`, { cause: e });
      }
    };
    return { root, dirs, page, shot, step, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A notification toast holding `text`. */
export function toast(page: Page, text: string) {
  return page.locator(`.notifications-toasts .notification-toast:has-text("${text}")`).first();
}

/** The extension's LogOutputChannel as code-server wrote it, for a failure's message. */
export function extensionLog(userData: string): string {
  const logs = path.join(userData, 'logs');
  if (!existsSync(logs)) return '(no logs)';
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.includes('Thespian Director') || e.name === 'exthost.log') {
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

// The developer loop's manifest entries: the walkthrough's steps link declared commands and
// existing media, the extension runs on the workspace side, the new views have welcome content,
// Ask… / Send Message… / Show Logs sit on running actors, and the loop's settings are contributed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { model } from './model';

const { COMMANDS, VIEWS, SETTINGS } = model;
const REPO = path.resolve(__dirname, '../../..');
interface Step {
  id: string;
  description: string;
  media: { markdown: string };
  completionEvents: string[];
}
const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  extensionKind?: string[];
  contributes: {
    commands: { command: string }[];
    walkthroughs: { id: string; steps: Step[] }[];
    viewsWelcome: { view: string; contents: string; when?: string }[];
    menus: { [menu: string]: { command: string; when?: string }[] };
    configuration: { properties: { [k: string]: { default?: unknown } } };
  };
};
const c = pkg.contributes;
const declared = new Set(c.commands.map((x) => x.command));

test('the walkthrough: key, package, start, load, ask, debug; each links declared commands and existing media', () => {
  const [w] = c.walkthroughs;
  assert.deepEqual(
    w?.steps.map((s) => s.id),
    ['key', 'package', 'start', 'load', 'ask', 'debug'],
  );
  for (const s of w?.steps ?? []) {
    const links = [...s.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] ?? '');
    assert.ok(links.length > 0, `${s.id} links a command`);
    for (const l of links) assert.ok(declared.has(l), `${s.id}: ${l} is declared`);
    for (const e of s.completionEvents) assert.ok(declared.has(e.replace(/^onCommand:/, '')), `${s.id}: ${e}`);
    assert.ok(existsSync(path.join(REPO, s.media.markdown)), s.media.markdown);
  }
});

test('workspace extension kind, welcome views for the new views and the missing director dir, loop menus and settings', () => {
  assert.deepEqual(pkg.extensionKind, ['workspace']);
  for (const v of [VIEWS.keys, VIEWS.convention])
    assert.ok(
      c.viewsWelcome.some((w) => w.view === v),
      v,
    );
  const missing = c.viewsWelcome.find((w) => w.when === 'thespianDirector.dirMissing');
  assert.ok(
    missing !== undefined &&
      missing.view === VIEWS.available &&
      /thespianDirector\.directorDir/.test(missing.contents) &&
      /\.thespian-director/.test(missing.contents),
  );
  const item = c.menus['view/item/context'] ?? [];
  for (const id of [COMMANDS.askActor, COMMANDS.sendMessage, COMMANDS.showActorLogs])
    assert.ok(
      item.some((m) => m.command === id && /viewItem (==|=~) \/?\^?\(?actor/.test(m.when ?? '')),
      id,
    );
  assert.equal(c.configuration.properties[`${SETTINGS.section}.${SETTINGS.liveUnloadPrevious}`]?.default, true);
  assert.equal(c.configuration.properties[`${SETTINGS.section}.${SETTINGS.debugPort}`]?.default, 0);
});

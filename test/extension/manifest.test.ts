import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { model } from './model';

const { COMMANDS, VIEWS, VIEW_CONTAINER, CONTEXT, SETTINGS, LANGUAGE_ID, CATEGORY } = model;
const REPO = path.resolve(__dirname, '../../..');

interface Manifest {
  main: string;
  engines: { vscode?: string; node?: string };
  activationEvents?: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: { [container: string]: { id: string; name: string }[] };
    viewsWelcome: { view: string; contents: string; when?: string }[];
    menus: { [menu: string]: { command: string; when?: string; group?: string }[] };
    configuration: { properties: { [key: string]: { default?: unknown } } };
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
  };
}

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
const c = pkg.contributes;

test('every command id is declared once in package.json and once in the constants, with the category', () => {
  const declared = c.commands.map((x) => x.command);
  assert.deepEqual([...declared].sort(), Object.values(COMMANDS).sort());
  assert.equal(new Set(declared).size, declared.length);
  for (const x of c.commands) assert.equal(x.category, CATEGORY, x.command);
});

test('menus name only declared commands, and item menus filter on view and a known contextValue', () => {
  const ids = new Set<string>(Object.values(COMMANDS));
  const contexts = new Set<string>(Object.values(CONTEXT));
  const views = new Set<string>(Object.values(VIEWS));
  for (const [menu, entries] of Object.entries(c.menus)) {
    for (const e of entries) {
      assert.ok(ids.has(e.command), `${menu}: ${e.command} is not a declared command`);
      if (menu !== 'view/item/context') continue;
      const view = /view == ([\w.]+)/.exec(e.when ?? '')?.[1];
      assert.ok(view !== undefined && views.has(view), `${e.command}: filters on view`);
      const exact = /viewItem == ([\w.]+)/.exec(e.when ?? '')?.[1];
      const pattern = /viewItem =~ \/(.+)\//.exec(e.when ?? '')?.[1];
      assert.ok(exact !== undefined || pattern !== undefined, `${e.command}: filters on viewItem`);
      if (exact !== undefined) assert.ok(contexts.has(exact), `${exact} is a CONTEXT value`);
      if (pattern !== undefined)
        assert.ok(
          [...contexts].some((v) => new RegExp(pattern).test(v)),
          `${pattern} matches some CONTEXT value`,
        );
    }
  }
});

test('one view container with an icon and the Available and Loaded views; welcome views for both', () => {
  const [container] = c.viewsContainers.activitybar;
  assert.equal(c.viewsContainers.activitybar.length, 1);
  assert.equal(container?.id, VIEW_CONTAINER);
  assert.equal(container?.title, 'Thespian Director');
  assert.ok(existsSync(path.join(REPO, container?.icon ?? 'missing')), 'the container icon exists');
  assert.deepEqual(
    c.views[VIEW_CONTAINER]?.map((v) => [v.id, v.name]),
    [
      [VIEWS.available, 'Available'],
      [VIEWS.loaded, 'Loaded'],
      [VIEWS.keys, 'Keys'],
      [VIEWS.convention, 'Convention'],
    ],
  );
  assert.ok(c.viewsWelcome.some((w) => w.view === VIEWS.loaded && w.contents.includes(`command:${COMMANDS.start}`)));
  assert.ok(
    c.viewsWelcome.some((w) => w.view === VIEWS.available && w.contents.includes(`command:${COMMANDS.keygen}`)),
  );
});

test('the extension activates on its views, .tli files and director dirs, never on start-up, and targets VS Code 1.100', () => {
  const events = pkg.activationEvents ?? [];
  assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
  for (const e of [
    `onView:${VIEWS.available}`,
    `onView:${VIEWS.loaded}`,
    `onLanguage:${LANGUAGE_ID}`,
    'workspaceContains:**/*.tli',
  ])
    assert.ok(events.includes(e), e);
  assert.equal(pkg.engines.vscode, '^1.100.0');
  assert.ok(pkg.engines.node !== undefined, 'engines.node is kept');
});

test('every setting the extension reads is contributed, with confirm-before-unload on by default', () => {
  const props = c.configuration.properties;
  for (const key of [
    SETTINGS.directorDir,
    SETTINGS.adminPort,
    SETTINGS.privateKeyPath,
    SETTINGS.versionScheme,
    SETTINGS.confirmUnload,
  ]) {
    assert.ok(`${SETTINGS.section}.${key}` in props, key);
  }
  assert.equal(props[`${SETTINGS.section}.${SETTINGS.confirmUnload}`]?.default, true);
  assert.equal(props[`${SETTINGS.section}.${SETTINGS.versionScheme}`]?.default, 'ask');
});

test('the tli language has its grammar and language configuration, both valid JSON', () => {
  const lang = c.languages.find((l) => l.id === LANGUAGE_ID);
  assert.deepEqual(lang?.extensions, ['.tli']);
  const config = JSON.parse(readFileSync(path.join(REPO, lang?.configuration ?? 'missing'), 'utf8')) as {
    comments: { lineComment: string };
  };
  assert.equal(config.comments.lineComment, '//');
  const grammar = c.grammars.find((g) => g.language === LANGUAGE_ID);
  const tm = JSON.parse(readFileSync(path.join(REPO, grammar?.path ?? 'missing'), 'utf8')) as {
    scopeName: string;
    repository: { [k: string]: unknown };
  };
  assert.equal(tm.scopeName, grammar?.scopeName);
  for (const rule of ['comments', 'string-double', 'string-single', 'number', 'key', 'env'])
    assert.ok(rule in tm.repository, rule);
});

test("the TextMate grammar's regular expressions all compile", () => {
  const grammar = c.grammars.find((g) => g.language === LANGUAGE_ID);
  const tm = JSON.parse(readFileSync(path.join(REPO, grammar?.path ?? 'missing'), 'utf8')) as unknown;
  const patterns: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'match' || k === 'begin' || k === 'end') && typeof x === 'string') patterns.push(x);
        else walk(x);
      }
    }
  };
  walk(tm);
  assert.ok(patterns.length > 10);
  for (const p of patterns) assert.doesNotThrow(() => new RegExp(p), p);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, codeActions, complete, hover, validate, type TliContext } from '../../language/src/service';
import type { Position } from '../../config-lang/src';

const CONTEXT: TliContext = {
  modules: [
    { module: 'foo.fooactor', classes: ['FooActor'], file: 'foo/fooactor.ts' },
    { module: 'foo.subdir2.barn.cowactor', classes: ['CowActor'], file: 'foo/subdir2/barn/cowactor.ts' },
    { module: 'foo.farm', classes: ['Hen', 'Pig'], file: 'foo/farm.ts' },
    { module: 'foo.state', classes: [], file: 'foo/state.ts' },
  ],
};

/** Split `text` at its `|` cursor marker. */
function at(marked: string): [string, Position] {
  const i = marked.indexOf('|');
  const text = marked.slice(0, i) + marked.slice(i + 1);
  const before = text.slice(0, i).split('\n');
  return [text, { line: before.length - 1, character: before[before.length - 1].length }];
}

const labels = (marked: string, context?: TliContext): string[] => {
  const [text, pos] = at(marked);
  return complete(text, pos, context).map((c) => c.label);
};

test('completes the top-level keys, leaving out those already present', () => {
  assert.deepEqual(labels('{ |'), ['Actors', 'AutoUnload', 'TLS_Keep_Limit', 'TLS_Memory_MiB']);
  assert.deepEqual(labels('{ Actors: {}, |'), ['AutoUnload', 'TLS_Keep_Limit', 'TLS_Memory_MiB']);
  assert.deepEqual(labels('{ Actors: {}, AutoUnload: true, Au|'), ['TLS_Keep_Limit', 'TLS_Memory_MiB']);
  assert.deepEqual(
    labels("{ | Actors: { 'a.B': { OnLoad: {} } }, TLS_Keep_Limit: 2, TLS_Memory_MiB: 64 }"),
    ['AutoUnload'],
    'keys after the cursor count too',
  );
});

test('completes the lifecycle sections of an actor and the keys of each section', () => {
  assert.deepEqual(labels("{ Actors: { 'foo.fooactor': { On| } } }"), ['OnLoad', 'OnReactivate', 'OnDeactivate']);
  assert.deepEqual(labels("{ Actors: { 'foo.fooactor': { OnLoad: { Role: 'x', | } } }"), ['Message', 'GlobalName']);
  assert.deepEqual(labels("{ Actors: { 'foo.fooactor': { OnDeactivate: { | } } }"), ['Message']);
});

test('a key completion replaces the word being typed and adds the colon only when missing', () => {
  const [text, pos] = at('{ Actors: {}, Auto| }');
  const item = complete(text, pos).find((c) => c.label === 'AutoUnload');
  assert.ok(item);
  assert.equal(applyEdits(text, [item.edit]), '{ Actors: {}, AutoUnload:  }');
  const [text2, pos2] = at('{ Actors: {}, Auto|: true }');
  const item2 = complete(text2, pos2).find((c) => c.label === 'AutoUnload');
  assert.ok(item2);
  assert.equal(applyEdits(text2, [item2.edit]), '{ Actors: {}, AutoUnload: true }');
});

test('completes actor paths from the scanned classes, the module-only form only for single-class modules', () => {
  assert.deepEqual(labels("{ Actors: { '| } }", CONTEXT), [
    'foo.farm.Hen',
    'foo.farm.Pig',
    'foo.fooactor',
    'foo.fooactor.FooActor',
    'foo.subdir2.barn.cowactor',
    'foo.subdir2.barn.cowactor.CowActor',
  ]);
  assert.deepEqual(labels("{ Actors: { 'foo.fooactor': {}, | } }", CONTEXT).includes('foo.fooactor'), false);
  assert.deepEqual(labels('{ Actors: { | } }'), [], 'no context, no actor paths');
});

test('an actor path completion inside quotes replaces the quoted text only', () => {
  const [text, pos] = at("{ Actors: { 'foo.cow|': {} } }");
  const item = complete(text, pos, CONTEXT).find((c) => c.label === 'foo.subdir2.barn.cowactor.CowActor');
  assert.ok(item);
  assert.equal(applyEdits(text, [item.edit]), "{ Actors: { 'foo.subdir2.barn.cowactor.CowActor': {} } }");
  const [bare, barePos] = at('{ Actors: { | } }');
  const quoted = complete(bare, barePos, CONTEXT).find((c) => c.label === 'foo.fooactor');
  assert.ok(quoted);
  assert.equal(applyEdits(bare, [quoted.edit]), "{ Actors: { 'foo.fooactor':  } }");
});

test('completes AutoUnload values and nothing inside a comment', () => {
  assert.deepEqual(labels('{ Actors: {}, AutoUnload: | }'), ['true', 'false']);
  assert.deepEqual(labels('{ Actors: {}, /* Auto| */ }'), []);
});

test('completion works on half-typed text with errors after the cursor', () => {
  assert.deepEqual(labels("{\n  Actors: {\n    'foo.fooactor': {\n      OnLoad: { Ro|\n"), [
    'Role',
    'Message',
    'GlobalName',
  ]);
});

test('hover shows the meaning of each key from the guide', () => {
  const cases: Array<[string, RegExp]> = [
    ['{ Act|ors: {} }', /actors the Director starts/],
    ['{ Actors: {}, Auto|Unload: 2 }', /keep \*n\* loaded sources/],
    ['{ Actors: {}, TLS_Keep|_Limit: 2 }', /at most this many remain/],
    ["{ Actors: { 'a.B': { OnRe|activate: {} } } }", /becomes active again/],
    ["{ Actors: { 'a.B': { OnDeactivate: { Mess|age: 1 } } } }", /Present means sent/],
    ["{ Actors: { 'a.B': { OnLoad: { Ro|le: 'x' } } } }", /other Director commands/],
    ["{ Actors: { 'a.B': { OnLoad: { GlobalNam|e: 'x' } } } }", /global name/],
  ];
  for (const [marked, re] of cases) {
    const [text, pos] = at(marked);
    const h = hover(text, pos);
    assert.ok(h, `a hover for ${marked}`);
    assert.match(h.contents, re);
  }
  const [text, pos] = at('{ Actors: {}, AutoUnload: 2 } // Auto|Unload');
  assert.equal(hover(text, pos), undefined, 'no hover in a comment');
});

test('hover on an actor path says which class it resolves to', () => {
  const [text, pos] = at("{ Actors: { 'foo.foo|actor': {} } }");
  const h = hover(text, pos, CONTEXT);
  assert.ok(h);
  assert.match(h.contents, /Resolves to class `FooActor` in `foo\/fooactor.ts`/);
  assert.deepEqual(h.range, { start: { line: 0, character: 12 }, end: { line: 0, character: 26 } });
});

test('actor paths are checked against the workspace: unknown, misspelt, ambiguous and class-less modules', () => {
  const text =
    "{ Actors: {\n  'foo.fooactor': {},\n  'foo.fooactor.FooActor': {},\n  'foo.fooactr': {},\n  'foo.farm': {},\n  'foo.fooactor.Foo': {},\n  'foo.state': {},\n} }";
  const ds = validate(text, CONTEXT);
  assert.deepEqual(
    ds.map((d) => [d.code, d.severity, d.range.start.line]),
    [
      ['TLI_ACTOR_UNKNOWN', 'warning', 3],
      ['TLI_ACTOR_AMBIGUOUS', 'warning', 4],
      ['TLI_ACTOR_UNKNOWN', 'warning', 5],
      ['TLI_ACTOR_UNKNOWN', 'warning', 6],
    ],
  );
  assert.match(ds[0].message, /did you mean 'foo\.fooactor'/);
  assert.match(ds[1].message, /'foo\.farm\.Hen', 'foo\.farm\.Pig'/);
  assert.match(ds[2].message, /exports no actor class 'Foo'.*'foo\.fooactor\.FooActor'/);
  assert.match(ds[3].message, /exports no class extending Actor/);
  assert.deepEqual(validate(text), [], 'without a workspace, paths are not checked');
});

test('a quick fix for a wrong-case key, applied, leaves the file clean', () => {
  const text = "{ actors: { 'foo.fooactor': { onLoad: { ROLE: 'Main' } } }, Autounload: true }";
  let fixed = text;
  for (let round = 0; round < 5; round++) {
    const actions = codeActions(fixed, { context: CONTEXT });
    if (actions.length === 0) break;
    fixed = applyEdits(fixed, [actions[0].edits[0]]);
  }
  assert.equal(fixed, "{ Actors: { 'foo.fooactor': { OnLoad: { Role: 'Main' } } }, AutoUnload: true }");
  assert.deepEqual(validate(fixed, CONTEXT), []);
});

test('quick fixes cover every unknown-key and wrong-case diagnostic of the corpus kind, quotes kept', () => {
  const text = `{ "Actors": { 'a.B': { "OnLod": { 'Mesage': 1 }, OnDeactivate: { message: 2 } } }, TLS_keep_limit: 1 }`;
  const ds = validate(text).filter((d) => d.code === 'TLI_UNKNOWN_KEY' || d.code === 'TLI_KEY_CASE');
  assert.equal(ds.length, 4);
  const actions = codeActions(text, { diagnostics: ds });
  assert.equal(actions.length, 4);
  const fixed = applyEdits(
    text,
    actions.map((a) => a.edits[0]),
  );
  assert.equal(
    fixed,
    `{ "Actors": { 'a.B': { "OnLoad": { 'Message': 1 }, OnDeactivate: { Message: 2 } } }, TLS_Keep_Limit: 1 }`,
  );
  assert.deepEqual(validate(fixed), []);
});

test('a misspelt actor path gets a quick fix per candidate, and the chosen one validates clean', () => {
  const text = "{ Actors: { 'foo.subdir2.barn.cowactr.CowActor': { OnLoad: { Role: 'Cow' } }, 'foo.farm': {} } }";
  const [first, ...rest] = codeActions(text, { context: CONTEXT });
  assert.equal(first.title, "Change actor path to 'foo.subdir2.barn.cowactor.CowActor'");
  assert.deepEqual(
    rest.map((a) => a.title),
    [
      "Change actor path to 'foo.subdir2.barn.cowactor'",
      "Change actor path to 'foo.farm.Hen'",
      "Change actor path to 'foo.farm.Pig'",
    ],
  );
  const fixed = applyEdits(
    applyEdits(text, first.edits),
    codeActions(applyEdits(text, first.edits), { context: CONTEXT })[1].edits,
  );
  assert.equal(
    fixed,
    "{ Actors: { 'foo.subdir2.barn.cowactor.CowActor': { OnLoad: { Role: 'Cow' } }, 'foo.farm.Pig': {} } }",
  );
  assert.deepEqual(validate(fixed, CONTEXT), []);
});

test('code actions can be limited to a range', () => {
  const text = '{ Actors: {}, autoUnload: true,\n  tls_Keep_Limit: 1 }';
  const actions = codeActions(text, { range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } } });
  assert.deepEqual(
    actions.map((a) => a.title),
    ["Change 'tls_Keep_Limit' to 'TLS_Keep_Limit'"],
  );
});

test('the guide example, written as JSON5, validates clean; Message 0, "", false and null are accepted', () => {
  const text = `{ 'Actors':
    { 'foo.fooactor':
        { 'OnLoad': { 'Role': 'MainFoo',
                      'Message': 'StartFoo',
                      'GlobalName': 'Foo Primary',
                    },
          'OnReactivate': { 'Message': ['Restart', true] },
          'OnDeactivate': { 'Message': {'Shutdown': true,
                                        'timeout': 3 } },
        },
      'foo.subdir2.barn.cowactor':
        { 'OnLoad': { 'Role': 'FlyingCow', 'Message': 0 },
          'OnReactivate': { Message: '' }, OnDeactivate: { Message: null } },
    },
  AutoUnload: 0, TLS_Keep_Limit: 3,
}`;
  assert.deepEqual(validate(text, CONTEXT), []);
});

// The package's public API is the explicit list in docs/api.md: the entry (dist/index.js at run time,
// out/cli/src/index.d.ts for TypeScript) exports exactly the names listed there, each with its kind.
// Adding or removing an export without updating the page fails here, naming the difference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from './support';

type Kind = 'value' | 'type';

/** The rows `| \`Name\` | value-or-type | … |` of docs/api.md's tables. */
async function documented(): Promise<Map<string, Kind>> {
  const text = await readFile(path.join(repoRoot, 'docs', 'api.md'), 'utf8');
  const names = new Map<string, Kind>();
  for (const m of text.matchAll(/^\| `([A-Za-z_$][\w$]*)` \| (value|type) \|/gm)) {
    const name = m[1] ?? '';
    const kind: Kind = m[2] === 'value' ? 'value' : 'type';
    assert.ok(!names.has(name), `docs/api.md lists ${name} twice`);
    names.set(name, kind);
  }
  return names;
}

/** Every export of the declarations, with whether it is a value (a class is both: value). */
function declared(): Map<string, Kind> {
  const file = path.join(repoRoot, 'out', 'cli', 'src', 'index.d.ts');
  const program = ts.createProgram([file], { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  assert.ok(source, `${file} is missing: run npm run build`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  assert.ok(moduleSymbol, `${file} is not a module`);
  const names = new Map<string, Kind>();
  for (const s of checker.getExportsOfModule(moduleSymbol)) {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    names.set(s.name, target.flags & ts.SymbolFlags.Value ? 'value' : 'type');
  }
  return names;
}

function difference(actual: ReadonlyMap<string, Kind>, listed: ReadonlyMap<string, Kind>): string[] {
  const out: string[] = [];
  for (const [name, kind] of actual) {
    if (!listed.has(name)) out.push(`exported but not in docs/api.md: ${name} (${kind})`);
    else if (listed.get(name) !== kind)
      out.push(`docs/api.md says ${name} is a ${listed.get(name)}, the entry exports a ${kind}`);
  }
  for (const name of listed.keys()) if (!actual.has(name)) out.push(`in docs/api.md but not exported: ${name}`);
  return out.sort();
}

test('docs/api.md lists every export of the declarations (out/cli/src/index.d.ts), and nothing else', async () => {
  const listed = await documented();
  assert.ok(listed.size > 0, 'docs/api.md has no | `Name` | kind | rows');
  assert.deepEqual(difference(declared(), listed), []);
});

test('the bundle (dist/index.js) exports exactly the names docs/api.md lists as values', async () => {
  const listed = await documented();
  const values = new Map([...listed].filter(([, kind]) => kind === 'value'));
  const bundle = createRequire(__filename)(path.join(repoRoot, 'dist', 'index.js')) as Record<string, unknown>;
  const actual = new Map(Object.keys(bundle).map((name): [string, Kind] => [name, 'value']));
  assert.deepEqual(difference(actual, values), []);
  for (const name of values.keys())
    assert.notEqual(bundle[name], undefined, `dist/index.js exports ${name} as undefined`);
});

test('the toolchain a client drives the daemon with is public: every command the extension runs has a typed function', async () => {
  const listed = await documented();
  // What the VS Code extension calls instead of running a command and reading its output.
  const functions = ['gensrc', 'load', 'unload', 'refresh', 'start', 'shutdown', 'rollout'].concat([
    'keygen',
    'convsecret',
    'convcert',
    'tlsinfo',
    'config',
    'configText',
    'problemsOf',
  ]);
  for (const name of functions) assert.equal(listed.get(name), 'value', `docs/api.md lists ${name} as a value`);
  for (const name of [
    'RefreshReport',
    'RefreshedGroup',
    'StartReport',
    'ShutdownReport',
    'KeygenReport',
    'TlsInfo',
    'ConfigReport',
  ])
    assert.equal(listed.get(name), 'type', `docs/api.md lists ${name} as a type`);
  const bundle = createRequire(__filename)(path.join(repoRoot, 'dist', 'index.js')) as Record<string, unknown>;
  for (const name of functions) assert.equal(typeof bundle[name], 'function', `dist/index.js exports ${name}`);
});

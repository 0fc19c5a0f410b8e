// The import rules the compiler cannot hold. The tsconfig graph already keeps the runtime away from
// the packager, the extension and the language server (they are not among its references), and
// keeps the contracts leaf and the command framework free of Node and of the rest of the repo.
// What a reference cannot express is "this part, but only its public door": the packager may use
// the command framework and the authority's public surface (runtime/src/authority/index.ts), never
// the composition root (cli/src) or the authority's rooms. Each rule names the file and the import
// that breaks it, so a regression fails here with the line to change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import ts from 'typescript';
import { repoRoot } from './support';

interface Edge {
  /** The importing file, repo-relative. */
  readonly from: string;
  /** The imported module, repo-relative without extension (relative specifiers only). */
  readonly to: string;
}

/** Every relative import, require and `import()` type of the .ts files under `folder`. */
async function importsOf(folder: string): Promise<Edge[]> {
  const files = await fg(`${folder}/**/*.ts`, { cwd: repoRoot, ignore: ['**/*.d.ts'] });
  const edges: Edge[] = [];
  for (const from of files) {
    const text = await readFile(path.join(repoRoot, from), 'utf8');
    for (const f of ts.preProcessFile(text, true, true).importedFiles) {
      if (!f.fileName.startsWith('.')) continue;
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(from), f.fileName)).replace(/\.js$/, '');
      edges.push({ from, to });
    }
  }
  return edges;
}

function broken(edges: readonly Edge[], bad: (to: string) => boolean): string[] {
  return edges.filter((e) => bad(e.to)).map((e) => `${e.from} imports ${e.to}`);
}

test('the scan finds the imports it checks (a broken scan would pass every rule)', async () => {
  const edges = await importsOf('packager/src');
  assert.ok(
    edges.some((e) => e.to === 'cli/framework/command'),
    'packager uses the command framework',
  );
  assert.ok(
    edges.some((e) => e.to === 'runtime/src/authority/index'),
    'packager uses the authority through its index',
  );
});

test("the packager imports neither the composition root nor the authority's rooms, and no runtime CLI folder exists", async () => {
  const edges = await importsOf('packager/src');
  assert.deepEqual(
    broken(
      edges,
      (to) =>
        to.startsWith('cli/src/') ||
        to.startsWith('runtime/src/cli/') ||
        (to.startsWith('runtime/src/authority/') && to !== 'runtime/src/authority/index'),
    ),
    [],
  );
  assert.deepEqual(await fg('runtime/src/cli/**', { cwd: repoRoot }), [], 'the command framework lives in cli/ only');
});

test('the runtime imports no packager, composition root, extension or language code', async () => {
  const edges = await importsOf('runtime/src');
  assert.deepEqual(
    broken(edges, (to) => /^(packager|cli\/src|extension|language)\//.test(to)),
    [],
  );
});

test('the extension is a client: from the package only the public entry, from the runtime only the contracts', async () => {
  const edges = await importsOf('extension/src');
  assert.ok(
    edges.some((e) => e.to === 'cli/src/index'),
    "the scan sees the extension's import of the public entry",
  );
  assert.deepEqual(
    broken(
      edges,
      (to) =>
        (to.startsWith('cli/') && to !== 'cli/src/index') ||
        (to.startsWith('runtime/') && !to.startsWith('runtime/src/protocol/')) ||
        /^(packager|language)\//.test(to),
    ),
    [],
  );
});

test('the source hash has one definition: no other file cuts a SHA-256 to a source hash', async () => {
  const files = await fg(['runtime/src/**/*.ts', 'packager/src/**/*.ts', 'cli/**/*.ts', 'extension/src/**/*.ts'], {
    cwd: repoRoot,
  });
  // A key's id is also 32 hex digits of a SHA-256 (of the key, not of a package): not a source hash.
  const allowed = new Set(['runtime/src/util/source-hash.ts', 'runtime/src/authority/keys.ts']);
  const offenders: string[] = [];
  for (const f of files) {
    const text = await readFile(path.join(repoRoot, f), 'utf8');
    if (/createHash\('sha256'\)/.test(text) && /\.slice\(0, *(32|SOURCE_HASH_LENGTH)\)/.test(text) && !allowed.has(f))
      offenders.push(f);
  }
  assert.deepEqual(offenders, []);
});

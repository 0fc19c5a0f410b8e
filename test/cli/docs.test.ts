// The docs name every command and cfg file this build has (error codes: test/docs/error-codes.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { allCommands } from '../../cli/src/registry';
import { CFG_FILES } from '../../runtime/src/config/config-files';
import { repoRoot } from './support';

const doc = (name: string): Promise<string> => readFile(path.join(repoRoot, name), 'utf8');

test('docs/commands.md has a section for every registered command', async () => {
  const text = await doc('docs/commands.md');
  const missing = allCommands()
    .filter((c) => !text.includes(`\n## director ${c.name}\n`))
    .map((c) => c.name);
  assert.deepEqual(missing, []);
});

test('docs/config.md describes every cfg file that help lists', async () => {
  const text = await doc('docs/config.md');
  assert.deepEqual(
    CFG_FILES.filter((f) => !text.includes(`| \`${f.file}\` |`)).map((f) => f.file),
    [],
  );
});

test('the README opens with the two commands a newcomer runs', async () => {
  const text = await doc('README.md');
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
  assert.match(firstBlock, /^npm ci && npm run demo/m);
  assert.match(firstBlock, /^npm test/m);
});

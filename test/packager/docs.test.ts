import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AUTHORITY_EXIT_CODES } from '../../runtime/src/protocol/package-codes';
import { PACKAGER_ERROR_CODES } from '../../packager/src/errors';
import { REPO } from './helpers';

const doc = (name: string): string => readFileSync(path.join(REPO, name), 'utf8');

test('docs/errors/authority.md documents every package and key code', () => {
  const text = doc('docs/errors/authority.md');
  assert.deepEqual(
    Object.keys(AUTHORITY_EXIT_CODES).filter((c) => !text.includes(`\`${c}\``)),
    [],
  );
});

test('docs/errors/packager.md documents every packager code', () => {
  const text = doc('docs/errors/packager.md');
  assert.deepEqual(
    PACKAGER_ERROR_CODES.filter((c) => !text.includes(`\`${c}\``)),
    [],
  );
});

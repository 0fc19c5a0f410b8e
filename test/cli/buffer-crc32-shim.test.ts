// The bundles replace buffer-crc32 (yazl's CRC) with a native zlib.crc32 shim; it must give
// exactly the package's results, and the director bundle must really use it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import shim from '../../cli/src/bundle-shims/buffer-crc32';

type Crc32 = typeof shim;
const real = createRequire(__filename)('buffer-crc32') as Crc32;
const root = path.resolve(__dirname, '../../..');

test('the shim gives buffer-crc32 results for buffers, strings, sizes and running CRCs', () => {
  const inputs: (Buffer | string | number)[] = [
    Buffer.alloc(0),
    Buffer.from('hello'),
    randomBytes(1),
    randomBytes(4097),
    randomBytes(300_000),
    'text ü',
    0,
    17,
  ];
  for (const input of inputs) {
    assert.equal(shim.unsigned(input), real.unsigned(input));
    assert.equal(shim.signed(input), real.signed(input));
    assert.deepEqual(shim(input), real(input));
  }
  const a = randomBytes(1000);
  const b = randomBytes(2000);
  const prev = real.unsigned(a);
  assert.equal(shim.unsigned(b, prev), real.unsigned(b, prev));
  assert.equal(shim.signed(b, real.signed(a)), real.signed(b, real.signed(a)));
  assert.equal(shim.unsigned(b, real(a)), real.unsigned(b, real(a)));
  assert.equal(shim.unsigned(Buffer.concat([a, b])), shim.unsigned(b, shim.unsigned(a)));
});

test('the shim refuses what buffer-crc32 refuses', () => {
  assert.throws(
    () => shim.unsigned({} as unknown as string),
    /input must be buffer, number, or string, received object/,
  );
});

test("dist/director-packager.js (the bundle with gensrc's zip code) bundles the shim, not buffer-crc32", () => {
  const bundle = path.join(root, 'dist/director-packager.js');
  assert.ok(existsSync(bundle), `${bundle} is missing: run node scripts/build.mjs`);
  const text = readFileSync(bundle, 'utf8');
  assert.ok(
    !text.includes('node_modules/buffer-crc32/'),
    'buffer-crc32 is still bundled: check the alias in scripts/build.mjs',
  );
  assert.ok(text.includes('cli/src/bundle-shims/buffer-crc32.ts'));
});

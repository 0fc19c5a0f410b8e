/**
 * tlsinfo looked at a package path with stat and then opened it blocking: a FIFO put in its place
 * between the two (or given where the stat is not made) hung the command for good. The package
 * reader now opens without blocking and checks the kind on the open handle: a FIFO or a device
 * is refused at once with TLS_MALFORMED_HEADER naming its kind.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readPackageFileSync } from '../../runtime/src/authority/verify-package';

test(
  'a FIFO or a device read as a package is refused at once with its kind, never waited on',
  { skip: process.platform === 'win32' ? 'no mkfifo' : false },
  (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'td-pkgkind-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const fifo = path.join(dir, 'foo-1.tls');
    execFileSync('mkfifo', [fifo]);
    for (const [file, kind] of [
      [fifo, /FIFO/],
      ['/dev/zero', /character device/],
    ] as const) {
      const t0 = Date.now();
      assert.throws(
        () => readPackageFileSync(file),
        (e: Error & { code?: string }) =>
          e.code === 'TLS_MALFORMED_HEADER' && kind.test(e.message) && /only regular files are read/.test(e.message),
      );
      assert.ok(Date.now() - t0 < 1000, `${file} was refused without waiting`);
    }
  },
);

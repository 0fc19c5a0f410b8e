/**
 * Reading files an attacker may have placed in the director dir (`*_tls.key`, `*.tls`): only
 * regular files, opened without blocking and with a size bound, so a FIFO, a device or a huge file
 * named like a key can never wedge a load, tlsinfo or shutdown. A FIFO opened for reading blocks
 * until a writer appears, and that blocked open holds a libuv thread for good: O_NONBLOCK makes
 * the open return at once, and the kind is checked on the opened handle (no race with a rename).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Stats } from 'node:fs';

export class NotRegularFileError extends Error {
  constructor(
    readonly file: string,
    /** `a FIFO`, `a character device`, `a directory`, `3 GiB, over the 64 KiB allowed`... */
    readonly what: string,
  ) {
    super(`${file} is ${what}`);
  }
}

/** What kind of file `st` is, in words, for a warning. */
export function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * The bytes of `file`, when it is a regular file of at most `maxBytes`. Throws
 * NotRegularFileError for any other kind or size, and the system's error when it cannot be opened.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  // O_NONBLOCK does not exist on Windows, where a FIFO cannot be created by name in a folder anyway.
  const h = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = await h.stat();
    if (!st.isFile()) throw new NotRegularFileError(file, kindOf(st));
    if (st.size > maxBytes) throw new NotRegularFileError(file, `${st.size} bytes, over the ${maxBytes} allowed`);
    const buf = Buffer.alloc(st.size);
    let at = 0;
    while (at < buf.length) {
      const { bytesRead } = await h.read(buf, at, buf.length - at, at);
      if (bytesRead === 0) break; // shrank meanwhile: take what is there
      at += bytesRead;
    }
    return buf.subarray(0, at);
  } finally {
    await h.close();
  }
}

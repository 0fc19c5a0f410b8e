/**
 * Output ends of the logging config: stream, file, size-rotated and time-rotated files. Rotation
 * is rotating-file-stream's (classic `name.1 … name.N` numbering, as Python's handlers), never
 * hand-written. A write error disables the handler with one line on stderr; it never reaches the
 * code that logged.
 */
import { createWriteStream, mkdirSync, statSync, unlink } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type * as Rfs from 'rotating-file-stream' with { 'resolution-mode': 'import' };
import type { ThesplogHandler } from '../../../config-lang/src/thesplog-schema';

// rotating-file-stream ships ESM and CJS builds; this project compiles to CommonJS, where its
// types only load in ESM resolution mode, so the value comes through require (esbuild bundles it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createStream } = require('rotating-file-stream') as typeof Rfs;

export interface HandlerOutput {
  write(line: string): void;
  /** Flush and close; resolves when the bytes are on disk. */
  close(): Promise<void>;
}

export interface OutputStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** `fooapp.log` → `<logDir>/fooapp.log`; `${logdir}/x.log` as the original's `logdir` variable; absolute paths kept. */
export function resolveLogFile(filename: string, logDir: string): string {
  const expanded = filename.replace(/\$\{logdir\}/g, logDir);
  return path.resolve(logDir, expanded);
}

/** The rotating-file-stream options for a rotating or timed handler (pure, for tests and docs). */
export function rotationOptions(h: Extract<ThesplogHandler, { kind: 'rotating' | 'timed' }>): Rfs.Options {
  if (h.kind === 'rotating') {
    // backupCount 0 keeps no backup: the full file is dropped (the rotated copy is removed), as Python truncates.
    return { size: `${h.maxBytes}B`, rotate: Math.max(1, h.backupCount) };
  }
  const interval = h.when === 'midnight' ? '1d' : `${h.interval}${{ S: 's', M: 'm', H: 'h', D: 'd' }[h.when]}`;
  return h.backupCount > 0 ? { interval, rotate: h.backupCount } : { interval, intervalBoundary: true };
}

/**
 * Writes lines to `stream` in batches: a line logged while no write is under way goes out at
 * once (no added latency); lines logged while one is under way are joined into the next write.
 * rotating-file-stream makes one file write per chunk, so a write per line would cost a system
 * call per record. With `rotateAt`, a batch ends at the line that brings the file to maxBytes,
 * where rotating-file-stream rotates after a chunk: the files rotate at the same lines as
 * with one write per line (at most one line over maxBytes).
 */
function streamOutput(
  stream: Writable,
  label: string,
  stderr: OutputStreams['stderr'],
  rotateAt?: { size: number; readonly max: number },
): HandlerOutput {
  let broken = false;
  stream.on('error', (e: Error) => {
    if (!broken) stderr.write(`director: logging to ${label} stopped: ${e.message}\n`);
    broken = true;
  });
  const ready: string[] = [];
  let open = '';
  let writing = false;
  let drained: (() => void)[] = [];
  const pump = (): void => {
    let next = ready.shift();
    if (next === undefined) {
      next = open;
      open = '';
    }
    if (broken || next === '') {
      writing = false;
      const waiting = drained;
      drained = [];
      for (const w of waiting) w();
      return;
    }
    writing = true;
    stream.write(next, pump);
  };
  return {
    write(line) {
      if (broken) return;
      open += line;
      if (rotateAt !== undefined) {
        rotateAt.size += Buffer.byteLength(line);
        if (rotateAt.size >= rotateAt.max) {
          ready.push(open);
          open = '';
          rotateAt.size = 0;
        }
      }
      if (!writing) pump();
    },
    close() {
      return new Promise((resolve) => {
        const end = (): void => {
          if (broken || stream.writableFinished) return resolve();
          stream.end(() => resolve());
          stream.once('error', () => resolve());
        };
        if (writing) drained.push(end);
        else end();
      });
    },
  };
}

/** The size rotating-file-stream starts counting from: the file's, or 0 when it rotates it first. */
function startSize(file: string, max: number): number {
  try {
    const size = statSync(file).size;
    return size >= max ? 0 : size;
  } catch {
    return 0;
  }
}

/** Open the output of one handler. Creates the log folder when needed. */
export function openHandler(h: ThesplogHandler, logDir: string, io: OutputStreams): HandlerOutput {
  switch (h.kind) {
    case 'null':
      return { write: () => undefined, close: () => Promise.resolve() };
    case 'stream': {
      const target = h.stream === 'stdout' ? io.stdout : io.stderr;
      return { write: (line) => void target.write(line), close: () => Promise.resolve() };
    }
    case 'file': {
      const file = resolveLogFile(h.filename, logDir);
      mkdirSync(path.dirname(file), { recursive: true });
      return streamOutput(createWriteStream(file, { flags: h.mode }), file, io.stderr);
    }
    case 'rotating':
    case 'timed': {
      const file = resolveLogFile(h.filename, logDir);
      mkdirSync(path.dirname(file), { recursive: true });
      if (h.kind === 'rotating' && h.maxBytes === 0) {
        // Python never rolls a RotatingFileHandler over when maxBytes is 0.
        return streamOutput(createWriteStream(file, { flags: 'a' }), file, io.stderr);
      }
      const base = path.basename(file);
      const opts = rotationOptions(h);
      const daily = h.kind === 'timed' && (h.when === 'midnight' || h.when === 'D');
      // Classic rotation passes an index (name.1 … name.N); dated rotation passes the period's start.
      const generator: Rfs.Generator = (time, index) => {
        if (typeof time === 'number') return time ? `${base}.${time}` : base;
        if (!time) return base;
        const stamp = time
          .toISOString()
          .slice(0, daily ? 10 : 16)
          .replace(':', '-');
        return index !== undefined && index > 1 ? `${base}.${stamp}.${index}` : `${base}.${stamp}`;
      };
      const stream = createStream(generator, { ...opts, path: path.dirname(file) });
      if (h.kind === 'rotating' && h.backupCount === 0) stream.on('rotated', (f: string) => unlink(f, () => undefined));
      stream.on('warning', (e: Error) => io.stderr.write(`director: log rotation of ${file}: ${e.message}\n`));
      return streamOutput(
        stream,
        file,
        io.stderr,
        h.kind === 'rotating' ? { size: startSize(file, h.maxBytes), max: h.maxBytes } : undefined,
      );
    }
  }
}

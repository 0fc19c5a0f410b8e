/**
 * Output ends of the logging config: stream, file, size-rotated and time-rotated files. Rotation
 * is rotating-file-stream's (classic `name.1 … name.N` numbering, as Python's handlers), never
 * hand-written. A write error disables the handler with one line on stderr; it never reaches the
 * code that logged.
 */
import { createWriteStream, mkdirSync, unlink } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type * as Rfs from 'rotating-file-stream' with { 'resolution-mode': 'import' };
import type { ThesplogHandler } from '../protocol/config-schema';

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

function streamOutput(stream: Writable, label: string, stderr: OutputStreams['stderr']): HandlerOutput {
  let broken = false;
  stream.on('error', (e: Error) => {
    if (!broken) stderr.write(`director: logging to ${label} stopped: ${e.message}\n`);
    broken = true;
  });
  return {
    write(line) {
      if (!broken) stream.write(line);
    },
    close() {
      return new Promise((resolve) => {
        if (broken || stream.writableFinished) return resolve();
        stream.end(() => resolve());
        stream.once('error', () => resolve());
      });
    },
  };
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
        const stamp = time.toISOString().slice(0, daily ? 10 : 16).replace(':', '-');
        return index !== undefined && index > 1 ? `${base}.${stamp}.${index}` : `${base}.${stamp}`;
      };
      const stream = createStream(generator, { ...opts, path: path.dirname(file) });
      if (h.kind === 'rotating' && h.backupCount === 0) stream.on('rotated', (f: string) => unlink(f, () => undefined));
      stream.on('warning', (e: Error) => io.stderr.write(`director: log rotation of ${file}: ${e.message}\n`));
      return streamOutput(stream, file, io.stderr);
    }
  }
}

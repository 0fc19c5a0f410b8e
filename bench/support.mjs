// Helpers the benchmark files share (not a bench itself: the runner takes bench/*.bench.mjs).
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

/** A free loopback port, for a daemon's admin port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const directorBin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'director.js');

/** One `director ARGS...` as a child process: its wall time in ms and its output; rejects on a non-zero exit. */
export function runDirector(env, ...args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(process.execPath, [directorBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`director ${args.join(' ')} exited ${code}: ${err || out}`));
      else resolve({ ms, out });
    });
  });
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** An uncompressed zip of `files` (name → text), as the packages the benches sign are built. */
export function zip(files) {
  const z = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files))
    z.addBuffer(Buffer.from(content), name, { mtime: new Date(0), compress: false });
  z.end();
  return new Promise((resolve, reject) => {
    const chunks = [];
    z.outputStream.on('data', (c) => chunks.push(c));
    z.outputStream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    z.outputStream.on('error', reject);
  });
}

/**
 * Shared test parts for the packager tests: temp dirs that clean up, real openssl keys, a
 * command context that records output, and a raw ZIP writer that can make the malformed archives
 * yazl refuses to (absolute names, links, lying sizes).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { TestContext } from 'node:test';
import type { CommandContext, CommandSpec } from '../../cli/framework/command';
import { packagerCommands } from '../../packager/src/commands';

/** The repository root (tests run from out/test/packager). */
export const REPO = path.resolve(__dirname, '../../..');
export const EXAMPLE = path.join(REPO, 'examples/foo');

/** A fresh temp folder, removed when the test ends (pass or fail). */
export function tempDir(t: TestContext, prefix = 'tdpk-'): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

export function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** An RSA key pair made by the real openssl, as the guide does it. Returns the private key path; the public key goes to `pubFile`. */
export function opensslRsa(dir: string, name: string, bits: number, pubFile: string, exponent?: number): string {
  const key = path.join(dir, `${name}.pem`);
  if (exponent === undefined) openssl('genrsa', '-out', key, String(bits));
  else
    openssl(
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      `rsa_keygen_bits:${bits}`,
      '-pkeyopt',
      `rsa_keygen_pubexp:${exponent}`,
      '-out',
      key,
    );
  openssl('rsa', '-in', key, '-pubout', '-out', pubFile);
  return key;
}

export function opensslEd25519(dir: string, name: string, pubFile: string): string {
  const key = path.join(dir, `${name}.pem`);
  openssl('genpkey', '-algorithm', 'ed25519', '-out', key);
  openssl('pkey', '-in', key, '-pubout', '-out', pubFile);
  return key;
}

export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export function makeCtx(
  directorDir: string,
  cwd: string,
  verbose = false,
): { ctx: CommandContext; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const ctx: CommandContext = {
    directorDir,
    env: {},
    cwd,
    verbose,
    out: { write: (s) => void (out += s) },
    err: { write: (s) => void (err += s) },
  };
  return { ctx, out: () => out, err: () => err };
}

export function command(name: string): CommandSpec {
  const c = packagerCommands.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no packager command ${name}`);
  return c;
}

/** Run a packager command through its CommandSpec; a thrown error must be a coded one. */
export async function run(
  name: string,
  args: readonly string[],
  directorDir: string,
  cwd: string,
  verbose = false,
): Promise<Run> {
  const { ctx, out, err } = makeCtx(directorDir, cwd, verbose);
  const code = await command(name).run(ctx, args);
  return { code, out: out(), err: err() };
}

/** The names in a folder, sorted: for "nothing half-written" checks. */
export function listing(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

export interface RawEntry {
  readonly name: string;
  readonly data: Buffer;
  /** Deflate the data (default false: stored). */
  readonly deflate?: boolean;
  /** Unix mode in the external attributes (default a plain file, 0o100644). */
  readonly mode?: number;
  /** Override the declared uncompressed size (to lie, as a bomb does). */
  readonly declaredSize?: number;
  /** Override the CRC-32 (to damage a member). */
  readonly crc?: number;
}

/** A ZIP written by hand, so that names and attributes yazl would refuse can be made. */
export function rawZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate === true ? deflateRawSync(e.data) : e.data;
    const crc = e.crc ?? crc32(e.data) >>> 0;
    const size = e.declaredSize ?? e.data.length;
    const method = e.deflate === true ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/**
 * The toolchain's functions for the director dir's keys, secrets, certificates and packages, as
 * data: keygen, convsecret, convcert and tlsinfo, typed, so that a program (the VS Code extension)
 * never runs these commands to read what they print. Each takes the director dir as the commands
 * do (toolchain.ts) and fails with the area's coded error. Their areas load on first call.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy areas, as in registry.ts */
import path from 'node:path';
import type { KeyPairResult as KeygenReport } from '../../packager/src/keygen/generate-key-pair';
import { contextOf, type ToolchainOptions } from './toolchain';
import type { AdminPortInForce, ConfigReport } from './config-command';

export type { KeyPairResult as KeygenReport } from '../../packager/src/keygen/generate-key-pair';

/**
 * `director keygen NAME` as data: writes the private key NAME.pem (mode 0600; NAME relative to
 * `cwd`) and the public NAME_tls.key into the director dir, and resolves with both paths, the key
 * id and type. Never overwrites a key (PackagerError KEY_EXISTS).
 */
export function keygen(
  name: string,
  options: ToolchainOptions & { readonly type?: 'ed25519' | 'rsa'; readonly bits?: number } = {},
): Promise<KeygenReport> {
  const m =
    require('../../packager/src/keygen/generate-key-pair') as typeof import('../../packager/src/keygen/generate-key-pair');
  const ctx = contextOf(options);
  return m.generateKeyPair({
    name,
    cwd: ctx.cwd,
    directorDir: ctx.directorDir,
    ...(options.type !== undefined ? { type: options.type } : {}),
    ...(options.bits !== undefined ? { bits: options.bits } : {}),
  });
}

/**
 * `director convsecret` as data: writes a new convention.secret (mode 0600) into the director
 * dir and resolves with its path. An existing secret is replaced only with `force`
 * (CONVENTION_SECRET_EXISTS otherwise).
 */
export async function convsecret(options: ToolchainOptions & { readonly force?: boolean } = {}): Promise<string> {
  const m =
    require('../../packager/src/convention/convsecret-command') as typeof import('../../packager/src/convention/convsecret-command');
  return m.writeConventionSecret(contextOf(options).directorDir, options.force === true);
}

/** The certificate and key a `convcert()` wrote. */
export interface ConvcertReport {
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * `director convcert ca` (`{ kind: 'ca' }`) or `convcert host NAME [IP...]` (`{ kind: 'host' }`,
 * into `outDir`, default the director dir; relative to `cwd`) as data: the files written. An
 * existing file is replaced only with `force`; a bad IP or a missing CA: CONVENTION_CERT_USAGE.
 */
export async function convcert(
  what: { readonly kind: 'ca' } | { readonly kind: 'host'; readonly name: string; readonly ips?: readonly string[] },
  options: ToolchainOptions & { readonly force?: boolean; readonly outDir?: string } = {},
): Promise<ConvcertReport> {
  const m =
    require('../../packager/src/convention/convcert-command') as typeof import('../../packager/src/convention/convcert-command');
  const ctx = contextOf(options);
  const force = options.force === true;
  if (what.kind === 'ca') return m.writeConventionCa(ctx.directorDir, force);
  const outDir = options.outDir !== undefined ? path.resolve(ctx.cwd, options.outDir) : ctx.directorDir;
  return m.writeHostCertificate(ctx.directorDir, what.name, what.ips ?? [], outDir, force);
}

/** What `tlsinfo()` found in a package: its signed facts, the key that verified it, its members. */
export interface TlsInfo {
  /** The package file (absolute). */
  readonly file: string;
  readonly group: string;
  readonly version: string | null;
  readonly createdAt: string;
  readonly keyId: string;
  /** The `*_tls.key` file whose key verified the signature. */
  readonly keyFile: string;
  /** Every member, in the package's order, with its size in bytes. */
  readonly members: readonly { readonly name: string; readonly size: number }[];
}

/**
 * `director tlsinfo FILE contents` as data: verifies the package (FILE as given, relative to
 * `cwd`, else in the director dir) with the director dir's keys, checks every member, and
 * resolves with its facts and members. Throws the authority's code (a bad signature, an unknown
 * key) or TLSINFO_FILE_MISSING.
 */
export async function tlsinfo(file: string, options: ToolchainOptions = {}): Promise<TlsInfo> {
  const m = require('../../packager/src/tlsinfo/tlsinfo') as typeof import('../../packager/src/tlsinfo/tlsinfo');
  const ctx = contextOf(options);
  const { shown, verified, entries } = await m.openVerified(ctx, file);
  return {
    file: path.resolve(ctx.cwd, shown),
    group: verified.group,
    version: verified.version,
    createdAt: verified.createdAt,
    keyId: verified.keyId,
    keyFile: verified.keyFile,
    members: [...entries].map(([name, data]) => ({ name, size: data.length })),
  };
}

export type { AdminPortInForce, ConfigReport } from './config-command';

/**
 * `director config` as data: the director dir's cfg files read afresh, each bad value a problem
 * (file, line, column, code) rather than an error, and whether the dir exists. `configText` prints
 * a report as the command does.
 */
export function config(options: ToolchainOptions = {}): Promise<ConfigReport> {
  const m = require('./config-command') as typeof import('./config-command');
  return m.readConfigReport(contextOf(options).directorDir);
}

/**
 * The `config` listing of a report, as `director config` prints it; `adminPort` shows the port a
 * client uses instead of the dir's, with where it comes from.
 */
export function configText(report: ConfigReport, adminPort?: AdminPortInForce): string {
  const m = require('./config-command') as typeof import('./config-command');
  return m.configText(report, adminPort);
}

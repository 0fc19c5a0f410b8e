/**
 * Pure parsers of the one-value cfg files. Each takes the file's text and returns the value, or
 * a problem with its 1-based line and column and a message that says what to do. No I/O here.
 */
import { isIP } from 'node:net';
import type { ConfigErrorCode } from './config-error';
import { DEFAULT_ADMIN_PORT, DEFAULT_CONVENTION_PORT } from './config-files';

export interface ValueProblem {
  readonly code: ConfigErrorCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: ValueProblem };

/** The actor-system bases this port has. */
export type SystemBase = 'daemon' | 'simple';

/** Base names of the original, and ours, mapped to ours. */
export const SYSTEM_BASE_NAMES: { readonly [name: string]: SystemBase } = {
  daemon: 'daemon',
  simple: 'simple',
  multiprocTCPBase: 'daemon',
  multiprocUDPBase: 'daemon',
  multiprocQueueBase: 'daemon',
  simpleSystemBase: 'simple',
};

interface Single {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** The one value of a file: trimmed, on one line. Blank files and several lines are problems. */
function single(fileName: string, text: string, code: ConfigErrorCode): Parsed<Single> {
  const lines = text.split(/\r\n|\r|\n/);
  const filled = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.trim() !== '');
  const first = filled[0];
  if (first === undefined) {
    return fail('CONFIG_EMPTY', 1, 1, `${fileName} is empty: write one value, or delete the file to use the default`);
  }
  if (filled.length > 1) {
    const second = filled[1];
    return fail(code, second.i + 1, 1, `${fileName} holds more than one line: write one value on one line`);
  }
  return { ok: true, value: { text: first.l.trim(), line: first.i + 1, column: first.l.search(/\S/) + 1 } };
}

function fail<T>(code: ConfigErrorCode, line: number, column: number, message: string): Parsed<T> {
  return { ok: false, problem: { code, line, column, message } };
}

/** Re-type a failed parse (the problem carries no value). */
function failed<T>(p: Parsed<Single> & { ok: false }): Parsed<T> {
  return p;
}

export function parseSystemBase(fileName: string, text: string): Parsed<{ base: SystemBase; name: string }> {
  const s = single(fileName, text, 'CONFIG_THESPBASE_UNKNOWN');
  if (!s.ok) return failed<{ base: SystemBase; name: string }>(s);
  const base = SYSTEM_BASE_NAMES[s.value.text];
  if (base === undefined) {
    return fail(
      'CONFIG_THESPBASE_UNKNOWN',
      s.value.line,
      s.value.column,
      `${fileName}: unknown system base "${s.value.text}"; write one of: ${Object.keys(SYSTEM_BASE_NAMES).join(', ')}`,
    );
  }
  return { ok: true, value: { base, name: s.value.text } };
}

function port(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

export function parseAdminPort(fileName: string, text: string): Parsed<number> {
  const s = single(fileName, text, 'CONFIG_ADMINPORT_INVALID');
  if (!s.ok) return failed<number>(s);
  const p = port(s.value.text);
  if (p === undefined) {
    return fail(
      'CONFIG_ADMINPORT_INVALID',
      s.value.line,
      s.value.column,
      `${fileName}: "${s.value.text}" is not a port number; write a whole number from 1 to 65535, or delete the file to use the default ${DEFAULT_ADMIN_PORT}`,
    );
  }
  return { ok: true, value: p };
}

/** A host name (RFC 1123 labels) or an IP literal. */
function isHost(text: string): boolean {
  if (isIP(text) !== 0) return true;
  return (
    text.length <= 253 &&
    /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
      text,
    )
  );
}

export function parseAdminHost(fileName: string, text: string): Parsed<string> {
  const s = single(fileName, text, 'CONFIG_ADMINHOST_INVALID');
  if (!s.ok) return failed<string>(s);
  const host = s.value.text.replace(/^\[(.*)\]$/, '$1');
  if (!isHost(host)) {
    return fail(
      'CONFIG_ADMINHOST_INVALID',
      s.value.line,
      s.value.column,
      `${fileName}: "${s.value.text}" is not an address to bind to; write an IP address such as 127.0.0.1 or 0.0.0.0, or a host name`,
    );
  }
  return { ok: true, value: host };
}

export interface ConventionLeader {
  readonly host: string;
  readonly port: number;
  /** As written in the file. */
  readonly text: string;
}

/** `host`, `host:port`, `[v6]` or `[v6]:port`. */
export function parseConvLeader(fileName: string, text: string): Parsed<ConventionLeader> {
  const s = single(fileName, text, 'CONFIG_CONVLEADER_INVALID');
  if (!s.ok) return failed<ConventionLeader>(s);
  const t = s.value.text;
  const m =
    /^\[([^\]]+)\](?::(.*))?$/.exec(t) ?? /^([^:]+)(?::(.*))?$/.exec(t) ?? (isIP(t) === 6 ? [t, t, undefined] : null);
  const host = m?.[1];
  const portText = m?.[2];
  const p = portText === undefined ? DEFAULT_CONVENTION_PORT : port(portText);
  if (host === undefined || !isHost(host) || p === undefined) {
    return fail(
      'CONFIG_CONVLEADER_INVALID',
      s.value.line,
      s.value.column,
      `${fileName}: "${t}" is not a convention leader; write host or host:port (port 1..65535), e.g. 192.168.32.19 or leader.example:1900`,
    );
  }
  return { ok: true, value: { host, port: p, text: t } };
}

export function parseLogDir(fileName: string, text: string): Parsed<string> {
  const s = single(fileName, text, 'CONFIG_LOGDIR_INVALID');
  if (!s.ok) return failed<string>(s);
  if (s.value.text.includes('\0')) {
    return fail(
      'CONFIG_LOGDIR_INVALID',
      s.value.line,
      s.value.column,
      `${fileName}: the path holds a NUL character; write a folder path`,
    );
  }
  return { ok: true, value: s.value.text };
}

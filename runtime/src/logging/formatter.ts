/**
 * Python logging's %-style Formatter: `%(asctime)s %(levelname)-7s %(message)s`, compiled once
 * into a list of small functions so each record costs only string joins.
 */
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { parsePercentFormat, type FormatToken } from '../../../config-lang/src/log-format';
import type { ThesplogFormatter } from '../../../config-lang/src/thesplog-schema';
import { levelName, type LogRecord } from './logger';
import { strftime } from './strftime';

export type Formatter = (record: LogRecord) => string;

/** Python's default asctime: `2026-11-30 18:32:10,779`. */
const DEFAULT_DATEFMT = '%Y-%m-%d %H:%M:%S';

/** '000' … '999': the milliseconds of asctime without a padStart per record. */
const MILLIS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

type FieldToken = Extract<FormatToken, { kind: 'field' }>;
type Value = string | number | undefined;

function field(name: string, datefmt: string | undefined, startedAt: number): (r: LogRecord) => Value {
  switch (name) {
    case 'asctime': {
      // The date part changes once a second at most: formatted once per second, not per record.
      const fmt = datefmt ?? DEFAULT_DATEFMT;
      const perSecond = !/%f/.test(fmt);
      let second = NaN;
      let text = '';
      const stamp = (created: number): string => {
        const s = Math.floor(created / 1000);
        if (!perSecond) return strftime(fmt, new Date(created));
        if (s !== second) {
          second = s;
          text = strftime(fmt, new Date(created));
        }
        return text;
      };
      return datefmt !== undefined
        ? (r) => stamp(r.created)
        : (r) => `${stamp(r.created)},${MILLIS[r.created % 1000] ?? ''}`;
    }
    case 'msecs':
      return (r) => r.created % 1000;
    case 'created':
      return (r) => r.created / 1000;
    case 'relativeCreated':
      return (r) => r.created - startedAt;
    case 'actorAddress':
      return (r) => r.actorAddress ?? '';
    case 'levelname':
      return (r) => levelName(r.levelno);
    case 'levelno':
      return (r) => r.levelno;
    case 'name':
      return (r) => r.name;
    case 'message':
      return (r) => r.message;
    case 'process':
      return (r) => r.process;
    case 'processName':
      return () => 'director';
    case 'thread':
      return () => threadId;
    case 'threadName':
      return () => (threadId === 0 ? 'MainThread' : `Worker-${threadId}`);
    case 'pathname':
      return (r) => r.pathname ?? '(unknown file)';
    case 'filename':
      return (r) => (r.pathname !== undefined ? path.basename(r.pathname) : '(unknown file)');
    case 'module':
      return (r) => (r.pathname !== undefined ? path.basename(r.pathname).replace(/\.[^.]*$/, '') : 'unknown');
    case 'lineno':
      return (r) => r.lineno ?? 0;
    case 'funcName':
      return (r) => r.funcName ?? '(unknown function)';
    default:
      return () => undefined;
  }
}

/** Python's %-conversion of one value with flags, width and precision. */
export function convert(value: Value, t: Pick<FieldToken, 'flags' | 'width' | 'precision' | 'conversion'>): string {
  let s: string;
  let numeric = false;
  const n = Number(value);
  switch (t.conversion) {
    case 'd':
    case 'i':
    case 'u':
      s = Number.isFinite(n) ? String(Math.trunc(n)) : String(value);
      numeric = Number.isFinite(n);
      break;
    case 'f':
    case 'F':
      s = n.toFixed(t.precision ?? 6);
      numeric = true;
      break;
    case 'e':
    case 'E':
      s = n.toExponential(t.precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      if (t.conversion === 'E') s = s.toUpperCase();
      numeric = true;
      break;
    case 'g':
    case 'G':
      s = String(Number(n.toPrecision(t.precision ?? 6)));
      numeric = true;
      break;
    case 'x':
      s = Math.trunc(n).toString(16);
      numeric = true;
      break;
    case 'X':
      s = Math.trunc(n).toString(16).toUpperCase();
      numeric = true;
      break;
    case 'o':
      s = Math.trunc(n).toString(8);
      numeric = true;
      break;
    case 'c':
      s = typeof value === 'number' ? String.fromCharCode(value) : String(value ?? '').slice(0, 1);
      break;
    case 'r':
    case 'a':
      s = JSON.stringify(value ?? null);
      break;
    default:
      s = value === undefined ? '' : String(value);
      if (t.precision !== undefined) s = s.slice(0, t.precision);
  }
  if (t.flags.includes('+') && numeric && !s.startsWith('-')) s = `+${s}`;
  const width = t.width ?? 0;
  if (s.length >= width) return s;
  if (t.flags.includes('-')) return s.padEnd(width);
  if (t.flags.includes('0') && numeric) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

/** Compile a formatter (absent: `%(message)s`, as Python's). */
export function compileFormatter(f: ThesplogFormatter | undefined, startedAt = Date.now()): Formatter {
  const tokens = parsePercentFormat(f?.format ?? '%(message)s').tokens ?? [{ kind: 'text', text: f?.format ?? '' }];
  const parts = tokens.map((t): ((r: LogRecord) => string) => {
    if (t.kind === 'text') return () => t.text;
    const get = field(t.name, f?.datefmt, startedAt);
    if (t.conversion === 's' && t.width === undefined && t.precision === undefined) return (r) => String(get(r) ?? '');
    return (r) => convert(get(r), t);
  });
  return (r) => {
    let s = '';
    for (const p of parts) s += p(r);
    return s;
  };
}

/** Whether any of these formats shows where the log call was made (then records capture it). */
export function needsCaller(formats: readonly (ThesplogFormatter | undefined)[]): boolean {
  return formats.some((f) => /%\((filename|lineno|pathname|module|funcName)\)/.test(f?.format ?? ''));
}

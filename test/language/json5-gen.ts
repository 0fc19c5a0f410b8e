/**
 * A seeded generator of JSON5 texts that use every feature of the grammar, for the differential
 * test of the position-keeping reader against the json5 package.
 */
export class Rng {
  constructor(private seed: number) {}
  next(): number {
    // mulberry32
    let t = (this.seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const SPACES = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\v',
  '\f',
  '\u00a0',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u3000',
  '\u2003',
];
const STRING_CHARS = [
  'a',
  'Z',
  ' ',
  '"',
  "'",
  '\\',
  '/',
  '\t',
  'é',
  '中',
  '😀',
  '\u2028',
  '$',
  '{',
  '}',
  '0',
  '\u0001',
  '\u00ff',
];
const ID_KEYS = [
  'a',
  'Actors',
  'OnLoad',
  '$x',
  '_y',
  'café',
  'ĳ',
  'x1',
  'null',
  'true',
  'Infinity',
  'NaN',
  'ℵ',
  'a\u200cb',
];

export function trivia(r: Rng): string {
  let s = '';
  const n = r.int(3);
  for (let i = 0; i < n; i++) {
    const k = r.int(4);
    if (k === 0) s += r.pick(SPACES);
    else if (k === 1) s += `/* c${r.pick(['', '*', '/', ' // x', '\n'])} */`;
    else if (k === 2) s += `// line ${r.pick(['', '/*', "'"])}\n`;
  }
  return s;
}

function number(r: Rng): string {
  const sign = r.pick(['', '', '-', '+']);
  switch (r.int(9)) {
    case 0:
      return `${sign}${r.int(100000)}`;
    case 1:
      return `${sign}0x${r.int(0xfffff).toString(16)}`;
    case 2:
      return `${sign}0X${r.int(0xfff).toString(16).toUpperCase()}`;
    case 3:
      return `${sign}.${r.int(1000)}`;
    case 4:
      return `${sign}${r.int(100)}.`;
    case 5:
      return `${sign}${r.int(100)}.${r.int(100)}e${r.pick(['', '+', '-'])}${r.int(30)}`;
    case 6:
      return `${sign}${r.pick(['Infinity', 'NaN'])}`;
    case 7:
      return `${sign}0`;
    default:
      return `${sign}${r.int(10)}E${r.int(5)}`;
  }
}

function escapeChar(r: Rng, ch: string, quote: string): string {
  const code = ch.codePointAt(0) as number;
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (ch === '\n' || ch === '\r') return ch === '\n' ? '\\n' : '\\r';
  if (code > 0xffff)
    return r.chance(0.5)
      ? ch
      : ch
          .split('')
          .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
          .join('');
  switch (r.int(5)) {
    case 0:
      return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    case 1:
      return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    case 2:
      return /[a-zA-Z]/.test(ch) && !'bfnrtvxu'.includes(ch) ? `\\${ch}` : ch; // identity escape
    default:
      return ch;
  }
}

export function string(r: Rng): string {
  const quote = r.pick(['"', "'"]);
  let s = quote;
  const n = r.int(8);
  for (let i = 0; i < n; i++) {
    if (r.chance(0.05)) s += r.pick(['\\\n', '\\\r\n', '\\\u2028', '\\b', '\\f', '\\t', '\\v', '\\0-', '\\/']);
    s += escapeChar(r, r.pick(STRING_CHARS), quote);
  }
  return s + quote;
}

function key(r: Rng): string {
  if (r.chance(0.5)) {
    const k = r.pick(ID_KEYS);
    return r.chance(0.1) ? `\\u${(k.codePointAt(0) as number).toString(16).padStart(4, '0')}${k.slice(1)}` : k;
  }
  return string(r);
}

export function value(r: Rng, depth: number): string {
  const k = depth > 3 ? r.int(4) : r.int(7);
  switch (k) {
    case 0:
      return r.pick(['null', 'true', 'false']);
    case 1:
      return number(r);
    case 2:
    case 3:
      return string(r);
    case 4:
    case 5: {
      const n = r.int(4);
      const items = Array.from({ length: n }, () => trivia(r) + value(r, depth + 1) + trivia(r));
      return `[${items.join(',')}${n > 0 && r.chance(0.4) ? ',' : ''}${trivia(r)}]`;
    }
    default: {
      const n = r.int(4);
      const members = Array.from(
        { length: n },
        () => `${trivia(r)}${key(r)}${trivia(r)}:${trivia(r)}${value(r, depth + 1)}${trivia(r)}`,
      );
      return `{${members.join(',')}${n > 0 && r.chance(0.4) ? ',' : ''}${trivia(r)}}`;
    }
  }
}

export function document(r: Rng): string {
  return trivia(r) + value(r, 0) + trivia(r);
}

/** A small random edit: delete, duplicate or insert one character. */
export function mutate(r: Rng, text: string): string {
  const at = r.int(text.length + 1);
  switch (r.int(3)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + text.charAt(at) + text.slice(at);
    default:
      return (
        text.slice(0, at) +
        r.pick(['{', '}', '[', ']', ',', ':', "'", '"', '\\', '/', '*', '0', 'x', '.', 'e', '+', '\n', 'I']) +
        text.slice(at)
      );
  }
}

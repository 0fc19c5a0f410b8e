/**
 * The JSON5 tokenizer. It never throws: a lexical error is an `error` token at its exact place,
 * after which it resumes at a sensible point, so the completion walker can read past mistakes.
 * Comments and white space are skipped; comment ranges are kept for callers that need them.
 */
import { isDigit, isHexDigit, isIdContinue, isIdStart, isLineTerminator, isWhitespace, showChar } from './chars';
import type { Json5Code } from './codes';

export type Json5Token =
  | {
      readonly kind: 'punct';
      readonly start: number;
      readonly end: number;
      readonly char: '{' | '}' | '[' | ']' | ':' | ',';
    }
  | { readonly kind: 'string'; readonly start: number; readonly end: number; readonly value: string }
  | { readonly kind: 'number'; readonly start: number; readonly end: number; readonly value: number }
  /** A bare word: `true`, `false`, `null`, `Infinity`, `NaN` or an identifier key. */
  | { readonly kind: 'ident'; readonly start: number; readonly end: number; readonly value: string }
  | {
      readonly kind: 'error';
      readonly start: number;
      readonly end: number;
      readonly code: Json5Code;
      readonly message: string;
    }
  | { readonly kind: 'eof'; readonly start: number; readonly end: number };

/** Internal: unwinds a scan to `next()`, which turns it into an `error` token. */
class LexError extends Error {
  constructor(
    readonly code: Json5Code,
    readonly start: number,
    readonly end: number,
    message: string,
    /** Where lexing goes on after the error. */
    readonly resume: number,
  ) {
    super(message);
  }
}

export class Json5Lexer {
  private pos = 0;
  /** `[start, end)` of every comment passed so far. */
  readonly comments: Array<readonly [number, number]> = [];

  constructor(private readonly text: string) {}

  next(): Json5Token {
    try {
      return this.scan();
    } catch (e) {
      if (!(e instanceof LexError)) throw e;
      this.pos = Math.max(e.resume, e.end, this.pos);
      return { kind: 'error', start: e.start, end: e.end, code: e.code, message: e.message };
    }
  }

  private code(at: number): number {
    return at < this.text.length ? (this.text.codePointAt(at) as number) : -1;
  }

  private skipTrivia(): void {
    const t = this.text;
    for (;;) {
      const c = this.code(this.pos);
      if (c < 0) return;
      if (isWhitespace(c)) {
        this.pos += c > 0xffff ? 2 : 1;
      } else if (c === 0x2f /* / */) {
        const d = t.charCodeAt(this.pos + 1);
        const start = this.pos;
        if (d === 0x2f) {
          let i = this.pos + 2;
          while (i < t.length && !isLineTerminator(t.charCodeAt(i))) i++;
          this.comments.push([start, i]);
          this.pos = i;
        } else if (d === 0x2a) {
          const close = t.indexOf('*/', this.pos + 2);
          if (close < 0) {
            this.comments.push([start, t.length]);
            throw new LexError(
              'JSON5_UNTERMINATED_COMMENT',
              start,
              start + 2,
              'this /* comment is never closed: end it with */',
              t.length,
            );
          }
          this.comments.push([start, close + 2]);
          this.pos = close + 2;
        } else {
          throw new LexError(
            'JSON5_SYNTAX',
            start,
            start + 1,
            "invalid character '/': a comment starts with // or /*",
            start + 1,
          );
        }
      } else {
        return;
      }
    }
  }

  private scan(): Json5Token {
    this.skipTrivia();
    const start = this.pos;
    const c = this.code(start);
    if (c < 0) return { kind: 'eof', start, end: start };
    switch (c) {
      case 0x7b:
      case 0x7d:
      case 0x5b:
      case 0x5d:
      case 0x3a:
      case 0x2c:
        this.pos++;
        return { kind: 'punct', start, end: start + 1, char: String.fromCharCode(c) as '{' };
      case 0x22:
      case 0x27:
        return this.string(c);
    }
    if (isDigit(c) || c === 0x2e || c === 0x2b || c === 0x2d) return this.number();
    if (isIdStart(c) || c === 0x5c) {
      const value = this.identifier();
      return { kind: 'ident', start, end: this.pos, value };
    }
    const width = c > 0xffff ? 2 : 1;
    throw new LexError('JSON5_SYNTAX', start, start + width, `invalid character ${showChar(c)}`, start + width);
  }

  private string(quote: number): Json5Token {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    let value = '';
    let chunk = i;
    let firstError: LexError | undefined;
    for (;;) {
      if (i >= t.length) {
        throw new LexError(
          'JSON5_UNTERMINATED_STRING',
          start,
          t.length,
          `string is not closed: add the closing ${String.fromCharCode(quote)}`,
          i,
        );
      }
      const c = t.charCodeAt(i);
      if (c === quote) break;
      if (c === 0x0a || c === 0x0d) {
        throw new LexError(
          'JSON5_UNTERMINATED_STRING',
          start,
          i,
          `string is not closed on its line: add the closing ${String.fromCharCode(quote)} (a \\ at the end of a line continues a string)`,
          i,
        );
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      value += t.slice(chunk, i);
      const esc = this.escape(i);
      if (esc instanceof LexError) {
        firstError ??= esc;
        i += 2;
      } else {
        value += esc.value;
        i = esc.end;
      }
      chunk = i;
    }
    value += t.slice(chunk, i);
    this.pos = i + 1;
    if (firstError) throw new LexError(firstError.code, firstError.start, firstError.end, firstError.message, this.pos);
    return { kind: 'string', start, end: this.pos, value };
  }

  /** The escape sequence at `at` (a backslash) inside a string. */
  private escape(at: number): { value: string; end: number } | LexError {
    const t = this.text;
    const c = t.charCodeAt(at + 1);
    switch (c) {
      case 0x62:
        return { value: '\b', end: at + 2 };
      case 0x66:
        return { value: '\f', end: at + 2 };
      case 0x6e:
        return { value: '\n', end: at + 2 };
      case 0x72:
        return { value: '\r', end: at + 2 };
      case 0x74:
        return { value: '\t', end: at + 2 };
      case 0x76:
        return { value: '\v', end: at + 2 };
      case 0x0a:
      case 0x2028:
      case 0x2029:
        return { value: '', end: at + 2 };
      case 0x0d:
        return { value: '', end: t.charCodeAt(at + 2) === 0x0a ? at + 3 : at + 2 };
      case 0x30:
        if (isDigit(t.charCodeAt(at + 2))) {
          return new LexError(
            'JSON5_BAD_ESCAPE',
            at,
            at + 3,
            'octal escapes are not allowed: write \\u00XX instead',
            at + 3,
          );
        }
        return { value: '\0', end: at + 2 };
      case 0x78: {
        if (isHexDigit(t.charCodeAt(at + 2)) && isHexDigit(t.charCodeAt(at + 3))) {
          return { value: String.fromCharCode(parseInt(t.slice(at + 2, at + 4), 16)), end: at + 4 };
        }
        return new LexError('JSON5_BAD_ESCAPE', at, at + 2, '\\x must be followed by 2 hex digits', at + 2);
      }
      case 0x75: {
        const hex = t.slice(at + 2, at + 6);
        if (/^[0-9A-Fa-f]{4}$/.test(hex)) return { value: String.fromCharCode(parseInt(hex, 16)), end: at + 6 };
        return new LexError('JSON5_BAD_ESCAPE', at, at + 2, '\\u must be followed by 4 hex digits', at + 2);
      }
    }
    if (isDigit(c)) {
      return new LexError(
        'JSON5_BAD_ESCAPE',
        at,
        at + 2,
        `\\${String.fromCharCode(c)} is not a valid escape: write the digit without the backslash`,
        at + 2,
      );
    }
    if (Number.isNaN(c)) {
      return new LexError('JSON5_UNTERMINATED_STRING', at, at + 1, 'string is not closed', at + 1);
    }
    // Any other character escapes to itself (\' \" \\ \/ \a ...), as in ECMAScript.
    const cp = t.codePointAt(at + 1) as number;
    return { value: String.fromCodePoint(cp), end: at + (cp > 0xffff ? 3 : 2) };
  }

  private identifier(): string {
    const t = this.text;
    let value = '';
    let first = true;
    for (;;) {
      const at = this.pos;
      let c = this.code(at);
      let width = c > 0xffff ? 2 : 1;
      if (c === 0x5c) {
        const hex = t.slice(at + 2, at + 6);
        if (t.charCodeAt(at + 1) !== 0x75 || !/^[0-9A-Fa-f]{4}$/.test(hex)) {
          throw new LexError('JSON5_BAD_ESCAPE', at, at + 2, 'in a key, \\ must start a \\uXXXX escape', at + 2);
        }
        c = parseInt(hex, 16);
        width = 6;
        if (!(first ? isIdStart(c) : isIdContinue(c))) {
          throw new LexError(
            'JSON5_BAD_ESCAPE',
            at,
            at + 6,
            `${t.slice(at, at + 6)} is not a character a key may hold`,
            at + 6,
          );
        }
      } else if (c < 0 || !(first ? isIdStart(c) : isIdContinue(c))) {
        return value;
      }
      value += String.fromCodePoint(c);
      this.pos = at + width;
      first = false;
    }
  }

  private number(): Json5Token {
    const t = this.text;
    const start = this.pos;
    let i = start;
    let sign = 1;
    if (t.charCodeAt(i) === 0x2b || t.charCodeAt(i) === 0x2d) {
      sign = t.charCodeAt(i) === 0x2d ? -1 : 1;
      i++;
    }
    const c = this.code(i);
    if (c === 0x49 || c === 0x4e) {
      // +Infinity, -Infinity, +NaN, -NaN
      this.pos = i;
      const word = this.identifier();
      if (word === 'Infinity') return { kind: 'number', start, end: this.pos, value: sign * Infinity };
      if (word === 'NaN') return { kind: 'number', start, end: this.pos, value: NaN };
      throw new LexError(
        'JSON5_SYNTAX',
        i,
        this.pos,
        `'${word}' after a sign: only a number, Infinity or NaN may follow`,
        this.pos,
      );
    }
    if (c < 0) throw new LexError('JSON5_UNEXPECTED_END', i, i, 'the text ends after a sign: write the number', i);
    if (c === 0x30 && (t.charCodeAt(i + 1) === 0x78 || t.charCodeAt(i + 1) === 0x58)) {
      let j = i + 2;
      while (isHexDigit(t.charCodeAt(j))) j++;
      if (j === i + 2)
        throw new LexError('JSON5_BAD_NUMBER', start, j, `${t.slice(start, j)} needs hex digits after it`, j);
      this.pos = j;
      return { kind: 'number', start, end: j, value: sign * parseInt(t.slice(i + 2, j), 16) };
    }
    let j = i;
    let intDigits = 0;
    for (; isDigit(t.charCodeAt(j)); j++) intDigits++;
    if (intDigits > 1 && t.charCodeAt(i) === 0x30) {
      throw new LexError(
        'JSON5_BAD_NUMBER',
        start,
        j,
        'a number may not start with 0 followed by digits: remove the leading zero',
        j,
      );
    }
    let fracDigits = 0;
    if (t.charCodeAt(j) === 0x2e) {
      j++;
      for (; isDigit(t.charCodeAt(j)); j++) fracDigits++;
    }
    if (intDigits === 0 && fracDigits === 0) {
      if (j === i) throw new LexError('JSON5_SYNTAX', i, i + 1, `invalid character ${showChar(c)} after a sign`, i + 1);
      throw new LexError('JSON5_BAD_NUMBER', start, j, 'a decimal point needs a digit before or after it', j);
    }
    if (t.charCodeAt(j) === 0x65 || t.charCodeAt(j) === 0x45) {
      const e = j;
      j++;
      if (t.charCodeAt(j) === 0x2b || t.charCodeAt(j) === 0x2d) j++;
      let expDigits = 0;
      for (; isDigit(t.charCodeAt(j)); j++) expDigits++;
      if (expDigits === 0) throw new LexError('JSON5_BAD_NUMBER', e, j, 'an exponent needs digits after the e', j);
    }
    this.pos = j;
    return { kind: 'number', start, end: j, value: sign * Number(t.slice(i, j)) };
  }
}

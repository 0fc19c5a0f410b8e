/**
 * Where a cursor stands in a TLI text that may be half typed: which object (by key path from the
 * top), whether a key or a value goes there, and which token it touches. A token walk rather than
 * the parse tree, so it works on text with syntax errors after the cursor, which is how text
 * looks while being typed.
 */
import { Json5Lexer, type Json5Token } from '../../../config-lang/src/json5';

/** A key path element for an array item: matches no schema key. */
export const ARRAY_ITEM = '#item';

interface Frame {
  readonly kind: 'object' | 'array';
  /** 'key': a key may come; 'colon': after a key; 'value': after the colon; 'comma': after a value. */
  state: 'key' | 'colon' | 'value' | 'comma';
  /** The key of the member being read (object frames). */
  key?: string;
  readonly keys: string[];
}

export interface CursorToken {
  readonly start: number;
  readonly end: number;
  /** The key or string value as read (an unterminated string up to the cursor's line end). */
  readonly value: string;
  readonly kind: 'string' | 'ident' | 'number' | 'punct' | 'open-string';
}

export interface Cursor {
  /** Keys from the top to the object or array the cursor is in; empty for the top object. */
  readonly path: readonly string[];
  /** What goes at the cursor: a key of the object at `path`, the value of `key`, or neither. */
  readonly slot: 'key' | 'value' | 'none';
  /** For slot 'value': the key whose value is at the cursor. */
  readonly key?: string;
  /** The token the cursor is in or touches, if any. */
  readonly token?: CursorToken;
  /** Keys already present in the object at `path` (other than the one under the cursor). */
  readonly siblings: readonly string[];
}

function tokenValue(text: string, tok: Json5Token): CursorToken | undefined {
  switch (tok.kind) {
    case 'string':
    case 'ident':
      return { start: tok.start, end: tok.end, value: tok.value, kind: tok.kind };
    case 'number':
      return { start: tok.start, end: tok.end, value: text.slice(tok.start, tok.end), kind: 'number' };
    case 'punct':
      return { start: tok.start, end: tok.end, value: tok.char, kind: 'punct' };
    case 'error':
      if (tok.code === 'JSON5_UNTERMINATED_STRING') {
        return { start: tok.start, end: tok.end, value: text.slice(tok.start + 1, tok.end), kind: 'open-string' };
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Walk tokens up to `offset`. `inside(tok)` says whether the cursor counts as in a token: for
 * completion a cursor right after a word still edits it; for hover the cursor must be on it.
 */
export function locate(text: string, offset: number, mode: 'complete' | 'hover'): Cursor {
  const lexer = new Json5Lexer(text);
  const frames: Frame[] = [];
  const inside = (t: Json5Token): boolean => {
    if (t.kind === 'eof') return false;
    if (mode === 'hover') return t.start <= offset && offset < t.end;
    if (t.kind === 'string') return t.start < offset && offset < t.end;
    if (t.kind === 'error') return t.code === 'JSON5_UNTERMINATED_STRING' && t.start < offset && offset <= t.end;
    if (t.kind === 'punct') return false;
    return t.start < offset && offset <= t.end;
  };
  let pendingKey: string | undefined;
  for (;;) {
    const tok = lexer.next();
    const inComment = lexer.comments.some(([a, b]) => a < offset && offset < b);
    if (inComment && (tok.kind === 'eof' || tok.start >= offset)) return { path: [], slot: 'none', siblings: [] };
    if (inside(tok)) return withLaterKeys(at(frames, tokenValue(text, tok)), lexer, undefined);
    if (tok.kind === 'eof' || tok.start >= offset) return withLaterKeys(at(frames, undefined), lexer, tok);
    const top = frames[frames.length - 1];
    if (tok.kind === 'punct') {
      switch (tok.char) {
        case '{':
        case '[':
          frames.push({
            kind: tok.char === '{' ? 'object' : 'array',
            state: tok.char === '{' ? 'key' : 'value',
            keys: [],
          });
          break;
        case '}':
        case ']':
          frames.pop();
          if (frames.length > 0) frames[frames.length - 1].state = 'comma';
          break;
        case ':':
          if (top?.kind === 'object' && top.state === 'colon') {
            top.state = 'value';
            top.key = pendingKey;
          }
          break;
        case ',':
          if (top) {
            top.state = top.kind === 'object' ? 'key' : 'value';
            top.key = undefined;
          }
          break;
      }
    } else if (top?.kind === 'object' && top.state === 'key' && (tok.kind === 'string' || tok.kind === 'ident')) {
      pendingKey = tok.value;
      top.keys.push(tok.value);
      top.state = 'colon';
    } else if (top && top.state === 'value') {
      top.state = 'comma';
    }
  }
}

function pathOf(frames: readonly Frame[]): string[] {
  // Each enclosing frame contributes the key (or array marker) that leads to the next one.
  return frames.slice(0, -1).map((f) => (f.kind === 'array' ? ARRAY_ITEM : (f.key ?? '')));
}

function at(frames: readonly Frame[], token: CursorToken | undefined): Cursor {
  const top = frames[frames.length - 1];
  const withToken = token ? { token } : {};
  if (!top) return { path: [], slot: 'none', siblings: [], ...withToken };
  const path = pathOf(frames);
  if (top.kind === 'array') return { path, slot: 'value', key: ARRAY_ITEM, siblings: [], ...withToken };
  if (top.state === 'key') return { path, slot: 'key', siblings: top.keys, ...withToken };
  if (top.state === 'value')
    return {
      path,
      slot: 'value',
      ...(top.key !== undefined ? { key: top.key } : {}),
      siblings: top.keys,
      ...withToken,
    };
  return { path, slot: 'none', siblings: top.keys, ...withToken };
}

/**
 * Keys of the cursor's object that come after the cursor, so that completion does not offer a
 * key the object already has further down. `first` is a token already read past the cursor.
 */
function withLaterKeys(cursor: Cursor, lexer: Json5Lexer, first: Json5Token | undefined): Cursor {
  if (cursor.slot !== 'key') return cursor;
  const later: string[] = [];
  let depth = 0;
  let prev: Json5Token | undefined;
  for (let tok = first ?? lexer.next(); tok.kind !== 'eof'; tok = lexer.next()) {
    if (tok.kind === 'punct') {
      if (tok.char === '{' || tok.char === '[') depth++;
      else if (tok.char === '}' || tok.char === ']') {
        if (--depth < 0) break;
      } else if (tok.char === ':' && depth === 0 && (prev?.kind === 'string' || prev?.kind === 'ident')) {
        later.push(prev.value);
      }
    }
    prev = tok;
  }
  return later.length === 0 ? cursor : { ...cursor, siblings: [...cursor.siblings, ...later] };
}

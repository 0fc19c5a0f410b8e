/**
 * The position-keeping JSON5 reader: recursive descent over {@link Json5Lexer} tokens. Reading
 * stops at the first syntax error (reported at its exact place); duplicate keys are reported
 * and, as in json5, the last one wins.
 */
import type { Diagnostic } from '../diagnostics';
import type { JsonValue } from '../../../runtime/src/protocol/json-value';
import { MAX_DEPTH, type Json5Code } from './codes';
import { Json5Lexer, type Json5Token } from './lexer';
import { LineIndex } from './line-index';
import type { Json5Member, Json5Node, Json5Result } from './nodes';

/** Internal: unwinds the descent at the first syntax error. */
class Stop extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

const VALUE_WORDS = 'an object, array, string, number, true, false or null';

function describe(tok: Json5Token, text: string): string {
  switch (tok.kind) {
    case 'eof':
      return 'end of text';
    case 'punct':
      return `'${tok.char}'`;
    case 'string':
      return `string ${text.slice(tok.start, Math.min(tok.end, tok.start + 40))}`;
    case 'number':
      return `number ${text.slice(tok.start, tok.end)}`;
    case 'ident':
      return `'${tok.value}'`;
    case 'error':
      return tok.message;
  }
}

class Parser {
  private readonly lexer: Json5Lexer;
  readonly lines: LineIndex;
  readonly duplicates: Diagnostic[] = [];

  constructor(private readonly text: string) {
    this.lexer = new Json5Lexer(text);
    this.lines = new LineIndex(text);
  }

  private fail(code: Json5Code, start: number, end: number, message: string): never {
    throw new Stop({ code, severity: 'error', range: this.lines.range(start, end), message });
  }

  /** A token the grammar does not allow here: the lexer's own error, or "expected ...". */
  private unexpected(tok: Json5Token, expected: string, openedAt?: number): never {
    if (tok.kind === 'error') this.fail(tok.code, tok.start, tok.end, tok.message);
    if (tok.kind === 'eof') {
      const where = openedAt === undefined ? '' : ` (opened at line ${this.lines.positionAt(openedAt).line + 1})`;
      this.fail('JSON5_UNEXPECTED_END', tok.start, tok.end, `the text ends too early${where}: expected ${expected}`);
    }
    this.fail('JSON5_SYNTAX', tok.start, tok.end, `unexpected ${describe(tok, this.text)}: expected ${expected}`);
  }

  document(): Json5Node {
    const node = this.value(this.lexer.next(), 0);
    const after = this.lexer.next();
    if (after.kind !== 'eof') this.unexpected(after, 'nothing after the value (one value per file)');
    return node;
  }

  private located(start: number, end: number): { range: ReturnType<LineIndex['range']>; start: number; end: number } {
    return { range: this.lines.range(start, end), start, end };
  }

  private value(tok: Json5Token, depth: number): Json5Node {
    switch (tok.kind) {
      case 'punct':
        if (tok.char === '{') return this.object(tok.start, depth + 1);
        if (tok.char === '[') return this.array(tok.start, depth + 1);
        return this.unexpected(tok, VALUE_WORDS);
      case 'string':
        return { kind: 'string', value: tok.value, ...this.located(tok.start, tok.end) };
      case 'number':
        return { kind: 'number', value: tok.value, ...this.located(tok.start, tok.end) };
      case 'ident':
        switch (tok.value) {
          case 'true':
            return { kind: 'boolean', value: true, ...this.located(tok.start, tok.end) };
          case 'false':
            return { kind: 'boolean', value: false, ...this.located(tok.start, tok.end) };
          case 'null':
            return { kind: 'null', ...this.located(tok.start, tok.end) };
          case 'Infinity':
            return { kind: 'number', value: Infinity, ...this.located(tok.start, tok.end) };
          case 'NaN':
            return { kind: 'number', value: NaN, ...this.located(tok.start, tok.end) };
        }
        return this.fail(
          'JSON5_SYNTAX',
          tok.start,
          tok.end,
          `unexpected '${tok.value}': expected ${VALUE_WORDS} (a string needs quotes: '${tok.value}')`,
        );
      default:
        return this.unexpected(tok, VALUE_WORDS);
    }
  }

  private checkDepth(start: number, depth: number): void {
    if (depth > MAX_DEPTH)
      this.fail('JSON5_TOO_DEEP', start, start + 1, `objects and arrays are nested more than ${MAX_DEPTH} deep`);
  }

  private object(start: number, depth: number): Json5Node {
    this.checkDepth(start, depth);
    const members: Json5Member[] = [];
    const seen = new Map<string, number>();
    for (;;) {
      let tok = this.lexer.next();
      if (tok.kind === 'punct' && tok.char === '}') return { kind: 'object', members, ...this.located(start, tok.end) };
      if (tok.kind !== 'string' && tok.kind !== 'ident') {
        this.unexpected(tok, members.length === 0 ? "a key or '}'" : "a key or '}' after ','", start);
      }
      const key = tok.value;
      const keyStart = tok.start;
      const keyEnd = tok.end;
      tok = this.lexer.next();
      if (tok.kind !== 'punct' || tok.char !== ':') this.unexpected(tok, `':' after the key '${key}'`, start);
      const value = this.value(this.lexer.next(), depth);
      const first = seen.get(key);
      if (first !== undefined) {
        this.duplicates.push({
          code: 'JSON5_DUPLICATE_KEY',
          severity: 'error',
          range: this.lines.range(keyStart, keyEnd),
          message: `duplicate key '${key}' (first at line ${this.lines.positionAt(first).line + 1}): only the last one counts; remove or rename one`,
          data: { key, first: this.lines.positionAt(first) },
        });
      } else {
        seen.set(key, keyStart);
      }
      members.push({ key, keyRange: this.lines.range(keyStart, keyEnd), keyStart, keyEnd, value });
      tok = this.lexer.next();
      if (tok.kind === 'punct' && tok.char === '}') return { kind: 'object', members, ...this.located(start, tok.end) };
      if (tok.kind !== 'punct' || tok.char !== ',') this.unexpected(tok, "',' or '}'", start);
    }
  }

  private array(start: number, depth: number): Json5Node {
    this.checkDepth(start, depth);
    const items: Json5Node[] = [];
    for (;;) {
      let tok = this.lexer.next();
      if (tok.kind === 'punct' && tok.char === ']') return { kind: 'array', items, ...this.located(start, tok.end) };
      if (tok.kind === 'punct' && tok.char === ',') this.unexpected(tok, `${VALUE_WORDS} or ']'`, start);
      if (tok.kind === 'eof') this.unexpected(tok, `a value or ']'`, start);
      items.push(this.value(tok, depth));
      tok = this.lexer.next();
      if (tok.kind === 'punct' && tok.char === ']') return { kind: 'array', items, ...this.located(start, tok.end) };
      if (tok.kind !== 'punct' || tok.char !== ',') this.unexpected(tok, "',' or ']'", start);
    }
  }
}

/** The plain value of a node, built as json5 builds it (own properties, last duplicate wins). */
export function nodeValue(node: Json5Node): JsonValue {
  switch (node.kind) {
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      for (const m of node.members) {
        // defineProperty, not assignment: a "__proto__" key must become a plain own property.
        Object.defineProperty(out, m.key, {
          value: nodeValue(m.value),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'array':
      return node.items.map(nodeValue);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

/** Parse JSON5 text. Never throws: a syntax error is a diagnostic at its exact position. */
export function parseJson5(text: string): Json5Result {
  const parser = new Parser(text);
  try {
    const node = parser.document();
    return { node, value: nodeValue(node), diagnostics: parser.duplicates, lines: parser.lines };
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { diagnostics: [...parser.duplicates, e.diagnostic], lines: parser.lines };
  }
}

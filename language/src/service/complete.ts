/**
 * Completion: keys of the schema at the cursor's level (minus those already there), actor paths
 * from the workspace's scanned classes in the Actors map, and values where the schema knows them.
 */
import { LineIndex } from '../../../config-lang/src/json5';
import { tliKeyAt, tliShapeAt, type TliKeySpec } from '../../../config-lang/src/tli-schema';
import { ActorIndex } from './actor-index';
import { locate, type Cursor } from './cursor';
import { keyText } from './edits';
import type { CompletionItem, Position, Range, TliContext } from './types';

export function complete(text: string, position: Position, context?: TliContext): CompletionItem[] {
  const lines = new LineIndex(text);
  if (text.trim() === '') return [skeleton(lines, text, context)];
  const offset = lines.offsetAt(position);
  const cursor = locate(text, offset, 'complete');
  if (cursor.slot === 'key') return keyItems(text, lines, offset, cursor, context);
  if (cursor.slot === 'value') return valueItems(lines, offset, cursor);
  return [];
}

/** The range a completion replaces, and whether the replacement goes inside quotes. */
function target(
  lines: LineIndex,
  offset: number,
  cursor: Cursor,
): { range: Range; quoted: boolean; closeQuote: boolean } {
  const t = cursor.token;
  if (!t || t.kind === 'punct' || t.kind === 'number')
    return { range: lines.range(offset, offset), quoted: false, closeQuote: false };
  if (t.kind === 'string') return { range: lines.range(t.start + 1, t.end - 1), quoted: true, closeQuote: false };
  if (t.kind === 'open-string') return { range: lines.range(t.start + 1, offset), quoted: true, closeQuote: true };
  return { range: lines.range(t.start, t.end), quoted: false, closeQuote: false };
}

function followedByColon(text: string, cursor: Cursor, offset: number): boolean {
  const from = cursor.token ? cursor.token.end : offset;
  return /^\s*:/.test(text.slice(from, from + 200));
}

function keyItems(
  text: string,
  lines: LineIndex,
  offset: number,
  cursor: Cursor,
  context?: TliContext,
): CompletionItem[] {
  const shape = tliShapeAt(cursor.path);
  if (!shape) return [];
  const { range, quoted, closeQuote } = target(lines, offset, cursor);
  const quoteChar =
    cursor.token && (cursor.token.kind === 'string' || cursor.token.kind === 'open-string')
      ? text.charAt(cursor.token.start)
      : undefined;
  const colon = followedByColon(text, cursor, offset) ? '' : ': ';
  const present = new Set(cursor.siblings);
  const write = (name: string): string => {
    if (quoted) return name + (closeQuote ? `${quoteChar ?? "'"}${colon}` : '');
    return keyText(name) + colon;
  };
  if (shape.actorPaths) {
    const index = ActorIndex.of(context);
    if (!index) return [];
    return index.paths
      .filter((p) => !present.has(p))
      .map((p) => {
        const r = index.resolve(p);
        const detail =
          r.kind === 'class' ? `class ${r.className}${r.module.file ? ` in ${r.module.file}` : ''}` : undefined;
        return { label: p, kind: 'actor' as const, ...(detail ? { detail } : {}), edit: { range, newText: write(p) } };
      });
  }
  return shape.keys
    .filter((k) => !present.has(k.name))
    .map((k: TliKeySpec) => ({
      label: k.name,
      kind: 'property' as const,
      detail: k.summary,
      documentation: k.doc,
      edit: { range, newText: write(k.name) },
    }));
}

/**
 * An empty .tli gets a whole starter file, so a new user does not have to know the shape: the
 * Actors map with one actor (the workspace's first scanned actor class when there is one) that
 * starts on load with a role.
 */
function skeleton(lines: LineIndex, text: string, context?: TliContext): CompletionItem {
  const actor = ActorIndex.of(context)?.paths[0] ?? 'group.module';
  const newText = [
    "// The actors to start when the group's package loads (JSON5).",
    '{',
    '  Actors: {',
    `    '${actor}': {`,
    "      OnLoad: { Role: 'Main' },",
    '    },',
    '  },',
    '}',
    '',
  ].join('\n');
  return {
    label: 'TLI skeleton',
    kind: 'value',
    detail: 'a starter TLI: Actors with one actor started on load',
    edit: { range: lines.range(0, text.length), newText },
  };
}

function valueItems(lines: LineIndex, offset: number, cursor: Cursor): CompletionItem[] {
  if (cursor.key === undefined) return [];
  const t = cursor.token;
  const range =
    t && (t.kind === 'ident' || t.kind === 'number') ? lines.range(t.start, t.end) : lines.range(offset, offset);
  if (t && (t.kind === 'string' || t.kind === 'open-string')) return [];
  const parent = tliShapeAt(cursor.path);
  if (parent?.actorPaths) {
    return [
      {
        label: "{ OnLoad: { Role: '' } }",
        kind: 'value',
        detail: 'an actor entry',
        edit: { range, newText: "{ OnLoad: { Role: '' } }" },
      },
    ];
  }
  const spec = tliKeyAt(cursor.path, cursor.key);
  if (!spec) return [];
  switch (spec.kind) {
    case 'boolean-or-count':
      return ['true', 'false'].map((v) => ({
        label: v,
        kind: 'value' as const,
        detail: spec.summary,
        edit: { range, newText: v },
      }));
    case 'object':
      return [
        {
          label: spec.valueTemplate,
          kind: 'value',
          detail: spec.summary,
          edit: { range, newText: spec.valueTemplate },
        },
      ];
    default:
      return [];
  }
}

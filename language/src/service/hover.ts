/** Hover: the guide's meaning of a key, or what an actor path resolves to. */
import { LineIndex } from '../../../config-lang/src/json5';
import { tliKeyAt, tliShapeAt } from '../../../config-lang/src/tli-schema';
import { ActorIndex } from './actor-index';
import { locate } from './cursor';
import type { Hover, Position, TliContext } from './types';

export function hover(text: string, position: Position, context?: TliContext): Hover | undefined {
  const lines = new LineIndex(text);
  const offset = lines.offsetAt(position);
  const cursor = locate(text, offset, 'hover');
  const t = cursor.token;
  if (!t || (t.kind !== 'string' && t.kind !== 'ident')) return undefined;
  const range = lines.range(t.start, t.end);
  if (cursor.slot !== 'key') {
    // On a value: the meaning of its key, so hovering `true` after AutoUnload explains it too.
    const spec = cursor.key !== undefined ? tliKeyAt(cursor.path, cursor.key) : undefined;
    return spec ? { contents: spec.doc, range } : undefined;
  }
  const shape = tliShapeAt(cursor.path);
  if (!shape) return undefined;
  if (shape.actorPaths) return { contents: actorHover(t.value, context), range };
  const spec = shape.keys.find((k) => k.name === t.value);
  return spec ? { contents: spec.doc, range } : undefined;
}

function actorHover(path: string, context: TliContext | undefined): string {
  const head =
    `**Actor path** \`${path}\`: the Director creates this actor when a source of the group is ` +
    'loaded. `a.b.Class` is the class `Class` exported by `a/b.ts`; a module path alone names ' +
    "the module's single exported actor class.";
  const index = ActorIndex.of(context);
  if (!index) return head;
  const r = index.resolve(path);
  if (r.kind === 'class')
    return `${head}\n\nResolves to class \`${r.className}\`${r.module.file ? ` in \`${r.module.file}\`` : ''}.`;
  if (r.kind === 'ambiguous') return `${head}\n\nAmbiguous: ${r.candidates.map((c) => `\`${c}\``).join(', ')}.`;
  return `${head}\n\nNot found in the workspace: ${r.reason}.`;
}

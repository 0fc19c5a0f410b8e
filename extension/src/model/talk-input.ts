/**
 * The message a user types for "Send Message…" / "Ask…": JSON5, checked before anything is sent
 * (the exact syntax error and where it is), and the last inputs remembered per actor.
 */
import { parseJson5 } from '../../../config-lang/src/json5';
import type { JsonValue } from '../../../runtime/src/protocol/json-value';

export type ParsedInput =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: string };

/** How many earlier inputs are kept per actor. */
export const REMEMBERED_INPUTS = 10;

export function parseMessageInput(text: string): ParsedInput {
  if (text.trim() === '') return { ok: false, error: 'type a JSON5 value: "text", 42, { key: "value" }, [1, 2]' };
  const r = parseJson5(text);
  const bad = r.diagnostics.find((d) => d.severity === 'error');
  if (r.value === undefined || bad !== undefined) {
    const where =
      bad === undefined
        ? ''
        : ` (column ${bad.range.start.character + 1}${bad.range.start.line > 0 ? `, line ${bad.range.start.line + 1}` : ''})`;
    return { ok: false, error: `not JSON5: ${bad?.message ?? 'unreadable'}${where}` };
  }
  return { ok: true, value: r.value };
}

/** The key an actor's inputs are remembered under: its role when it has one (stable across versions), else its class. */
export function talkKey(target: {
  readonly group: string;
  readonly role: string | null;
  readonly actorClass: string;
}): string {
  return target.role !== null ? `${target.group}/role:${target.role}` : `${target.group}/class:${target.actorClass}`;
}

/** `list` with `input` first, without duplicates, at most {@link REMEMBERED_INPUTS} long. */
export function remember(list: readonly string[], input: string): string[] {
  return [input, ...list.filter((x) => x !== input)].slice(0, REMEMBERED_INPUTS);
}

/** One line for a reply: the time it took and the reply as JSON. */
export function replyText(target: string, message: string, reply: unknown, ms: number, at: Date): string {
  return `// ${at.toISOString()} ask ${target} ${message} → ${ms.toFixed(0)} ms\n${JSON.stringify(reply, null, 2)}\n`;
}

/** The address `list` prints (`ActorAddr-(SYSTEM|ID)`) as the admin protocol's object, or undefined. */
export function parseActorAddress(text: string): { readonly system: string; readonly id: string } | undefined {
  const m = /^ActorAddr-\((.+)\|([^|()]+)\)$/.exec(text.trim());
  return m === null ? undefined : { system: m[1], id: m[2] };
}

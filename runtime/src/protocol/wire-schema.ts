/**
 * How a frame or message decoded at a boundary is checked: by a valibot schema, whose
 * `v.InferOutput` is the type the code uses, so a check and its type cannot drift apart. This
 * file holds the pieces every boundary shares: the one plain-object test (from plain-object.ts),
 * a closed object (unknown keys are errors, as every protocol here says), an actor address, and
 * the one adapter from valibot's issues to this project's messages:
 *
 *   `<path> must be <what was expected>, got <what came>`   e.g. `"timeoutMs" must be a number from 1 to 600000, got "soon"`
 *   `unknown key "<key>"; allowed: <keys>`                  (the noun and wording can be given per object)
 *
 * A schema states what it expects in words with each check's message (`v.string('a group name')`);
 * where it gives none, the adapter words valibot's own `expected`. Paths read as in code: a lone
 * key is quoted (`"to"`), a nested one is an accessor (`Actors["a.b"].OnLoad.Role`).
 * Decoding stops at the first problem (abortEarly): a refused frame costs no more than needed,
 * and a message names one problem, as the hand checks did.
 *
 * A check can carry an error code and a sentence of its own ({@link coded}): a refusal by it
 * comes out with that code and sentence (a group name that breaks the naming rule is
 * DIRECTOR_BAD_GROUP_NAME, not the request's generic code), wherever the field sits.
 */
import * as v from 'valibot';
import { isActorAddress, type ActorAddress } from './actor-address';
import type { JsonValue } from './json-value';
import { isPlainObject } from './plain-object';
import { describe, isJsonValue, jsonProblem } from './value-checks';

export { describe, isJsonValue, jsonProblem } from './value-checks';

export { isPlainObject };

/**
 * What a decoder answers: the value, typed by its schema, or the first problem in words, with the
 * code of the check that refused it when that check has one ({@link coded}).
 */
export type Decoded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string; readonly code?: string };

const EARLY = { abortEarly: true } as const;

/**
 * Checks `input` against `schema`. With `what` (`convention/hello params`), messages name it:
 * `<what> must be an object, got an array` about the value as a whole, `<what>: "nonce" must be
 * …` about a part; without it they start at the path (`"to" must be …`, `the value must be …`).
 */
export function decodeWith<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  what?: string,
  root?: string,
): Decoded<v.InferOutput<S>> {
  const r = v.safeParse(schema, input, EARLY);
  if (r.success) return { ok: true, value: r.output };
  const issue = r.issues[0];
  const own = OWN_CODES.get(issue);
  if (own === undefined) return { ok: false, message: issueText(issue, what, root) };
  // The check's own sentence names the value; below the top, the path says which one it is.
  const keys = (issue.path ?? []).map((p) => p.key);
  const sentence = own.message(issue.input);
  const message =
    keys.length <= 1 ? sentence : `${what === undefined ? '' : `${what}: `}${pathText(keys)}: ${sentence}`;
  return { ok: false, message, code: own.code };
}

/** A check's own code and the sentence it words a refused value with. */
interface OwnCode {
  readonly code: string;
  readonly message: (input: unknown) => string;
}

/** The issues raised by {@link coded} checks: valibot's issues have no field for a code of ours. */
const OWN_CODES = new WeakMap<v.BaseIssue<unknown>, OwnCode>();

/**
 * `check` (a validation of a field, e.g. `v.check(isValidGroupName, words)`) with an error code
 * and a sentence of its own: when it refuses a value, {@link decodeWith} answers with `code` and
 * `message(value)` instead of the generic `<path> must be <words>, got <value>`. Its words still
 * serve where the schema is described (a missing key's expectation).
 */
export function coded<A extends v.GenericValidation>(check: A, code: string, message: (input: unknown) => string): A {
  const own: OwnCode = { code, message };
  const run = check['~run'];
  return {
    ...check,
    '~run'(dataset, config) {
      // valibot adds an issue to the dataset it is handed; only the ones this check adds are its own.
      const before = dataset.issues?.length ?? 0;
      const out = run.call(this, dataset, config);
      for (const issue of out.issues?.slice(before) ?? []) OWN_CODES.set(issue, own);
      return out;
    },
  };
}

/** One valibot issue in this project's words (see the file's first comment). */
export function issueText(issue: v.BaseIssue<unknown>, what?: string, root?: string): string {
  const path = issue.path ?? [];
  const prefix = what === undefined || path.length === 0 ? '' : `${what}: `;
  if (issue.type === UNKNOWN_KEY_TYPE && issue.expected === 'never') {
    const parent = path.slice(0, -1).map((p) => p.key);
    return `${prefix}${parent.length === 0 ? '' : `${pathText(parent)}: `}${issue.message}`;
  }
  const where = path.length === 0 ? (what ?? root ?? 'the value') : pathText(path.map((p) => p.key));
  const missing = path.length > 0 && path[path.length - 1]?.origin === 'key';
  return `${prefix}${where} must be ${expectation(issue)}, got ${missing ? 'nothing' : describe(issue.input)}`;
}

const UNKNOWN_KEY_TYPE = 'strict_object';

/** A key path as code reads it: `"to"` alone; `Actors["a.b"].OnLoad.Role`, `messages[3].to` nested. */
export function pathText(keys: readonly unknown[]): string {
  if (keys.length === 1 && typeof keys[0] === 'string') return JSON.stringify(keys[0]);
  let s = '';
  for (const k of keys) {
    if (typeof k === 'number') s += `[${k}]`;
    else if (typeof k === 'string' && /^[A-Za-z_$][\w$]*$/.test(k)) s += s === '' ? k : `.${k}`;
    else s += `[${JSON.stringify(String(k))}]`;
  }
  return s;
}

/** The words of what was expected: the schema's own message, else valibot's `expected` in words. */
function expectation(issue: v.BaseIssue<unknown>): string {
  // valibot's default messages start with "Invalid"; a schema of this project words its own.
  if (!issue.message.startsWith('Invalid ')) return issue.message;
  return expectedWords(issue.expected ?? 'unknown');
}

const WORDS: { readonly [expects: string]: string } = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
  Object: 'an object',
  Array: 'an array',
  unknown: 'a value',
};

function expectedWords(expected: string): string {
  if (WORDS[expected] !== undefined) return WORDS[expected];
  // A literal ("m"), a union ("string" | null)... : valibot's notation is already readable.
  return expected.startsWith('"') ? `the key ${expected}` : expected;
}

/** How an object with a closed key set words an unknown key (default: `unknown key "k"; allowed: a, b`). */
export type UnknownKeyText = (key: string, allowed: readonly string[]) => string;

const unknownKeyDefault: UnknownKeyText = (key, allowed) =>
  allowed.length === 0 ? `unknown key "${key}": it takes none` : `unknown key "${key}"; allowed: ${allowed.join(', ')}`;

/**
 * An object whose keys are exactly `entries`' (optional ones may be absent): unknown keys are
 * errors, arrays are refused (valibot's objects take them), `__proto__` and other inherited names
 * are unknown keys like any other. A missing key is reported with the expectation of its schema.
 */
export function closedObject<const E extends v.ObjectEntries>(
  entries: E,
  unknownKey: UnknownKeyText = unknownKeyDefault,
) {
  const allowed = Object.keys(entries);
  return v.pipe(
    v.custom<{ readonly [key: string]: unknown }>(isPlainObject, 'an object'),
    v.strictObject(entries, (issue) => {
      if (issue.expected === 'never') return unknownKey(String(issue.input), allowed);
      const key = issue.path?.[issue.path.length - 1]?.key;
      const child = typeof key === 'string' ? entries[key] : undefined;
      return child === undefined ? 'an object' : schemaWords(child);
    }),
  );
}

/**
 * The message function for a valibot object of `entries` (what `v.variant` needs: plain object
 * schemas): a missing key is worded with its schema's expectation.
 */
export function keyWords(entries: v.ObjectEntries) {
  return (issue: v.BaseIssue<unknown>): string => {
    const key = issue.path?.[issue.path.length - 1]?.key;
    const child = typeof key === 'string' ? entries[key] : undefined;
    return child === undefined ? 'an object' : schemaWords(child);
  };
}

/** A variant option: an object of `entries`, other keys ignored (`v.variant` refuses what lacks its key, arrays included). */
export function variantOption<const E extends v.ObjectEntries>(entries: E) {
  return v.object(entries, keyWords(entries));
}

/** An object of which only `entries` are read (other keys are ignored and dropped from the output); arrays are refused. */
export function openObject<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<{ readonly [key: string]: unknown }>(isPlainObject, 'an object'),
    v.object(entries, keyWords(entries)),
  );
}

/** An object of which `entries` are checked and every other key is kept as it came (a wire error's extra fields, such as `exitCode`); arrays are refused. */
export function keepingObject<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<{ readonly [key: string]: unknown }>(isPlainObject, 'an object'),
    v.looseObject(entries, keyWords(entries)),
  );
}

/** The words a schema gives for itself (its message, or the first of its pipe's), else its `expects` in words. */
function schemaWords(s: v.GenericSchema | v.ObjectEntries[string]): string {
  const direct = (s as { message?: unknown }).message;
  if (typeof direct === 'string') return direct;
  const pipe = (s as { pipe?: readonly { message?: unknown }[] }).pipe;
  const first = pipe?.find((p) => typeof p.message === 'string')?.message;
  if (typeof first === 'string') return first;
  const wrapped = (s as { wrapped?: v.GenericSchema }).wrapped;
  if (wrapped !== undefined) return schemaWords(wrapped);
  return expectedWords(s.expects);
}

/** A plain-object map of string keys to anything (`capabilities`, `targetActorRequirements`); its values are checked elsewhere when they must be. */
export function objectOf<T extends v.GenericSchema>(values: T, words = 'an object') {
  return v.pipe(
    v.custom<{ readonly [key: string]: unknown }>(isPlainObject, words),
    v.record(v.string(), values, words),
  );
}

/** `{ system, id }`, exactly those two string keys (the check the runtime has always used). */
export function address(words = 'an actor address { system: string, id: string }') {
  return v.custom<ActorAddress>(isActorAddress, words);
}

/** A string that is not empty, worded as `words` in messages. */
export function nonEmptyString(words = 'a non-empty string') {
  return v.pipe(v.string(words), v.nonEmpty(words));
}

/** A string matching `re`, worded as `words`. */
export function matching(re: RegExp, words: string) {
  return v.pipe(v.string(words), v.regex(re, words));
}

/** A whole number ≥ 0, worded as `words`. */
export function count(words = 'a whole number (0 or more)') {
  return v.pipe(v.number(words), v.integer(words), v.minValue(0, words));
}

/** Plain JSON data, walked (values that did not come out of JSON.parse, rare ones such as capabilities, admin messages); the message says where it stops being data. */
export function jsonValue(words = 'plain JSON data') {
  return v.pipe(
    v.custom<JsonValue>((x) => x !== undefined, words),
    v.check<JsonValue, (issue: v.CheckIssue<JsonValue>) => string>(
      (x) => isJsonValue(x),
      (issue) => `${words} (${jsonProblem(issue.input) ?? 'not data'})`,
    ),
  );
}

/** An object of plain JSON data (capabilities, requirements). */
export function jsonObject(words = 'an object of plain JSON data') {
  return v.custom<{ readonly [key: string]: JsonValue }>((x) => isPlainObject(x) && isJsonValue(x), words);
}

/**
 * Any value of a frame that JSON.parse produced: JSON data by construction, so it is not walked
 * again (actor messages on the hot path); only its presence is required.
 */
export function parsedJson(words = 'a JSON value') {
  return v.custom<JsonValue>((x) => x !== undefined, words);
}

/** Optional, and null counts as absent (senders that write `null` for "none"): the output has no null. */
export function absentOrNull<T extends v.GenericSchema>(schema: T) {
  return v.optional(
    v.pipe(
      v.nullable(schema),
      v.transform((x): v.InferOutput<T> | undefined => x ?? undefined),
    ),
  );
}

/**
 * A schema with a fast guard, for the frames every message crosses (an admin ask and its answer,
 * a convention message): valibot takes about half a microsecond per object, which those paths
 * cannot pay per message. The guard must accept exactly what the schema accepts;
 * test/runtime/wire-guards.test.ts holds each pair to that on a corpus of good and bad frames.
 * The schema stays the type (the guard's predicate is its v.InferOutput) and the messages: what
 * the guard refuses is decoded by the schema.
 */
export interface Guarded<S extends v.GenericSchema> {
  readonly schema: S;
  readonly guard: (x: unknown) => x is v.InferOutput<S>;
}

export function guarded<S extends v.GenericSchema>(
  schema: S,
  guard: (x: unknown) => x is v.InferOutput<S>,
): Guarded<S> {
  return { schema, guard };
}

/** {@link decodeWith} for a guarded schema: the guard first, the schema for anything it refuses. */
export function decodeGuarded<S extends v.GenericSchema>(
  g: Guarded<S>,
  input: unknown,
  what?: string,
  root?: string,
): Decoded<v.InferOutput<S>> {
  if (g.guard(input)) return { ok: true, value: input };
  return decodeWith(g.schema, input, what, root);
}

/** True when every own enumerable key of `o` is one of `keys` (as valibot's strict objects read them). */
export function onlyKeys(o: object, keys: readonly string[]): boolean {
  for (const k in o) if (!keys.includes(k)) return false;
  return true;
}

/**
 * The TLI document's type, derived from the schema (tli-schema.ts), and the typed reader that
 * builds it from a value the checker (tli-check.ts) accepted. The type is computed from the `as
 * const` shapes, so adding a key or changing its kind changes the type; the readers are typed by
 * that type, so a key without a reader, or a reader of another type, does not compile (where two
 * kinds share a type, test/language/tli-document.test.ts ties each reader to its key's kind); and
 * a value the readers cannot read is refused (undefined), never cast. No `as` anywhere.
 */
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import { isPlainObject } from '../../runtime/src/protocol/plain-object';
import type { TliActor } from '../../runtime/src/protocol/actor-lifecycle';
import type { TLI_ROOT, TliValueKind } from './tli-schema';

/** The value each leaf kind of the schema stands for (kind `object` is its shape's value). */
interface LeafValues {
  readonly name: string;
  readonly count: number;
  readonly 'boolean-or-count': boolean | number;
  readonly any: JsonValue;
}
type LeafKind = Exclude<TliValueKind, 'object'>;

type KeysOf<S> = S extends { readonly keys: readonly (infer K)[] } ? K : never;
type NameOf<K> = K extends { readonly name: infer N extends string } ? N : never;
type ValueOfKey<K> = K extends { readonly kind: 'object'; readonly shape: infer S }
  ? ValueOfShape<S>
  : K extends { readonly kind: infer L extends LeafKind }
    ? LeafValues[L]
    : never;
type Flat<T> = { readonly [P in keyof T]: T[P] } & {};

/** The value of an object of shape `S`: the Actors map, or its keys (required ones present). */
export type ValueOfShape<S> = S extends { readonly actorPaths: { readonly shape: infer A } }
  ? { readonly [actorPath: string]: ValueOfShape<A> }
  : Flat<
      { readonly [K in KeysOf<S> as K extends { readonly required: true } ? NameOf<K> : never]: ValueOfKey<K> } & {
        readonly [K in KeysOf<S> as K extends { readonly required: true } ? never : NameOf<K>]?: ValueOfKey<K>;
      }
    >;

/** A checked TLI file: the type of TLI_ROOT's value. */
export type TliDocument = ValueOfShape<typeof TLI_ROOT>;
type ActorsValue = TliDocument['Actors'];
type ActorValue = ActorsValue[string];
type OnLoadValue = NonNullable<ActorValue['OnLoad']>;
type MessageSectionValue = NonNullable<ActorValue['OnReactivate']>;

type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
/**
 * The schema's actor entry and the wire's (protocol's TliActor, which DefineGroup carries) are
 * the same type: a key added to one and not the other fails here at compile time.
 */
export type ActorEntryMatchesWire = Same<ActorValue, TliActor> extends true ? true : never;
export const ACTOR_ENTRY_MATCHES_WIRE: ActorEntryMatchesWire = true;

type Read<T> = (v: JsonValue) => T | undefined;
/** One reader per key of `T`, each returning that key's type: every key must have one. */
export type Readers<T> = { readonly [P in keyof T]-?: Read<Exclude<T[P], undefined>> };
type Building<T> = { -readonly [P in keyof T]?: T[P] };

function hasReader<T>(readers: Readers<T>, key: string): key is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(readers, key);
}
/** Every string value inside `v` through `str` (keys are left alone), as a new value. */
export function mapStrings(v: JsonValue, str: (s: string) => string): JsonValue {
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, str));
  if (!isPlainObject(v)) return v;
  const out: { [key: string]: JsonValue } = {};
  for (const [k, x] of Object.entries(v)) {
    // Defined, not assigned: a key such as __proto__ is data, never a prototype.
    Object.defineProperty(out, k, { value: mapStrings(x, str), writable: true, enumerable: true, configurable: true });
  }
  return out;
}

type LeafReaders = { readonly [L in LeafKind]: Read<LeafValues[L]> };

/**
 * The reader of each leaf kind: the kind's type, strings passed through `str`. Value rules (a
 * name is not blank, a count is a whole number >= 0) are the checker's; the reader only types.
 */
function leafReaders(str: (s: string) => string): LeafReaders {
  return {
    name: (v) => (typeof v === 'string' ? str(v) : undefined),
    count: (v) => (typeof v === 'number' ? v : undefined),
    'boolean-or-count': (v) => (typeof v === 'boolean' || typeof v === 'number' ? v : undefined),
    any: (v) => mapStrings(v, str),
  };
}

/** The keys of an object, in file order, each read by its reader; an unknown or unreadable key refuses the whole. */
function readObject<T>(v: JsonValue, readers: Readers<T>): Building<T> | undefined {
  if (!isPlainObject(v)) return undefined;
  const out: Building<T> = {};
  for (const [key, item] of Object.entries(v)) {
    // A key present with the value undefined (a document built in code) is an absent key.
    if (item === undefined) continue;
    if (!hasReader(readers, key)) return undefined;
    const read = readers[key](item);
    if (read === undefined) return undefined;
    out[key] = read;
  }
  return out;
}

function readMap<T>(v: JsonValue, read: Read<T>): { readonly [key: string]: T } | undefined {
  if (!isPlainObject(v)) return undefined;
  const out: { [key: string]: T } = {};
  for (const [key, item] of Object.entries(v)) {
    const value = read(item);
    if (value === undefined) return undefined;
    // Defined, not assigned: an actor path is data, never a prototype.
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

/** The readers of every shape, by shape id, with strings passed through `str`. */
function shapeReaders(str: (s: string) => string) {
  const leaf = leafReaders(str);
  const onMessage: Readers<MessageSectionValue> = { Message: leaf.any };
  const onLoad: Readers<OnLoadValue> = { Role: leaf.name, Message: leaf.any, GlobalName: leaf.name };
  const actor: Readers<ActorValue> = {
    OnLoad: (v) => readObject(v, onLoad),
    OnReactivate: (v) => readObject(v, onMessage),
    OnDeactivate: (v) => readObject(v, onMessage),
  };
  const root: Readers<TliDocument> = {
    Actors: (v) => readMap(v, (a) => readObject(a, actor)),
    AutoUnload: leaf['boolean-or-count'],
    TLS_Keep_Limit: leaf.count,
    TLS_Memory_MiB: leaf.count,
  };
  return { leaf, root, actor, onLoad, onReactivate: onMessage, onDeactivate: onMessage };
}

const AS_WRITTEN = shapeReaders((s) => s);

/**
 * The readers as written, for the test that ties each key's reader to its kind in the schema
 * (`leaf` by kind; the others by shape id, each key's reader).
 */
export const TLI_READERS: {
  readonly leaf: { readonly [kind: string]: Read<JsonValue> };
  readonly [shapeId: string]: { readonly [key: string]: Read<unknown> };
} = AS_WRITTEN;

/**
 * The typed document of a value the checker accepted (every string value through `str`, keys
 * left alone), or undefined when the value is not one.
 */
export function readTliDocument(v: JsonValue, str?: (s: string) => string): TliDocument | undefined {
  const root = readObject(v, str === undefined ? AS_WRITTEN.root : shapeReaders(str).root);
  if (root === undefined || root.Actors === undefined) return undefined;
  return { ...root, Actors: root.Actors };
}

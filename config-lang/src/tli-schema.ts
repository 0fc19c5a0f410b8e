/**
 * THE TLI schema: every key at every level, what its value must be, and what it means (the hover
 * text: the original Director's meaning of each key, with this port's fixes). The daemon's loader and gensrc
 * (through `validateTli`) and the language service read this one module, so they never disagree.
 *
 * To add a key: add it to its shape below, give its value kind (tli-check.ts checks kinds) and
 * its doc; give it its kind's reader in tli-document.ts (the document type is derived from these
 * `as const` shapes, so the build fails until it has one); add a corpus case in
 * test/fixtures/tli-corpus; document it in docs/tli.md.
 */

/** What a key's value must be. */
export type TliValueKind =
  /** An object of the shape `shape`. */
  | 'object'
  /** A non-empty string (Role, GlobalName). */
  | 'name'
  /** `true`, `false` or an integer ≥ 0 (AutoUnload). */
  | 'boolean-or-count'
  /** An integer ≥ 0 (TLS_Keep_Limit). */
  | 'count'
  /** Any plain value: string, number, boolean, null, array or object (Message). */
  | 'any';

export interface TliKeySpec {
  readonly name: string;
  readonly kind: TliValueKind;
  /** For kind `object`: the shape of the value. */
  readonly shape?: TliShape;
  readonly required?: boolean;
  /** One line, for completion lists. */
  readonly summary: string;
  /** Markdown, for hovers. */
  readonly doc: string;
  /** The value a completion inserts after `Key: ` (JSON5 text). */
  readonly valueTemplate: string;
}

export type TliShapeId = 'root' | 'actors' | 'actor' | 'onLoad' | 'onReactivate' | 'onDeactivate';

export interface TliShape {
  readonly id: TliShapeId;
  /** How the shape is named in messages: "the top level", "an OnLoad section". */
  readonly title: string;
  readonly keys: readonly TliKeySpec[];
  /** The Actors map: its keys are actor paths, not names from `keys`. */
  readonly actorPaths?: { readonly shape: TliShape };
}

const MESSAGE_VALUE = 'any plain value: a string, number, boolean, null, array or object';

function messageKey<const W extends string>(when: W) {
  return {
    name: 'Message',
    kind: 'any',
    summary: `the message sent ${when}`,
    doc:
      `**Message**: the message sent to the actor ${when}.\n\n` +
      `Value: ${MESSAGE_VALUE}. Present means sent, whatever the value (\`0\`, \`""\`, \`false\` and ` +
      '`null` are sent too); absent means nothing is sent. Strings may hold `${env:NAME}` or ' +
      '`${env:NAME:-default}`, replaced from the environment of the loading command.',
    valueTemplate: "''",
  } as const satisfies TliKeySpec;
}

const ON_LOAD = {
  id: 'onLoad',
  title: 'an OnLoad section',
  keys: [
    {
      name: 'Role',
      kind: 'name',
      summary: 'a name for the actor, used by other Director commands',
      doc:
        '**Role**: a name for this actor that other Director commands and `get_role_address` ' +
        'use to find it (`director list` shows it). A non-empty string, unique within the TLI.',
      valueTemplate: "''",
    },
    messageKey('when the source is loaded, right after the actor is created'),
    {
      name: 'GlobalName',
      kind: 'name',
      summary: 'create the actor under this global name',
      doc:
        '**GlobalName**: the actor is created under this global name, so that any program can ' +
        'reach it by name. A new version of the group takes the name over from the old ' +
        "version's actor. A non-empty string, unique within the TLI. Optional.",
      valueTemplate: "''",
    },
  ],
} as const satisfies TliShape;

const ON_REACTIVATE = {
  id: 'onReactivate',
  title: 'an OnReactivate section',
  keys: [messageKey('when this source becomes active again because a newer version of the group was unloaded')],
} as const satisfies TliShape;

const ON_DEACTIVATE = {
  id: 'onDeactivate',
  title: 'an OnDeactivate section',
  keys: [messageKey('when this source stops being the active one: a newer version was loaded, or it is unloaded')],
} as const satisfies TliShape;

const ACTOR = {
  id: 'actor',
  title: 'an actor entry',
  keys: [
    {
      name: 'OnLoad',
      kind: 'object',
      shape: ON_LOAD,
      summary: 'create the actor when the source is loaded',
      doc:
        '**OnLoad**: when a source of the group is loaded, the Director creates this actor ' +
        '(under `GlobalName` if given), records it under `Role`, and sends it `Message` if present.\n\n' +
        'Keys: `Role`, `Message`, `GlobalName`, all optional.',
      valueTemplate: "{ Role: '' }",
    },
    {
      name: 'OnReactivate',
      kind: 'object',
      shape: ON_REACTIVATE,
      summary: 'message sent when this source becomes active again',
      doc:
        '**OnReactivate**: when a newer source of the group is unloaded and this (older, still ' +
        'loaded) source becomes active again, its `Message` is sent to the actor. Nothing is ' +
        'sent without a `Message`.\n\nKeys: `Message`.',
      valueTemplate: "{ Message: '' }",
    },
    {
      name: 'OnDeactivate',
      kind: 'object',
      shape: ON_DEACTIVATE,
      summary: 'message sent when this source stops being active',
      doc:
        '**OnDeactivate**: when a newer source of the group is loaded, or this one is unloaded, ' +
        'its `Message` is sent to the actor. The old source is unloaded afterwards only under ' +
        '`AutoUnload`. `director shutdown` sends no OnDeactivate messages.\n\nKeys: `Message`.',
      valueTemplate: "{ Message: '' }",
    },
  ],
} as const satisfies TliShape;

const ACTORS = {
  id: 'actors',
  title: 'the Actors map',
  keys: [],
  actorPaths: { shape: ACTOR },
} as const satisfies TliShape;

/** The top level of a TLI file. */
export const TLI_ROOT = {
  id: 'root',
  title: 'the top level',
  keys: [
    {
      name: 'Actors',
      kind: 'object',
      shape: ACTORS,
      required: true,
      summary: 'the actors of the group, by actor path',
      doc:
        '**Actors** (required): the actors the Director starts for this group. Each key is an ' +
        'actor path inside the package: `foo.subdir2.barn.cowactor.CowActor` is the class ' +
        '`CowActor` exported by `foo/subdir2/barn/cowactor.ts`; a module path alone ' +
        "(`foo.fooactor`) names that module's single exported actor class. Each value may hold " +
        '`OnLoad`, `OnReactivate` and `OnDeactivate`.',
      valueTemplate: '{}',
    },
    {
      name: 'AutoUnload',
      kind: 'boolean-or-count',
      summary: 'unload older sources of the group after a load',
      doc:
        '**AutoUnload**: what happens to the older loaded sources of the group after a load. ' +
        '`true`: unload them all; `false` or absent: keep them; an integer *n* ≥ 0: keep *n* ' +
        'loaded sources, the new one included (0 and 1 act like `true`).',
      valueTemplate: 'true',
    },
    {
      name: 'TLS_Keep_Limit',
      kind: 'count',
      summary: 'keep at most this many .tls files of the group',
      doc:
        '**TLS_Keep_Limit**: after a load completes, the Director deletes the oldest `.tls` files ' +
        'of this group from the director dir so that at most this many remain; a file of a ' +
        'loaded source is never deleted. An integer ≥ 0; 0 or absent keeps them all.',
      valueTemplate: '3',
    },
    {
      name: 'TLS_Memory_MiB',
      kind: 'count',
      summary: 'memory budget of each source of the group, in MiB',
      doc:
        '**TLS_Memory_MiB**: the memory a loaded source of this group may hold, in MiB: its JS heap ' +
        'plus its Buffers and ArrayBuffers. A source over it loses its worker (its actors end, ' +
        '`list` shows why, the restart budget applies); the daemon and other sources go on. ' +
        'Absent or 0: the daemon default (`THESPIAN_SOURCE_MEMORY_MB`, else 1024).',
      valueTemplate: '256',
    },
  ],
} as const satisfies TliShape;

/** The shape of the object reached through `path` (keys from the top), if the schema has one. */
export function tliShapeAt(path: readonly string[]): TliShape | undefined {
  let shape: TliShape | undefined = TLI_ROOT;
  for (const key of path) {
    if (!shape) return undefined;
    if (shape.actorPaths) shape = shape.actorPaths.shape;
    else shape = shape.keys.find((k) => k.name === key)?.shape;
  }
  return shape;
}

/** The spec of `key` inside the object reached through `path`. */
export function tliKeyAt(path: readonly string[], key: string): TliKeySpec | undefined {
  return tliShapeAt(path)?.keys.find((k) => k.name === key);
}

/** Every shape, for "this key belongs elsewhere" hints. */
export const TLI_SHAPES: readonly TliShape[] = [TLI_ROOT, ACTORS, ACTOR, ON_LOAD, ON_REACTIVATE, ON_DEACTIVATE];

/**
 * Actor path syntax: two or more dot-separated segments, each a letter, `_` or `$` followed by
 * letters, digits, `_`, `$` or `-` (kebab-case module files are common in TypeScript projects).
 * `foo.subdir2.barn.cowactor.CowActor`, `foo.fooactor`, `app.cow-actor.CowActor`.
 */
export const ACTOR_PATH_SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Why `path` is not a valid actor path, or undefined when it is. */
export function actorPathProblem(path: string): string | undefined {
  if (path === '') return 'an actor path may not be empty';
  if (path.trim() !== path) return 'an actor path may not start or end with spaces';
  const parts = path.split('.');
  if (parts.length < 2 && parts[0] !== '' && ACTOR_PATH_SEGMENT.test(parts[0])) {
    // As the loader (source-host/class-resolver.ts): a class is named through its module.
    return `'${path}' is a single name: write the module path and the class, 'module.${path}', or the module path alone`;
  }
  for (const p of parts) {
    if (p === '') return 'an actor path has an empty segment (two dots in a row, or a dot at an end)';
    if (!ACTOR_PATH_SEGMENT.test(p)) {
      return `segment '${p}' is not a name: each segment starts with a letter, _ or $ and holds letters, digits, _, $ or -`;
    }
  }
  return undefined;
}

/**
 * `${env:NAME}` and `${env:NAME:-default}`: the only substitutions a TLI string may hold.
 * Shared by the checker (tli-env.ts) and `expandEnv`, so what is accepted is what is expanded.
 */
export const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

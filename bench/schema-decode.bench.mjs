// Decode cost of wire frames (issue 13, "types derived from checks"): the same four frames checked
// by the hand-written checks the runtime had (copied below, frozen, as the baseline), by valibot,
// by TypeBox (TypeCompiler) and by zod, in one run, alternating each round so that no library
// always runs first. JSON.parse is left out (the same for all); each variant checks the envelope
// and the params with its schema and the actor message with the same plain-data walk, as the
// runtime does. A last row times the runtime's own decoders (out/), as built now, against the
// frozen hand checks. zod and TypeBox are dev dependencies for this comparison only.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as v from 'valibot';
import { Type as T } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { z } from 'zod';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const ADDR = { system: '127.0.0.1:1900', id: 'w3.17' };
const MESSAGE = { text: 'hello', n: 3, tags: ['a', 'b'], nested: { ok: true, ratio: 0.5 } };
/** The four frames, as JSON.parse gives them. */
const FRAMES = {
  'admin ask': { id: 17, method: 'actor/ask', params: { to: ADDR, message: MESSAGE }, timeoutMs: 30000 },
  'convention deliver': {
    event: 'convention/deliver',
    params: { to: ADDR, from: { system: '10.0.0.2:1900', id: 'a4' }, message: MESSAGE },
  },
  'worker m': ['m', ADDR, MESSAGE, 'w3.2'],
  'Director DefineGroup': {
    DirectorOp: 'DefineGroup',
    Group: 'foo',
    Actors: {
      'foo.fooactor.FooActor': {
        OnLoad: { Role: 'MainFoo', Message: { start: 1 }, GlobalName: 'Foo' },
        OnDeactivate: { Message: 'bye' },
      },
    },
    AutoUnload: 2,
    TLS_Keep_Limit: 3,
  },
};

// ------------------------------------------------------------------------------------------
// The plain-data walk every variant runs on actor messages (runtime/src/transport/plain-data.ts).
function plainProblem(x, depth) {
  if (depth > 200) return 'deep';
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(x) ? undefined : 'not finite';
    case 'object': {
      if (x === null) return undefined;
      if (Array.isArray(x)) {
        for (const e of x) if (plainProblem(e, depth + 1) !== undefined) return 'bad';
        return undefined;
      }
      const proto = Object.getPrototypeOf(x);
      if (proto !== Object.prototype && proto !== null) return 'instance';
      for (const k of Object.keys(x)) if (plainProblem(x[k], depth + 1) !== undefined) return 'bad';
      return undefined;
    }
    default:
      return 'not data';
  }
}
const plainOk = (x) => plainProblem(x, 0) === undefined;

// ------------------------------------------------------------------------------------------
// Hand checks, as in the runtime before the schemas (decodeFrame + askParams, checkDeliver, the
// worker channel's 'm' check, decodeDirectorRequest's DefineGroup branch).
const isObj = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);
const isAddr = (x) =>
  isObj(x) && typeof x.system === 'string' && typeof x.id === 'string' && Object.keys(x).length === 2;
const hand = {
  'admin ask'(f) {
    if (!isObj(f)) return false;
    for (const k of Object.keys(f))
      if (k !== 'id' && k !== 'method' && k !== 'params' && k !== 'timeoutMs') return false;
    if (!(Number.isSafeInteger(f.id) && f.id > 0) || typeof f.method !== 'string' || f.method === '') return false;
    if (typeof f.timeoutMs !== 'number' || !Number.isFinite(f.timeoutMs) || f.timeoutMs < 1 || f.timeoutMs > 600000)
      return false;
    const p = f.params;
    if (!isObj(p)) return false;
    for (const k of Object.keys(p)) if (k !== 'to' && k !== 'message') return false;
    return isAddr(p.to) && 'message' in p && plainOk(p.message);
  },
  'convention deliver'(f) {
    if (!isObj(f)) return false;
    for (const k of Object.keys(f)) if (k !== 'event' && k !== 'params') return false;
    if (typeof f.event !== 'string' || f.event === '') return false;
    const p = f.params;
    return isObj(p) && isAddr(p.to) && (p.from === null || isAddr(p.from)) && 'message' in p;
  },
  'worker m'(t) {
    return (
      Array.isArray(t) &&
      t[0] === 'm' &&
      isAddr(t[1]) &&
      (t[3] === null || (typeof t[3] === 'string' && t[3].startsWith('w3.')))
    );
  },
  'Director DefineGroup'(m) {
    if (
      !isObj(m) ||
      typeof m.DirectorOp !== 'string' ||
      typeof m.Group !== 'string' ||
      !/^[A-Za-z_][A-Za-z0-9_]*$/.test(m.Group)
    )
      return false;
    if (m.Actors !== undefined && !isObj(m.Actors)) return false;
    for (const s of Object.values(m.Actors ?? {})) {
      if (!isObj(s)) return false;
      for (const k of Object.keys(s)) if (!['OnLoad', 'OnReactivate', 'OnDeactivate'].includes(k)) return false;
      for (const [sec, allowed] of [
        ['OnLoad', ['Role', 'Message', 'GlobalName']],
        ['OnReactivate', ['Message']],
        ['OnDeactivate', ['Message']],
      ]) {
        const x = s[sec];
        if (x === undefined) continue;
        if (!isObj(x)) return false;
        for (const k of Object.keys(x)) if (!allowed.includes(k)) return false;
        for (const k of ['Role', 'GlobalName'])
          if (x[k] !== undefined && x[k] !== null && typeof x[k] !== 'string') return false;
      }
    }
    const au = m.AutoUnload;
    if (au !== undefined && au !== null && typeof au !== 'boolean' && !(Number.isInteger(au) && au >= 0)) return false;
    const kl = m.TLS_Keep_Limit;
    return kl === undefined || kl === null || (Number.isInteger(kl) && kl >= 0);
  },
};

// ------------------------------------------------------------------------------------------
// valibot
const vAddr = v.strictObject({ system: v.string(), id: v.string() });
const vCount = v.pipe(v.number(), v.integer(), v.minValue(0));
const vSection = (keys) =>
  v.strictObject(
    Object.fromEntries(keys.map((k) => [k, k === 'Message' ? v.optional(v.unknown()) : v.nullish(v.string())])),
  );
const vSchemas = {
  'admin ask': v.strictObject({
    id: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
    method: v.pipe(v.string(), v.nonEmpty()),
    params: v.strictObject({ to: vAddr, message: v.pipe(v.unknown(), v.check(plainOk)) }),
    timeoutMs: v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(600000)),
  }),
  'convention deliver': v.strictObject({
    event: v.pipe(v.string(), v.nonEmpty()),
    params: v.object({ to: vAddr, from: v.nullable(vAddr), message: v.unknown() }),
  }),
  'worker m': v.tuple([v.literal('m'), vAddr, v.unknown(), v.nullable(v.pipe(v.string(), v.startsWith('w3.')))]),
  'Director DefineGroup': v.object({
    DirectorOp: v.literal('DefineGroup'),
    Group: v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)),
    Actors: v.optional(
      v.record(
        v.string(),
        v.strictObject({
          OnLoad: v.optional(vSection(['Role', 'Message', 'GlobalName'])),
          OnReactivate: v.optional(vSection(['Message'])),
          OnDeactivate: v.optional(vSection(['Message'])),
        }),
      ),
    ),
    AutoUnload: v.nullish(v.union([v.boolean(), vCount])),
    TLS_Keep_Limit: v.nullish(vCount),
  }),
};
const valibot = Object.fromEntries(Object.entries(vSchemas).map(([k, s]) => [k, (f) => v.safeParse(s, f).success]));

// ------------------------------------------------------------------------------------------
// TypeBox, compiled
const tAddr = T.Object({ system: T.String(), id: T.String() }, { additionalProperties: false });
const tCount = T.Integer({ minimum: 0 });
const tSection = (keys) =>
  T.Object(
    Object.fromEntries(
      keys.map((k) => [k, k === 'Message' ? T.Optional(T.Unknown()) : T.Optional(T.Union([T.String(), T.Null()]))]),
    ),
    { additionalProperties: false },
  );
const tSchemas = {
  'admin ask': T.Object(
    {
      id: T.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
      method: T.String({ minLength: 1 }),
      params: T.Object({ to: tAddr, message: T.Unknown() }, { additionalProperties: false }),
      timeoutMs: T.Number({ minimum: 1, maximum: 600000 }),
    },
    { additionalProperties: false },
  ),
  'convention deliver': T.Object(
    {
      event: T.String({ minLength: 1 }),
      params: T.Object({ to: tAddr, from: T.Union([tAddr, T.Null()]), message: T.Unknown() }),
    },
    { additionalProperties: false },
  ),
  'worker m': T.Tuple([T.Literal('m'), tAddr, T.Unknown(), T.Union([T.String({ pattern: '^w3\\.' }), T.Null()])]),
  'Director DefineGroup': T.Object({
    DirectorOp: T.Literal('DefineGroup'),
    Group: T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
    Actors: T.Optional(
      T.Record(
        T.String(),
        T.Object(
          {
            OnLoad: T.Optional(tSection(['Role', 'Message', 'GlobalName'])),
            OnReactivate: T.Optional(tSection(['Message'])),
            OnDeactivate: T.Optional(tSection(['Message'])),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    AutoUnload: T.Optional(T.Union([T.Boolean(), tCount, T.Null()])),
    TLS_Keep_Limit: T.Optional(T.Union([tCount, T.Null()])),
  }),
};
const typebox = Object.fromEntries(
  Object.entries(tSchemas).map(([k, s]) => {
    const c = TypeCompiler.Compile(s);
    // The message of an ask is checked by the same plain-data walk as in the other variants.
    return [k, k === 'admin ask' ? (f) => c.Check(f) && plainOk(f.params.message) : (f) => c.Check(f)];
  }),
);

// TypeBox without code generation (Value.Check walks the schema; Compile builds a function from text).
const typeboxValue = Object.fromEntries(
  Object.entries(tSchemas).map(([k, s]) => [
    k,
    k === 'admin ask' ? (f) => Value.Check(s, f) && plainOk(f.params.message) : (f) => Value.Check(s, f),
  ]),
);

// ------------------------------------------------------------------------------------------
// zod
const zAddr = z.strictObject({ system: z.string(), id: z.string() });
const zCount = z.number().int().min(0);
const zSection = (keys) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, k === 'Message' ? z.unknown() : z.string().nullish()])));
const zSchemas = {
  'admin ask': z.strictObject({
    id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    method: z.string().min(1),
    params: z.strictObject({ to: zAddr, message: z.unknown().refine(plainOk) }),
    timeoutMs: z.number().min(1).max(600000),
  }),
  'convention deliver': z.strictObject({
    event: z.string().min(1),
    params: z.object({ to: zAddr, from: zAddr.nullable(), message: z.unknown() }),
  }),
  'worker m': z.tuple([z.literal('m'), zAddr, z.unknown(), z.string().startsWith('w3.').nullable()]),
  'Director DefineGroup': z.object({
    DirectorOp: z.literal('DefineGroup'),
    Group: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    Actors: z
      .record(
        z.string(),
        z.strictObject({
          OnLoad: zSection(['Role', 'Message', 'GlobalName']).optional(),
          OnReactivate: zSection(['Message']).optional(),
          OnDeactivate: zSection(['Message']).optional(),
        }),
      )
      .optional(),
    AutoUnload: z.union([z.boolean(), zCount]).nullish(),
    TLS_Keep_Limit: zCount.nullish(),
  }),
};
const zod = Object.fromEntries(Object.entries(zSchemas).map(([k, s]) => [k, (f) => s.safeParse(f).success]));

// ------------------------------------------------------------------------------------------
// The runtime's decoders as built now (out/), for the same frames.
function runtimeDecoders() {
  const out = (p) => require(path.join(root, 'out/runtime/src', p));
  const { decodeFrame } = out('protocol/admin-protocol.js');
  const { checkDeliver } = out('protocol/convention-protocol.js');
  const { decodeDirectorRequest } = out('protocol/director-messages.js');
  const { askParams } = out('daemon/admin-params.js');
  return {
    'admin ask'(f) {
      const d = decodeFrame(f);
      return d.ok && d.kind === 'request' && askParams('actor/ask', d.frame.params) !== undefined;
    },
    'convention deliver'(f) {
      const d = decodeFrame(f);
      return d.ok && d.kind === 'event' && checkDeliver(d.frame.params).ok;
    },
    'Director DefineGroup': (m) => decodeDirectorRequest(m).ok,
  };
}

/** ops/s of `check` over `frame`, timed for about `ms`. */
function opsPerSecond(check, frame, ms) {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 2000; i++) if (!check(frame)) throw new Error('a valid frame was refused');
    n += 2000;
    t = performance.now();
  }
  return n / ((t - t0) / 1000);
}

const ROUNDS = 5;
const ROUND_MS = 150;

export default async () => {
  const variants = { hand, valibot, typebox, typeboxValue, zod };
  let runtime;
  try {
    runtime = runtimeDecoders();
  } catch {
    runtime = undefined; // not built: the row is left out
  }
  if (runtime !== undefined) variants.runtime = runtime;
  const names = Object.keys(variants);
  const best = {};
  for (const frame of Object.keys(FRAMES)) {
    best[frame] = {};
    for (const name of names) {
      const c = variants[name][frame];
      if (c !== undefined) {
        opsPerSecond(c, FRAMES[frame], 50); // warm up
        best[frame][name] = 0;
      }
    }
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round: no variant always runs first.
      const order = names
        .map((_, i) => names[(i + round) % names.length])
        .filter((n) => variants[n][frame] !== undefined);
      for (const name of order)
        best[frame][name] = Math.max(best[frame][name], opsPerSecond(variants[name][frame], FRAMES[frame], ROUND_MS));
    }
  }
  const rows = [];
  for (const frame of Object.keys(FRAMES)) {
    const base = { name: 'hand checks (before the schemas), same run', value: best[frame].hand, unit: 'ops/s' };
    for (const name of names.filter((n) => n !== 'hand' && best[frame][n] !== undefined)) {
      const label =
        {
          runtime: 'runtime decoders (out/, as built now)',
          typebox: 'TypeBox (TypeCompiler: generated code, new Function)',
          typeboxValue: 'TypeBox (Value.Check, no generated code)',
        }[name] ?? name;
      rows.push({
        area: 'schema-decode',
        name: `${frame} frame: ${label}`,
        value: best[frame][name],
        unit: 'ops/s',
        baseline: base,
        note: `best of ${ROUNDS} rounds of ${ROUND_MS} ms, order rotated each round`,
      });
    }
  }
  return rows;
};

// The frames every message crosses are passed by a fast guard before their schema (wire-schema.ts,
// `guarded`): each guard must accept exactly what its schema accepts, or a check and its type
// would drift apart again. Each pair is held to that on a corpus: good frames and every one-field
// change of them to values of every kind, missing and extra keys, `__proto__`, non-objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as v from 'valibot';
import { GuardedFrames, GuardedParams } from '../../runtime/src/protocol/admin-protocol';
import { GuardedConvention } from '../../runtime/src/protocol/convention-protocol';
import { GuardedWorkerFrames, WorkerFrameSchemas } from '../../runtime/src/protocol/worker-protocol';
import type { Guarded } from '../../runtime/src/protocol/wire-schema';

const ADDR = { system: '127.0.0.1:1900', id: 'w1.3' };
const VALUES: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  1,
  -1,
  1.5,
  600_000,
  600_001,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  '',
  'x',
  [],
  [1],
  {},
  { a: 1 },
  ADDR,
  { system: 'a' },
  { system: 'a', id: 'b', x: 1 },
  { system: 1, id: 'b' },
  { code: 'C', message: 'm' },
  { code: 'C' },
  new Date(0),
  new Uint8Array(1),
  { nested: { deep: [1, { d: new Date(0) }] } },
  { n: Number.NaN },
];

/** `base`, and each key dropped, set to each value, an extra key and a `__proto__` key. */
function corpus(base: { readonly [key: string]: unknown }): unknown[] {
  const out: unknown[] = [base, null, 'frame', [], [base], 42];
  for (const k of Object.keys(base)) {
    out.push(Object.fromEntries(Object.entries(base).filter(([key]) => key !== k)));
    for (const x of VALUES) out.push({ ...base, [k]: x });
  }
  out.push({ ...base, extra: 1 });
  out.push(JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(base).slice(1)}`));
  return out;
}

/**
 * A worker frame (a tuple) `base`, and each item dropped, set to each value, set to an object
 * with a `__proto__` key, an extra item, a hole, the frame as an object of the same keys.
 */
function tupleCorpus(base: readonly unknown[]): unknown[] {
  const out: unknown[] = [base, null, 'frame', [], [base], 42, { ...base }, [...base, 1], base.slice(0, -1)];
  for (let i = 0; i < base.length; i++) {
    out.push(base.filter((_, k) => k !== i));
    const protoKey: unknown = JSON.parse('{"__proto__":{"x":1},"system":"a","id":"b"}');
    for (const x of [...VALUES, protoKey]) out.push(base.map((y, k) => (k === i ? x : y)));
    // A hole where the item was (structured clone keeps holes).
    const holed: unknown[] = [];
    holed.length = base.length;
    for (let k = 0; k < base.length; k++) if (k !== i) holed[k] = base[k];
    out.push(holed);
  }
  return out;
}

const isTuple = (b: unknown): b is readonly unknown[] => Array.isArray(b);

function sameVerdicts<S extends v.GenericSchema>(
  name: string,
  g: Guarded<S>,
  bases: readonly { readonly [key: string]: unknown }[] | readonly (readonly unknown[])[],
): void {
  let accepted = 0;
  for (const base of bases) {
    for (const x of isTuple(base) ? tupleCorpus(base) : corpus(base)) {
      const bySchema = v.is(g.schema, x);
      assert.equal(g.guard(x), bySchema, `${name}: guard and schema disagree on ${JSON.stringify(x) ?? String(x)}`);
      if (bySchema) accepted++;
    }
  }
  assert.ok(accepted > 0, `${name}: the corpus holds good frames`);
}

test('the admin request frame guard accepts exactly what its schema accepts', () => {
  sameVerdicts('request', GuardedFrames.request, [
    { id: 1, method: 'actor/ask', params: { to: ADDR, message: 1 }, timeoutMs: 30_000 },
    { id: 2, method: 'admin/status', timeoutMs: 1 },
  ]);
});

test('the admin response guards (result, error) accept exactly what their schemas accept', () => {
  sameVerdicts('result', GuardedFrames.result, [
    { id: 1, result: { reply: 1, sender: ADDR } },
    { id: 0, result: null },
  ]);
  sameVerdicts('error', GuardedFrames.error, [
    { id: 3, error: { code: 'C', message: 'm', data: { x: 1 }, exitCode: 7 } },
    { id: 0, error: { code: 'C', message: 'm' } },
  ]);
});

test('the event frame guard accepts exactly what its schema accepts', () => {
  sameVerdicts('event', GuardedFrames.event, [
    { event: 'convention/deliver-batch', params: { messages: [] } },
    { event: 'x' },
  ]);
});

test('the tell/ask params guard accepts exactly what its schema accepts (messages walked as plain data)', () => {
  sameVerdicts('message params', GuardedParams.message, [
    { to: ADDR, message: { text: 'hi', list: [1, null, { ok: true }] } },
    { to: ADDR, message: null },
  ]);
});

test('the convention deliver guard accepts exactly what its schema accepts', () => {
  sameVerdicts('deliver', GuardedConvention.deliver, [
    { to: ADDR, from: null, message: 'moo' },
    { to: ADDR, from: ADDR, message: { $bytes: 'AA==' } },
  ]);
});

test("the worker channel's message guards (worker → main, main → worker) accept exactly what their schemas accept", () => {
  // An address of the sender's own system crosses as its id: both forms are good frames.
  sameVerdicts('m from a worker', GuardedWorkerFrames.messageFromWorker, [
    ['m', ADDR, { text: 'hi', when: new Date(0) }, 'w1.3'],
    ['m', ADDR, undefined, null],
    ['m', 'ar1.7', 'W:1', 'w1.3'],
  ]);
  sameVerdicts('m to a worker', GuardedWorkerFrames.messageToWorker, [
    ['m', 'w1.3', [1, 2], ADDR],
    ['m', 'w1.3', null, null],
    ['m', 'w1.3', '1', 'ar1.7'],
  ]);
});

test('the direct-channel batch guard accepts exactly what its schema accepts (columns of one length)', () => {
  sameVerdicts('peer batch', GuardedWorkerFrames.peerBatch, [
    [
      ['w1.1', 'w1.2'],
      ['a', { b: 1 }],
      ['w2.1', null],
    ],
    [[], [], []],
    [['w1.1'], [undefined], [null]],
  ]);
  // Columns of different lengths, and an item that is not an id, in the middle of a column.
  for (const bad of [
    [['w1.1'], [], [null]],
    [['w1.1', 'w1.2'], ['a', 'b'], [null]],
    [
      ['w1.1', 7],
      ['a', 'b'],
      [null, null],
    ],
    [
      ['w1.1', 'w1.2'],
      ['a', 'b'],
      [null, 3],
    ],
  ]) {
    assert.equal(GuardedWorkerFrames.peerBatch.guard(bad), false, JSON.stringify(bad));
    assert.equal(v.is(GuardedWorkerFrames.peerBatch.schema, bad), false, JSON.stringify(bad));
  }
});

test('every worker frame kind has a schema: frames the runtime writes decode, forged ones do not', () => {
  const good = {
    fromWorker: [
      ['ready'],
      ['m', ADDR, 'x', null],
      ['m', 'a1', 'x', 'w1.1'],
      ['s', 'w1.1', 'foo.Foo', null],
      ['s', 'w1.1', 'foo.Foo', ADDR],
      ['x', 'w1.1', 'ended'],
      ['r', 1, true, 'w1.2'],
      ['r', 1, false, { code: 'C', message: 'm' }],
      ['q', 2, { op: 'create', spec: 'a.B', options: { sourceHash: 'h', parent: ADDR } }],
      ['q', 3, { op: 'load', bytes: new Uint8Array(2), info: 'i' }],
      ['q', 4, { op: 'unload', sourceHash: 'h' }],
      ['n', { op: 'register-authority', id: 'w1.1' }],
      ['n', { op: 'notify-sources', id: 'w1.1', enable: false }],
      ['n', { op: 'shutdown' }],
      ['l', 'info', 'name', 'text'],
      ['e'],
      ['p', 2],
      ['S', 5, { received: 1 }],
    ],
    toWorker: [
      ['m', 'w1.1', 'x', ADDR],
      ['m', 'w1.1', 'x', 'a1'],
      ['c', 1, 'a.B', { globalName: 'g', targetActorRequirements: { gpu: true } }],
      ['r', 2, true, { address: ADDR, created: true }],
      ['r', 2, false, { code: 'C', message: 'm', exitCode: 3 }],
      ['x', 'shutting down'],
      ['C', { gpu: true }],
      ['P', 2, 'send', null],
      ['P', 2, 'receive', {}],
      ['S', 6],
    ],
  } as const;
  const forged = {
    fromWorker: [
      ['m', 7, 'x', null],
      ['m', { system: 'a' }, 'x', null],
      ['s', 'w1.1', 5, null],
      ['x', 'w1.1'],
      ['r', '1', true, 'w1.2'],
      ['q', 2, { op: 'create', spec: 'a.B' }],
      ['q', 2, { op: 'create', spec: 'a.B', options: { targetActorRequirements: { when: new Date(0) } } }],
      ['q', 3, { op: 'load', bytes: [1, 2], info: 'i' }],
      ['q', 4, { op: 'unload', sourceHash: 'h', extra: 1 }],
      ['q', 4, [['op', 'unload']]],
      ['n', { op: 'register-authority' }],
      ['n', { op: 'notify-sources', id: 'w1.1', enable: 'yes' }],
      ['n', JSON.parse('{"op":"shutdown","__proto__":{"x":1}}')],
      ['l', '__proto__', 'name', 'text'],
      ['l', 'info', 'name'],
      ['e', 1],
      ['p', -1],
      ['p', 1.5],
      ['S'],
      ['c', 1, 'a.B', {}],
      ['unknown'],
      'ready',
    ],
    toWorker: [
      ['m', ADDR, 'x', null],
      ['m', 'w1.1', 'x', 7],
      ['r', 2, false, 'no error'],
      ['r', 2, 'yes', 1],
      ['P', 2, 'both', null],
      ['C', { when: new Date(0) }],
      ['e'],
    ],
  } as const;
  // The main thread passes the common frames from a worker by their guards, one per kind.
  const common = GuardedWorkerFrames.commonFromWorker;
  assert.deepEqual(Object.keys(common).sort(), ['S', 'e', 'l', 'p', 'r', 'ready', 's', 'x']);
  for (const [kind, g] of Object.entries(common)) {
    const frames = good.fromWorker.filter((f) => f[0] === kind);
    assert.ok(frames.length > 0, `good frames of kind ${kind}`);
    sameVerdicts(`"${kind}" from a worker`, g, [...frames]);
    for (const f of forged.fromWorker) if (Array.isArray(f) && f[0] === kind) assert.equal(g.guard(f), false);
  }
  // A worker checks every frame the main thread posts with one guard (worker-guards.ts).
  sameVerdicts('any frame to a worker', GuardedWorkerFrames.toWorker, [...good.toWorker]);
  for (const f of forged.toWorker) assert.equal(GuardedWorkerFrames.toWorker.guard(f), false, JSON.stringify(f));
  for (const k of ['fromWorker', 'toWorker'] as const) {
    for (const f of good[k]) assert.ok(v.is(WorkerFrameSchemas[k], f), `${k}: ${JSON.stringify(f)}`);
    for (const f of forged[k]) assert.ok(!v.is(WorkerFrameSchemas[k], f), `${k} forged: ${JSON.stringify(f)}`);
  }
});

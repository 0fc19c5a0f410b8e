// The frames every message crosses are passed by a fast guard before their schema (wire-schema.ts,
// `guarded`): each guard must accept exactly what its schema accepts, or a check and its type
// would drift apart again. Each pair is held to that on a corpus: good frames and every one-field
// change of them to values of every kind, missing and extra keys, `__proto__`, non-objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as v from 'valibot';
import { GuardedFrames, GuardedParams } from '../../runtime/src/protocol/admin-protocol';
import { GuardedConvention } from '../../runtime/src/protocol/convention-protocol';
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

function sameVerdicts<S extends v.GenericSchema>(
  name: string,
  g: Guarded<S>,
  bases: readonly { readonly [key: string]: unknown }[],
): void {
  let accepted = 0;
  for (const base of bases) {
    for (const x of corpus(base)) {
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

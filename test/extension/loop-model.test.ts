// The developer loop's pure parts: message input (JSON5, checked before sending; remembered per
// actor), actor addresses, "Show Logs" filters, the log family of admin events, the daemon's log
// tap, and the Keys view's reading of a real director dir (openssl keys, real signed packages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { model } from './model';
import { eventSelected, type LogRecordEvent } from '../../runtime/src/protocol/admin-protocol';
import { LogTap } from '../../runtime/src/daemon/log-tap';
import { describeKeys } from '../../cli/src/index';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { reporterZip } from '../director/live-fixtures';
import { parseGensrcArgs } from '../../packager/src/gensrc/args';
import { DirectorError } from '../../runtime/src/protocol/errors';

const { parseMessageInput, remember, talkKey, parseActorAddress, recordMatches, REMEMBERED_INPUTS } = model;

test('message input is JSON5, checked before sending, with the place of the error', () => {
  assert.deepEqual(parseMessageInput("{ moo: 'hi', n: [1, 2,], }"), { ok: true, value: { moo: 'hi', n: [1, 2] } });
  assert.deepEqual(parseMessageInput("'status'"), { ok: true, value: 'status' });
  const bad = parseMessageInput('{ moo: }');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error, /^not JSON5: .+ \(column 8\)$/);
  assert.equal(parseMessageInput('  ').ok, false);
});

test('the last inputs are remembered per role (or class), newest first, without duplicates, at most 10', () => {
  assert.equal(talkKey({ group: 'foo', role: 'MainFoo', actorClass: 'foo.fooactor.FooActor' }), 'foo/role:MainFoo');
  assert.equal(talkKey({ group: 'foo', role: null, actorClass: 'foo.x.Cow' }), 'foo/class:foo.x.Cow');
  let list: string[] = [];
  for (let i = 0; i < 12; i++) list = remember(list, `m${i}`);
  list = remember(list, 'm5');
  assert.equal(list.length, REMEMBERED_INPUTS);
  assert.deepEqual(list.slice(0, 3), ['m5', 'm11', 'm10']);
});

test("addresses as list prints them become the admin protocol's objects", () => {
  assert.deepEqual(parseActorAddress('ActorAddr-(127.0.0.1:1900|w2.1)'), { system: '127.0.0.1:1900', id: 'w2.1' });
  assert.deepEqual(parseActorAddress('ActorAddr-(host-a|a7)'), { system: 'host-a', id: 'a7' });
  assert.equal(parseActorAddress('w2.1'), undefined);
});

test('"Show Logs" keeps an actor\'s records, or a source\'s (its actors and its worker)', () => {
  const r = (name: string, address?: string): LogRecordEvent => ({
    level: 'info',
    name,
    text: 't',
    created: '2026-01-01T00:00:00Z',
    ...(address !== undefined ? { address } : {}),
  });
  const actor = { title: 'MainFoo', addresses: ['ActorAddr-(s|w1.1)'] };
  assert.ok(recordMatches(r('FooActor ActorAddr-(s|w1.1)', 'ActorAddr-(s|w1.1)'), actor));
  assert.ok(!recordMatches(r('FooActor ActorAddr-(s|w2.1)', 'ActorAddr-(s|w2.1)'), actor));
  const source = { title: 'foo 1', addresses: [], hash: 'abc123' };
  assert.ok(recordMatches(r('source abc123'), source));
  assert.ok(!recordMatches(r('daemon'), source));
});

test('log records go only to links that name the log/ family', () => {
  assert.equal(eventSelected('log/record', undefined), false);
  assert.equal(eventSelected('source/loaded', undefined), true);
  assert.equal(eventSelected('log/record', ['log/']), true);
  assert.equal(eventSelected('log/record', ['source/']), false);
});

test("the log tap passes every record on and hands it to the listener with the actor's address", () => {
  const tap = new LogTap();
  const inner: string[] = [];
  const got: LogRecordEvent[] = [];
  const factory = tap.loggerFactory((name) => ({
    debug: (t) => inner.push(`${name} debug ${t}`),
    info: (t) => inner.push(`${name} info ${t}`),
    warning: () => undefined,
    error: () => undefined,
  }));
  const daemonLog = tap.daemonLog((level, text) => inner.push(`daemon ${level} ${text}`));
  factory('FooActor ActorAddr-(127.0.0.1:1|w1.1)').info('before anyone listens');
  tap.listen((r) => got.push(r));
  factory('FooActor ActorAddr-(127.0.0.1:1|w1.1)').info('started');
  daemonLog('warning', 'x'.repeat(20_000));
  tap.listen(undefined);
  factory('FooActor ActorAddr-(127.0.0.1:1|w1.1)').debug('after');
  assert.equal(inner.length, 4, 'the logger it wraps gets every record');
  assert.equal(got.length, 2);
  assert.deepEqual(
    { ...got[0], created: '' },
    {
      level: 'info',
      name: 'FooActor ActorAddr-(127.0.0.1:1|w1.1)',
      address: 'ActorAddr-(127.0.0.1:1|w1.1)',
      text: 'started',
      created: '',
    },
  );
  assert.equal(got[1]?.name, 'daemon');
  assert.equal(got[1]?.address, undefined);
  assert.match(got[1]?.text ?? '', /… \(3616 more characters\)$/);
});

test('the Keys view lists each public key with id, algorithm and strength, and the packages it verifies', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'el-keys-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', path.join(dir, 'ed.pem')]);
  execFileSync('openssl', ['pkey', '-in', path.join(dir, 'ed.pem'), '-pubout', '-out', path.join(dir, 'ed_tls.key')]);
  execFileSync('openssl', [
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:3072',
    '-out',
    path.join(dir, 'rsa.pem'),
  ]);
  execFileSync('openssl', ['pkey', '-in', path.join(dir, 'rsa.pem'), '-pubout', '-out', path.join(dir, 'rsa_tls.key')]);
  writeFileSync(path.join(dir, 'broken_tls.key'), 'not a key\n');
  for (const [v, key] of [
    ['1.0', 'ed'],
    ['1.1', 'ed'],
    ['2.0', 'rsa'],
  ] as const) {
    writeFileSync(
      path.join(dir, `foo-${v}.tls`),
      sealPackage({
        zip: await reporterZip(v),
        group: 'foo',
        version: v,
        createdAt: new Date(),
        signingKey: await loadSigningKey(path.join(dir, `${key}.pem`)),
      }),
    );
  }
  let keys = await describeKeys({ directorDir: dir });
  assert.deepEqual(
    keys.map((k) => [k.name, k.groups, k.revoked]),
    [
      ['broken_tls.key', null, false],
      ['ed_tls.key', null, false],
      ['rsa_tls.key', null, false],
    ],
  );
  // Key scope and revocation (docs/security.md): the view shows both, and what a revoked key signed.
  writeFileSync(path.join(dir, 'ed_tls.groups'), 'foo, bar # the app groups\n');
  writeFileSync(path.join(dir, 'revoked_keys.cfg'), `${keys[2]?.keyId ?? ''}\n`);
  keys = await describeKeys({ directorDir: dir });
  assert.deepEqual(
    keys.map((k) => [k.name, k.groups, k.revoked]),
    [
      ['broken_tls.key', null, false],
      ['ed_tls.key', ['foo', 'bar'], false],
      ['rsa_tls.key', null, true],
    ],
  );
  assert.deepEqual(keys[2]?.signed, ['foo-2.0.tls'], 'a revoked key still shows what it signed');
  const [broken, ed, rsa] = keys;
  assert.equal(broken?.strength, 'not usable');
  assert.match(broken?.problem ?? '', /^KEY_[A-Z_]+$/);
  assert.equal(ed?.algorithm, 'Ed25519');
  assert.equal(ed?.strength, '128-bit security');
  assert.match(ed?.keyId ?? '', /^[0-9a-f]{32}$/);
  assert.deepEqual([...(ed?.signed ?? [])].sort(), ['foo-1.0.tls', 'foo-1.1.tls']);
  assert.equal(rsa?.algorithm, 'RSA');
  assert.equal(rsa?.strength, '3072 bits');
  assert.deepEqual(rsa?.signed, ['foo-2.0.tls']);
});

test('gensrc maps:yes asks for source maps; maps:no and no option leave them out; anything else is GENSRC_BAD_OPTION', () => {
  assert.equal(parseGensrcArgs(['g', 'k', 'd', 'maps:yes', 'a.ts']).sourceMaps, true);
  assert.equal(parseGensrcArgs(['g', 'k', 'd', 'maps:no', 'a.ts']).sourceMaps, undefined);
  assert.equal(parseGensrcArgs(['g', 'k', 'd', 'a.ts']).sourceMaps, undefined);
  assert.throws(
    () => parseGensrcArgs(['g', 'k', 'd', 'maps:inline', 'a.ts']),
    (e: unknown) => e instanceof DirectorError && e.code === 'GENSRC_BAD_OPTION' && /maps:yes/.test(e.message),
  );
});

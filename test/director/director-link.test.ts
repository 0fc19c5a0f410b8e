// How a command reads the Director's replies: failures keep their code (and exit code), timeouts
// and stray replies become clear errors; every code is documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { askDirector } from '../../runtime/src/director/director-link';
import type { DirectorLink } from '../../runtime/src/director/director-link';
import { DIRECTOR_EXIT_CODES, DirectorOpError } from '../../runtime/src/director/director-error';

function linkAnswering(answer: () => Promise<unknown>): DirectorLink {
  return { ask: answer, close: () => Promise.resolve() };
}

test('a failed reply becomes a DirectorOpError with its code, message and exit code', async () => {
  const link = linkAnswering(() =>
    Promise.resolve({
      DirectorResponse: 'SourceUnloaded',
      Success: false,
      code: 'DIRECTOR_UNKNOWN_HASH',
      message: 'no loaded source has the hash "x"',
    }),
  );
  await assert.rejects(askDirector(link, { DirectorOp: 'UnloadSource', SourceHash: 'x' }), (e: unknown) => {
    assert.ok(e instanceof DirectorOpError);
    assert.equal(e.code, 'DIRECTOR_UNKNOWN_HASH');
    assert.equal(e.exitCode, 23);
    assert.match(e.message, /no loaded source/);
    return true;
  });
});

test('an ask that times out is DIRECTOR_TIMEOUT; a reply of the wrong kind is refused', async () => {
  const timeout = linkAnswering(() => Promise.reject(Object.assign(new Error('late'), { code: 'ASK_TIMEOUT' })));
  await assert.rejects(
    askDirector(timeout, { DirectorOp: 'RetrieveAll' }, 100),
    (e: unknown) => e instanceof DirectorOpError && e.code === 'DIRECTOR_TIMEOUT',
  );
  const stray = linkAnswering(() => Promise.resolve({ DirectorResponse: 'DeclaredGroup', Success: true }));
  await assert.rejects(
    askDirector(stray, { DirectorOp: 'RetrieveAll' }),
    (e: unknown) => e instanceof DirectorOpError && /expected a AllAddresses reply/.test(e.message),
  );
  const unknown = linkAnswering(() =>
    Promise.resolve({ DirectorResponse: 'Error', Success: false, code: 'DIRECTOR_UNKNOWN_OP', message: 'no such op' }),
  );
  await assert.rejects(
    askDirector(unknown, { DirectorOp: 'RetrieveAll' }),
    (e: unknown) => e instanceof DirectorOpError && e.code === 'DIRECTOR_UNKNOWN_OP',
  );
});

test("the reply's type comes from the check: the expected reply with Success true resolves, one without Success is refused", async () => {
  const loaded = {
    DirectorResponse: 'SourceLoaded',
    Success: true,
    Group: 'g',
    SourceHash: 'h',
    Version: '1.0',
    AlreadyLoaded: false,
    Actors: [],
  };
  const ok = linkAnswering(() => Promise.resolve(loaded));
  const reply = await askDirector(ok, { DirectorOp: 'LoadSource', Group: 'g', Source: '/p/g-1.0.tls' });
  // Typed SourceLoadedSuccess by the op: its fields read without a cast.
  assert.equal(reply.AlreadyLoaded, false);
  assert.deepEqual(reply, loaded);
  const noSuccess = linkAnswering(() => Promise.resolve({ DirectorResponse: 'SourceLoaded', Group: 'g' }));
  await assert.rejects(
    askDirector(noSuccess, { DirectorOp: 'LoadSource', Group: 'g', Source: '/p/g-1.0.tls' }),
    (e: unknown) =>
      e instanceof DirectorOpError &&
      e.code === 'DIRECTOR_BAD_REQUEST' &&
      e.message === 'expected a SourceLoaded reply to LoadSource, got: {"DirectorResponse":"SourceLoaded","Group":"g"}',
  );
  const notAnObject = linkAnswering(() => Promise.resolve('yes'));
  await assert.rejects(
    askDirector(notAnObject, { DirectorOp: 'RetrieveAll' }),
    (e: unknown) => e instanceof DirectorOpError && e.message === 'unexpected reply to RetrieveAll: "yes"',
  );
});

test('every Director error code is documented in docs/errors/director.md', () => {
  const doc = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'errors', 'director.md'), 'utf8');
  for (const code of Object.keys(DIRECTOR_EXIT_CODES))
    assert.ok(doc.includes(`\`${code}\``), `${code} is not documented`);
});

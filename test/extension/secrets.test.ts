import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model';

const { gitignoreUpdate, workTreeOf, isInside, freeKeyName, keyNameProblem, DIRECTOR_DIR_SECRETS, GITIGNORE_HEADER } =
  model;

test('the director dir .gitignore lists the token folder and the secrets, not the public keys', () => {
  const fresh = gitignoreUpdate(undefined)!;
  assert.equal(fresh, `${GITIGNORE_HEADER}\n${DIRECTOR_DIR_SECRETS.join('\n')}\n`);
  assert.ok(
    fresh.includes('.daemon/') &&
      fresh.includes('convention.secret') &&
      fresh.includes('convca.key') &&
      fresh.includes('convhost.key'),
  );
  assert.ok(!fresh.includes('_tls.key'));
  assert.equal(gitignoreUpdate(fresh), undefined, 'nothing missing: nothing written');
  assert.equal(
    gitignoreUpdate('node_modules\n/.daemon/\n'),
    `node_modules\n/.daemon/\n\n${GITIGNORE_HEADER}\nconvention.secret\nconvca.key\nconvhost.key\n*.pem\n`,
  );
});

test('the work tree of a path is the nearest folder with .git; none outside', () => {
  const gits = new Set(['/home/u/proj']);
  assert.equal(
    workTreeOf('/home/u/proj/.thespian-director', (d) => gits.has(d)),
    '/home/u/proj',
  );
  assert.equal(
    workTreeOf('/home/u/proj/a/b/signing.pem', (d) => gits.has(d)),
    '/home/u/proj',
  );
  assert.equal(
    workTreeOf('/home/u/.config/Code/User/globalStorage/x/keys/signing.pem', (d) => gits.has(d)),
    undefined,
  );
  assert.equal(
    workTreeOf('/x', (d) => d === '/'),
    '/',
  );
  assert.ok(isInside('/a/b/c', '/a/b') && isInside('/a/b', '/a/b/') && !isInside('/a/bc', '/a/b'));
});

test('keygen proposes a free name and refuses bad ones before running', () => {
  const taken = new Set(['signing', 'signing2']);
  assert.equal(
    freeKeyName((n) => taken.has(n)),
    'signing3',
  );
  assert.equal(
    freeKeyName(() => false),
    'signing',
  );
  assert.equal(keyNameProblem('ok-name_1'), undefined);
  assert.match(keyNameProblem('')!, /name/);
  assert.match(keyNameProblem('../x')!, /Letters/);
});

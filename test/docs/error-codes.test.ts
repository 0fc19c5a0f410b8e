/**
 * Every error code, in one place: each area's runtime list, its docs/errors file, and the tests.
 *
 * 1. Every code of every area's list is documented in that area's docs/errors/<area>.md (in the
 *    first column of a table), and every code documented there is in the list: both ways.
 * 2. Every code is UPPER_SNAKE.
 * 3. Every code is raised by at least one test: some test file under test/ names it as a string
 *    (`'CODE'`, `"CODE"`, a template) or inside a pattern (`/CODE/`, `[CODE]`), which is how the
 *    tests assert codes (`assert.equal(err.code, 'CODE')`, `assert.match(stderr, /\[CODE\]/)`, a
 *    corpus row `{ code: 'CODE' }`). Comment lines, test/support/ (helpers, not tests) and this
 *    folder do not count. A code that no test can raise is in NOT_RAISED with the reason; a code
 *    that a test raises must leave NOT_RAISED, so the list cannot go stale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AUTHORITY_ERROR_CODES } from '../../runtime/src/protocol/package-codes';
import { ACTOR_SYSTEM_ERROR_CODES, UNCODED_WORKER_ERROR_CODE } from '../../runtime/src/actors/actor-system-error';
import { BOOT_ERROR_CODES } from '../../runtime/src/boot/boot-error';
import { CLI_ERROR_CODES } from '../../cli/framework/cli-error';
import { CONFIG_DETAIL_CODES, CONFIG_ERROR_CODES } from '../../runtime/src/config/config-error';
import { CONVENTION_ERROR_CODES } from '../../runtime/src/convention/convention-error';
import { DAEMON_ERROR_CODES } from '../../runtime/src/daemon/daemon-error';
import { DIRECTOR_ERROR_CODES } from '../../runtime/src/director/director-error';
import { METRICS_ERROR_CODES } from '../../runtime/src/metrics/metrics-error';
import { ROLLOUT_ERROR_CODES } from '../../runtime/src/rollout/rollout-error';
import { TRANSPORT_ERROR_CODES, UNCODED_ERROR_CODE } from '../../runtime/src/transport/transport-error';
import { PACKAGER_ERROR_CODES } from '../../packager/src/errors';
import { EXTENSION_ERROR_CODES } from '../../extension/src/model/extension-error';
import type { Json5Code } from '../../config-lang/src/json5';
import type { TliCode } from '../../config-lang/src/tli';
import type { OthercapsCode } from '../../config-lang/src/othercaps-schema';
import type { ThesplogCode } from '../../config-lang/src/thesplog-schema';

const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * Diagnostic codes (problems in a user's file) are not errors of a class: their modules export a
 * union type. A record keyed by that union is a list the compiler keeps complete and exact (a
 * missing key or an extra one does not compile).
 */
const every = <C extends string>(r: { readonly [K in C]: true }): readonly C[] => Object.keys(r) as C[];
const JSON5_CODES = every<Json5Code>({
  JSON5_SYNTAX: true,
  JSON5_UNEXPECTED_END: true,
  JSON5_UNTERMINATED_STRING: true,
  JSON5_UNTERMINATED_COMMENT: true,
  JSON5_BAD_ESCAPE: true,
  JSON5_BAD_NUMBER: true,
  JSON5_DUPLICATE_KEY: true,
  JSON5_TOO_DEEP: true,
});
const TLI_CODES = every<TliCode>({
  TLI_NOT_OBJECT: true,
  TLI_MISSING_ACTORS: true,
  TLI_UNKNOWN_KEY: true,
  TLI_KEY_CASE: true,
  TLI_TYPE: true,
  TLI_RANGE: true,
  TLI_EMPTY_NAME: true,
  TLI_ENV_SYNTAX: true,
  TLI_DUPLICATE_ROLE: true,
  TLI_DUPLICATE_GLOBAL_NAME: true,
  TLI_ACTOR_PATH: true,
  TLI_ACTOR_UNKNOWN: true,
  TLI_ACTOR_AMBIGUOUS: true,
});
const OTHERCAPS_CODES = every<OthercapsCode>({
  OTHERCAPS_SYNTAX: true,
  OTHERCAPS_EMPTY: true,
  OTHERCAPS_NOT_OBJECT: true,
  OTHERCAPS_RESERVED_KEY: true,
});
const THESPLOG_CODES = every<ThesplogCode>({
  THESPLOG_SYNTAX: true,
  THESPLOG_EMPTY: true,
  THESPLOG_NOT_OBJECT: true,
  THESPLOG_UNKNOWN_KEY: true,
  THESPLOG_BAD_VERSION: true,
  THESPLOG_BAD_TYPE: true,
  THESPLOG_BAD_LEVEL: true,
  THESPLOG_BAD_FORMAT: true,
  THESPLOG_UNKNOWN_HANDLER_CLASS: true,
  THESPLOG_UNKNOWN_FILTER_FACTORY: true,
  THESPLOG_MISSING_KEY: true,
  THESPLOG_UNDEFINED_REFERENCE: true,
  THESPLOG_UNSUPPORTED: true,
});

/** Each docs/errors file and the codes it documents. */
const AREAS: ReadonlyArray<{ readonly doc: string; readonly codes: readonly string[] }> = [
  { doc: 'README.md', codes: [UNCODED_ERROR_CODE, UNCODED_WORKER_ERROR_CODE] },
  { doc: 'authority.md', codes: AUTHORITY_ERROR_CODES },
  { doc: 'boot.md', codes: BOOT_ERROR_CODES },
  { doc: 'cli.md', codes: CLI_ERROR_CODES },
  { doc: 'config.md', codes: [...CONFIG_ERROR_CODES, ...CONFIG_DETAIL_CODES, ...OTHERCAPS_CODES, ...THESPLOG_CODES] },
  { doc: 'convention.md', codes: CONVENTION_ERROR_CODES },
  { doc: 'daemon.md', codes: DAEMON_ERROR_CODES },
  { doc: 'director.md', codes: DIRECTOR_ERROR_CODES },
  { doc: 'extension.md', codes: EXTENSION_ERROR_CODES },
  { doc: 'metrics.md', codes: METRICS_ERROR_CODES },
  { doc: 'packager.md', codes: PACKAGER_ERROR_CODES },
  { doc: 'rollout.md', codes: ROLLOUT_ERROR_CODES },
  { doc: 'runtime.md', codes: ACTOR_SYSTEM_ERROR_CODES },
  { doc: 'tli.md', codes: [...JSON5_CODES, ...TLI_CODES] },
  { doc: 'transport.md', codes: TRANSPORT_ERROR_CODES },
];

/**
 * Codes no test raises, each with why. Keep it short: a code belongs here only when raising it
 * needs something a test machine cannot give (another OS, a kernel fault, a bug).
 */
const NOT_RAISED: { readonly [code: string]: string } = {
  ACTOR_ERROR: "only a bug gets it: the main thread failing a worker's request with an error that has no code",
  DAEMON_STOP_TIMEOUT: 'needs a daemon that ignores shutdown for the fixed 60 s stop deadline',
};

/** The codes documented in a docs/errors file: the first cell of its table rows. */
function documented(doc: string): string[] {
  const text = readFileSync(path.join(REPO, 'docs', 'errors', doc), 'utf8');
  return [...text.matchAll(/^\| `([A-Za-z0-9_]+)` \|/gm)].map((m) => m[1] ?? '');
}

function testSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== path.join(REPO, 'test', 'support') && p !== path.join(REPO, 'test', 'docs'))
        out.push(...testSources(p));
    } else if (/\.(ts|mjs)$/.test(e.name)) {
      out.push(p);
    }
  }
  return out;
}

const allCodes = (): string[] => [...new Set(AREAS.flatMap((a) => a.codes))];

test('every code in an area list is documented in its docs/errors file, and every documented code is in the list', () => {
  for (const { doc, codes } of AREAS) {
    const inDoc = documented(doc);
    assert.deepEqual(
      codes.filter((c) => !inDoc.includes(c)),
      [],
      `codes missing from docs/errors/${doc}`,
    );
    assert.deepEqual(
      inDoc.filter((c) => !codes.includes(c)),
      [],
      `docs/errors/${doc} documents codes no list has`,
    );
  }
});

test('every error code is UPPER_SNAKE', () => {
  assert.deepEqual(
    allCodes().filter((c) => !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(c)),
    [],
  );
});

test('every code is raised by some test, or listed with the reason no test can raise it', () => {
  const texts = testSources(path.join(REPO, 'test')).map((f) =>
    readFileSync(f, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, ''),
  );
  const raised = (code: string): boolean => {
    const named = new RegExp(`['"\`/\\[(]${code}(?![A-Z0-9_])`);
    return texts.some((t) => named.test(t));
  };
  const codes = allCodes();
  assert.deepEqual(
    codes.filter((c) => !raised(c) && NOT_RAISED[c] === undefined),
    [],
    'codes no test raises and NOT_RAISED does not explain',
  );
  assert.deepEqual(
    Object.keys(NOT_RAISED).filter((c) => !codes.includes(c)),
    [],
    'NOT_RAISED names codes that do not exist',
  );
  assert.deepEqual(Object.keys(NOT_RAISED).filter(raised), [], 'a test raises these now: remove them from NOT_RAISED');
});

// gensrc's transpile step: the esbuild service gensrc starts gets GOGC=200 (less of its CPU spent
// collecting garbage), or for a small job without deps none at all under a memory limit, unless
// the user set GOGC or GOMEMLIMIT, and gensrc's own environment is left as it was (read from
// /proc/PID/environ); a service that never collects ends with the gensrc using it; a source given
// as its bytes compiles exactly as its text did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceText, transpileFile } from '../../packager/src/gensrc/transpile';
import { build, workspace } from './fixtures';

const transpileJs = path.join(__dirname, '../../packager/src/gensrc/transpile.js');

/** In a fresh Node: transpile once, then the service's GOGC and our own, as JSON. */
function gogcs(env: NodeJS.ProcessEnv): { service: string | null; own: string | null } {
  const script = `
    const fs = require('node:fs');
    const { transpile } = require(${JSON.stringify(transpileJs)});
    transpile('export const a: number = 1;', 'a.ts', 'ts').then(() => {
      const kids = fs.readFileSync('/proc/' + process.pid + '/task/' + process.pid + '/children', 'utf8').trim().split(/\\s+/);
      const esb = kids.find((k) => fs.readFileSync('/proc/' + k + '/cmdline', 'utf8').includes('--service='));
      const vars = fs.readFileSync('/proc/' + esb + '/environ', 'utf8').split('\\0');
      const g = vars.find((v) => v.startsWith('GOGC='));
      console.log(JSON.stringify({ service: g === undefined ? null : g.slice(5), own: process.env.GOGC ?? null }));
      process.exit(0);
    });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })) as {
    service: string | null;
    own: string | null;
  };
}

test("gensrc's esbuild service runs with GOGC=200, and gensrc's own environment is unchanged", () => {
  const env = { ...process.env };
  delete env['GOGC'];
  assert.deepEqual(gogcs(env), { service: '200', own: null });
});

test('a GOGC the user set reaches the esbuild service as it is', () => {
  assert.deepEqual(gogcs({ ...process.env, GOGC: '50' }), { service: '50', own: '50' });
});

interface ServiceRun {
  /** The service's GOGC and GOMEMLIMIT (null: not set), and the ones gensrc's process has after. */
  readonly service: { GOGC: string | null; GOMEMLIMIT: string | null };
  readonly own: { GOGC: string | null; GOMEMLIMIT: string | null };
  /** Whether that service process is gone once the job closed its hold on it. */
  readonly goneAfterClose: boolean;
  /** Whether an earlier service (the lean one a big job replaced) is gone. */
  readonly firstGone: boolean | null;
}

/**
 * In a fresh Node: openTranspiler(lean), optionally size(codeBytes), transpile once, read the
 * service's environment, close, and see whether the service exits within `waitMs`.
 */
function serviceRun(env: NodeJS.ProcessEnv, lean: boolean, codeBytes?: number, waitMs = 5000): ServiceRun {
  const script = `
    const fs = require('node:fs');
    const t = require(${JSON.stringify(transpileJs)});
    const service = () => fs.readFileSync('/proc/' + process.pid + '/task/' + process.pid + '/children', 'utf8').trim().split(/\\s+/)
      .find((k) => k !== '' && fs.existsSync('/proc/' + k + '/cmdline') && fs.readFileSync('/proc/' + k + '/cmdline', 'utf8').includes('--service='));
    const gc = (vars) => Object.fromEntries(['GOGC', 'GOMEMLIMIT'].map((n) => [n, vars[n] ?? null]));
    const h = t.openTranspiler(${lean});
    const first = service();
    ${codeBytes === undefined ? '' : `h.size(${codeBytes});`}
    t.transpile('export const a: number = 1;', 'a.ts', 'ts').then(async () => {
      const esb = service();
      const vars = Object.fromEntries(fs.readFileSync('/proc/' + esb + '/environ', 'utf8').split('\\0').filter(Boolean).map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]));
      h.close();
      const alive = (pid) => fs.existsSync('/proc/' + pid) && !/^State:\\s+Z/m.test(fs.readFileSync('/proc/' + pid + '/status', 'utf8'));
      const deadline = Date.now() + ${waitMs};
      while (alive(esb) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      console.log(JSON.stringify({ service: gc(vars), own: gc(process.env), goneAfterClose: !alive(esb), firstGone: esb === first ? null : !alive(first) }));
      process.exit(0);
    });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })) as ServiceRun;
}

function withoutGcVars(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['GOGC'];
  delete env['GOMEMLIMIT'];
  return env;
}

test('a small job without deps runs a service that never collects, under a 192 MiB limit, which ends with the job', () => {
  assert.deepEqual(serviceRun(withoutGcVars(), true), {
    service: { GOGC: 'off', GOMEMLIMIT: '192MiB' },
    own: { GOGC: null, GOMEMLIMIT: null },
    goneAfterClose: true,
    firstGone: null,
  });
});

test('a job of more than 2 MiB of code replaces the lean service with a GOGC=200 one before compiling', () => {
  const r = serviceRun(withoutGcVars(), true, 3 * 1024 * 1024, 300);
  assert.deepEqual(r.service, { GOGC: '200', GOMEMLIMIT: null });
  assert.equal(r.firstGone, true, 'the lean service was stopped');
  assert.equal(r.goneAfterClose, false, 'a GOGC=200 service stays for the next job, as before');
});

test('a job with deps:FILE gets GOGC=200; a GOGC or GOMEMLIMIT the user set reaches the service as it is', () => {
  assert.deepEqual(serviceRun(withoutGcVars(), false, undefined, 300).service, { GOGC: '200', GOMEMLIMIT: null });
  assert.deepEqual(serviceRun({ ...withoutGcVars(), GOMEMLIMIT: '100MiB' }, true, undefined, 300).service, {
    GOGC: null,
    GOMEMLIMIT: '100MiB',
  });
});

test('after a gensrc of a small project, no esbuild service is left running in its process', async (t) => {
  const w = workspace(t);
  await build(w);
  const services = (): string[] =>
    readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((k) => k !== '' && existsSync(`/proc/${k}/cmdline`))
      .filter((k) => readFileSync(`/proc/${k}/cmdline`, 'utf8').includes('--service='));
  const deadline = Date.now() + 5000;
  while (services().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(services(), []);
  // The next gensrc starts a service again.
  await build(w, '2.0');
});

test('a source passed as its bytes compiles to the same code as its decoded text (BOM, non-ASCII, bad UTF-8)', async () => {
  const sources: readonly Buffer[] = [
    Buffer.from("import { Actor } from 'thespian-director';\nexport class A extends Actor { n = 1; }\n"),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('export const größe: string = "Grüße, 世界 🎉";\n')]),
    Buffer.concat([Buffer.from('export const bad = "'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('";\n')]),
  ];
  for (const data of sources) {
    const given = sourceText(data);
    assert.equal(typeof given === 'string', !Buffer.from(data.toString('utf8'), 'utf8').equals(data));
    const fromBytes = await transpileFile(given, 'a.ts', 'ts');
    const fromText = await transpileFile(data.toString('utf8'), 'a.ts', 'ts');
    assert.equal(fromBytes.code, fromText.code);
    assert.match(fromBytes.code, /exports/);
  }
});

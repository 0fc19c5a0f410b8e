// The esbuild service gensrc starts gets GOGC=200 (less of its CPU spent collecting garbage), unless
// the user set GOGC; gensrc's own environment is left as it was. Read from /proc/PID/environ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

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

// gensrc's transpile step: the esbuild service gensrc starts gets GOGC=200 (less of its CPU spent
// collecting garbage) unless the user set GOGC, and gensrc's own environment is left as it was
// (read from /proc/PID/environ); a source given as its bytes compiles exactly as its text did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { sourceText, transpileFile } from '../../packager/src/gensrc/transpile';

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

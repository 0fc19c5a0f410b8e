// `npm run demo`: the main job on a local director dir, through the real `director` bin.
//   1. a director dir at .demo/director (gitignored) and a demo signing key (made once);
//   2. gensrc: the example app examples/foo into a signed package, version:date;
//   3. tlsinfo: validate that package with the key in the director dir;
//   4. avail: the packages of every group, newest first.
// Every step prints the command it runs; the first failure stops the demo with its exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'director.js');
const demo = path.join(root, '.demo');
const dir = path.join(demo, 'director');
const keyBase = path.join(demo, 'demokey');
const example = path.join(root, 'examples', 'foo');

if (!existsSync(bin)) {
  console.error(`demo: ${path.relative(root, bin)} is missing; run "npm run build" (npm run demo does it first).`);
  process.exit(1);
}
mkdirSync(dir, { recursive: true });
const env = { ...process.env, THESPIAN_DIRECTOR_DIR: dir };
const rel = (p) => path.relative(root, p) || '.';

/** Run `director ...args`, echoing it; stop the demo on failure. Returns stdout. */
function director(...args) {
  console.log(`\n$ director ${args.map((a) => (/[\s*'"]/.test(a) ? `'${a}'` : a)).join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8' });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (r.status !== 0) {
    console.error(`\ndemo: "director ${args[0]}" failed (exit ${r.status ?? r.signal}); see the message above.`);
    process.exit(r.status ?? 1);
  }
  return r.stdout ?? '';
}

console.log(`THESPIAN_DIRECTOR_DIR=${rel(dir)}`);
if (existsSync(`${keyBase}.pem`) && existsSync(path.join(dir, 'demokey_tls.key'))) {
  console.log(`\n(demo key ${rel(keyBase)}.pem exists; keygen skipped)`);
} else {
  director('keygen', rel(keyBase));
}
const wrote = director(
  'gensrc', 'foo', `${rel(keyBase)}.pem`, rel(example),
  'version:date', `deps:${rel(path.join(example, 'deppkgs.txt'))}`, `tli:${rel(path.join(example, 'foo.tli'))}`,
  'foo/**/*.ts',
);
const tls = /^Wrote (.+\.tls)$/m.exec(wrote)?.[1];
if (tls === undefined) {
  console.error('demo: gensrc did not say which file it wrote ("Wrote <path>.tls")');
  process.exit(1);
}
director('tlsinfo', tls);
director('avail');
console.log(`
Done. The director dir is ${rel(dir)}; try:
  THESPIAN_DIRECTOR_DIR=${rel(dir)} npx director tlsinfo ${path.basename(tls)} contents
  THESPIAN_DIRECTOR_DIR=${rel(dir)} npx director config
  npx director help`);

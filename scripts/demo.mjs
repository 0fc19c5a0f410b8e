// `npm run demo`: the main job on a local director dir, through the real `director` bin.
//   1. a director dir at .demo/director (gitignored) and a demo signing key (made once);
//   2. gensrc: the example app examples/foo into a signed package, version:date;
//   3. tlsinfo: validate that package with the key in the director dir;
//   4. avail: the packages of every group, newest first;
//   5. start: the daemon (admin port from .demo/director/adminport.cfg, 1900 unless DEMO_PORT);
//   6. load foo: the newest package, verified, OnLoad actors started with their messages;
//   7. ask the MainFoo role (found through the Director) and print its answer;
//   8. list: what is loaded and running. The daemon keeps running; the last lines say how to stop it.
// Every step prints the command it runs; the first failure stops the demo with its exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
// Keep the demo's daemon off a port that something else on this machine may use.
writeFileSync(path.join(dir, 'adminport.cfg'), `${process.env.DEMO_PORT ?? '1900'}\n`);
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
  'gensrc',
  'foo',
  `${rel(keyBase)}.pem`,
  rel(example),
  'version:date',
  `deps:${rel(path.join(example, 'deppkgs.txt'))}`,
  `tli:${rel(path.join(example, 'foo.tli'))}`,
  'foo/**/*.ts',
);
const tls = /^Wrote (.+\.tls)$/m.exec(wrote)?.[1];
if (tls === undefined) {
  console.error('demo: gensrc did not say which file it wrote ("Wrote <path>.tls")');
  process.exit(1);
}
director('tlsinfo', tls);
director('avail');
director('start');
director('load', 'foo');

// A program's view: find the MainFoo role through the Director and ask it, as the guide's
// DirectorControl.get_role_address example does.
const { DirectorControl, ActorSystem } = createRequire(import.meta.url)(path.join(root, 'dist', 'index.js'));
const dc = new DirectorControl({ directorDir: dir });
const role = await dc.get_role_address('MainFoo');
if (role === null) {
  console.error('demo: the Director knows no MainFoo role after the load');
  process.exit(1);
}
console.log(`\nget_role_address('MainFoo') -> ${role.ActorClass} in ${role.Group} (${role.SourceHash})`);
const asys = await ActorSystem.connect({ directorDir: dir });
try {
  console.log(
    `ask(MainFoo, { moo: 'hello' }) -> ${JSON.stringify(await asys.ask(role.ActorAddress, { moo: 'hello' }, 10))}`,
  );
  console.log(`ask(MainFoo, 'status')          -> ${JSON.stringify(await asys.ask(role.ActorAddress, 'status', 10))}`);
} finally {
  await asys.close();
}
director('list');
console.log(`
Done: the daemon is running with the example app loaded. Try:
  export THESPIAN_DIRECTOR_DIR=$PWD/${rel(dir)}
  npx director list
  npx director tlsinfo ${path.basename(tls)} contents
  npx director shutdown        # stop the daemon`);

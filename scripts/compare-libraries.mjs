// Measures the two library choices docs/dependencies.md explains, against libraries this project
// does not depend on. They are installed outside the repository, so nothing here adds them:
//
//   npm install --prefix /tmp/libs jszip@3 @humanwhocodes/momoa@3
//   npm run build && node scripts/compare-libraries.mjs /tmp/libs
//
// 1. ZIP: list the entries of a 10 MiB package, read every entry, and open a bomb (an entry that
//    declares 1 KiB and inflates to 64 MiB), with yauzl (the project's reader) and with jszip.
// 2. JSON5: read a 1,000-line TLI with positions, with the project's reader and with momoa.
// Timings alternate the two libraries run by run after a warm-up, in this one process.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const libs = process.argv[2];
if (libs === undefined) {
  console.error(
    'usage: node scripts/compare-libraries.mjs FOLDER (where jszip and @humanwhocodes/momoa are installed)',
  );
  process.exit(2);
}
const fromLibs = createRequire(path.join(path.resolve(libs), 'package.json'));
const fromRepo = createRequire(path.join(root, 'package.json'));
const JSZip = fromLibs('jszip');
const momoa = fromLibs('@humanwhocodes/momoa');
const yazl = fromRepo('yazl');
const yauzl = fromRepo('yauzl');
const { readPackageEntries } = fromRepo('./out/runtime/src/authority/zip-reader.js');
const { parseJson5 } = fromRepo('./out/config-lang/src/json5/parser.js');
const { Json5Lexer } = fromRepo('./out/config-lang/src/json5/lexer.js');

// Alternating runs, so that load from elsewhere on the machine falls on both alike.
async function versus(runs, f, g) {
  for (let i = 0; i < 20; i++) (await f(), await g());
  const tf = [];
  const tg = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, into] of i % 2 === 0
      ? [
          [f, tf],
          [g, tg],
        ]
      : [
          [g, tg],
          [f, tf],
        ]) {
      const t0 = process.hrtime.bigint();
      await fn();
      into.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const fmt = (t) => (
    t.sort((x, y) => x - y),
    `median ${t[Math.floor(t.length / 2)].toFixed(2)} ms, best ${t[0].toFixed(2)} ms`
  );
  return [fmt(tf), fmt(tg)];
}

function zipOf(files) {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const [name, data] of files) z.addBuffer(data, name);
    z.end();
    const parts = [];
    z.outputStream
      .on('data', (d) => parts.push(d))
      .on('end', () => resolve(Buffer.concat(parts)))
      .on('error', reject);
  });
}

// A package of 2,000 modules of poorly compressible text (seeded pseudo-random base64), about
// 10 MiB packed, as a package with bundled dependencies and assets can be.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
const files = [];
for (let i = 0; i < 2000; i++) {
  const bytes = Buffer.alloc(5400);
  for (let j = 0; j < bytes.length; j++) bytes[j] = (rand() >>> 16) & 0xff;
  files.push([
    `foo/mod${Math.floor(i / 100)}/m${i}.js`,
    Buffer.from(`exports.data = '${bytes.toString('base64')}';\n`),
  ]);
}
const pkg = await zipOf(files);
const unpacked = files.reduce((n, [, d]) => n + d.length, 0);
console.log(
  `ZIP: ${files.length} entries, ${(unpacked / 2 ** 20).toFixed(1)} MiB unpacked, ${(pkg.length / 2 ** 20).toFixed(1)} MiB packed`,
);

const yauzlList = () =>
  new Promise((resolve, reject) => {
    yauzl.fromBuffer(pkg, { lazyEntries: true, decodeStrings: false }, (err, zf) => {
      if (err) return reject(err);
      let n = 0;
      zf.on('entry', () => (n++, zf.readEntry()))
        .on('end', () => resolve(n))
        .on('error', reject);
      zf.readEntry();
    });
  });
const jszipList = async () => Object.keys((await JSZip.loadAsync(pkg)).files).length;
const jszipAll = async () => {
  const z = await JSZip.loadAsync(pkg);
  for (const f of Object.values(z.files)) if (!f.dir) await f.async('uint8array');
};
const [yl, jl] = await versus(31, yauzlList, jszipList);
console.log(`  list entries: yauzl ${yl}; jszip ${jl}`);
const [ya, ja] = await versus(11, () => readPackageEntries(pkg), jszipAll);
console.log(`  read every entry: yauzl (readPackageEntries, with all checks) ${ya}; jszip ${ja}`);

// A ZIP written by hand: yazl refuses unsafe names and cannot lie about sizes, which is right
// for a writer, so the hostile archives below are assembled field by field.
function rawZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data, method, declared } of entries) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// Entry names as written: "../up.js" and "a\\..\\..\\evil.js" must reach the safety check unchanged.
// (CRC-32 0 for empty data: the names are the point.)
const empty = Buffer.alloc(0);
const tricky = rawZip([
  { name: '../up.js', data: empty, method: 0, declared: 0 },
  { name: 'a\\..\\..\\evil.js', data: empty, method: 0, declared: 0 },
]);
const jz = await JSZip.loadAsync(tricky);
console.log(
  `  names jszip hands out: ${JSON.stringify(Object.keys(jz.files))}; as written: ${JSON.stringify(Object.values(jz.files).map((f) => f.unsafeOriginalName ?? f.name))}`,
);
const refused = await readPackageEntries(tricky).then(
  () => 'accepted',
  (e) => e.code,
);
console.log(`  the project's reader sees the names as written: refused with ${refused}`);

// A bomb: one entry that declares 1 KiB but inflates to 64 MiB.
const packed = deflateRawSync(Buffer.alloc(64 * 2 ** 20, 0x61));
const bomb = rawZip([{ name: 'foo/bomb.js', data: packed, method: 8, declared: 1024 }]);
const t0 = performance.now();
const ours = await readPackageEntries(bomb).then(
  () => 'accepted',
  (e) => e.code,
);
const t1 = performance.now();
let theirs;
try {
  const out = await (await JSZip.loadAsync(bomb)).file('foo/bomb.js').async('uint8array');
  theirs = `inflated all ${(out.length / 2 ** 20).toFixed(0)} MiB and handed it out`;
} catch (e) {
  theirs = `refused only after inflating all of it ("${e.message}")`;
}
const t2 = performance.now();
console.log(
  `  bomb (declares 1 KiB, inflates to 64 MiB): project ${ours} after ${(t1 - t0).toFixed(1)} ms; jszip ${theirs} after ${(t2 - t1).toFixed(1)} ms`,
);

// JSON5: a 1,000-line TLI.
const lines = ['// A generated TLI: many actors, comments, trailing commas, single quotes.', '{', '  Actors: {'];
for (let i = 0; lines.length < 990; i++) {
  lines.push(
    `    'foo.mod${i}.actor${i}': {`,
    `      // actor ${i}`,
    `      OnLoad: { Role: 'Role${i}', Message: 'Start ${i} \${env:OTHER_INFO:-notspec}', GlobalName: 'G${i}' },`,
    `      OnReactivate: { Message: ['Restart', true, ${i}] },`,
    `      OnDeactivate: { Message: { Shutdown: true, timeout: ${i % 10}, }, },`,
    '    },',
  );
}
lines.push('  },', '  AutoUnload: 2,', '  TLS_Keep_Limit: 5,', '}', '');
const tli = lines.join('\n');
console.log(`JSON5: a TLI of ${lines.length} lines, ${(tli.length / 1024).toFixed(0)} KiB`);
const a = JSON.stringify(parseJson5(tli).value);
const b = JSON.stringify(momoa.evaluate(momoa.parse(tli, { mode: 'json5', ranges: true, tokens: false })));
console.log(`  same value from both: ${a === b}`);
const [ownT, momoaT] = await versus(
  301,
  () => parseJson5(tli),
  () => momoa.evaluate(momoa.parse(tli, { mode: 'json5', ranges: true })),
);
console.log(`  to a tree with positions and its value (301 alternating runs): own reader ${ownT}; momoa ${momoaT}`);
const broken = tli.replace("Role: 'Role7'", "Role: 'Role7");
let momoaError;
try {
  momoa.parse(broken, { mode: 'json5' });
} catch (e) {
  momoaError = e.message.split('\n')[0];
}
const own = parseJson5(broken).diagnostics[0];
console.log(
  `  a broken string: own reader ${own?.code} at ${own?.range.start.line + 1}:${own?.range.start.character + 1} ("${own?.message}"); momoa throws "${momoaError}"`,
);
const dup = '{ a: 1, a: 2 }';
console.log(
  `  ${dup}: own reader ${parseJson5(dup)
    .diagnostics.map((d) => d.code)
    .join(', ')}; momoa ${JSON.stringify(momoa.evaluate(momoa.parse(dup, { mode: 'json5' })))} without a word`,
);
const typing = "{ Actors: { x: { OnLoad: { Role: 'Ro";
let tokens;
try {
  tokens = `${[...momoa.tokenize(typing, { mode: 'json5' })].length} tokens`;
} catch (e) {
  tokens = `throws "${e.message}"`;
}
const lexer = new Json5Lexer(typing);
const kinds = [];
for (let t = lexer.next(); t.kind !== 'eof'; t = lexer.next()) kinds.push(t.kind === 'error' ? t.code : t.kind);
console.log(
  `  tokens of a half-typed TLI (what completion reads): momoa ${tokens}; own lexer ${kinds.length} tokens, the last ${kinds.at(-1)}`,
);

// `npm run package`: builds the .vsix from a staging folder. Why staged: the root package.json
// is both the npm package (its `main` is the library, its `files` list is for npm) and the
// extension manifest; vsce refuses `files` together with .vscodeignore and would start `main`
// as the extension. README links stay relative (no repository URL is set). The staged copy is the same manifest with `main` = dist/extension.js and
// without the npm-only keys, so nothing else of the root package.json has to change.
// Output: thespian-director-VERSION.vsix in the repository root, or `--out FILE`. Needs
// `npm run build` first.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REQUIRED = [
  'dist/extension.js',
  'dist/extension-host.js',
  'dist/daemon.js',
  'dist/source-worker.js',
  'dist/tli-language-server.js',
];
const missing = REQUIRED.filter((f) => !existsSync(path.join(root, f)));
if (missing.length > 0) {
  console.error(`package: ${missing.join(', ')} missing: run "npm run build" first`);
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const manifest = { ...pkg, main: './dist/extension.js' };
for (const npmOnly of ['files', 'exports', 'types', 'bin', 'scripts', 'dependencies', 'devDependencies'])
  delete manifest[npmOnly];

const stage = mkdtempSync(path.join(os.tmpdir(), 'thespian-vsix-'));
try {
  const copy = (rel, filter) => {
    if (existsSync(path.join(root, rel)))
      cpSync(path.join(root, rel), path.join(stage, rel), { recursive: true, filter });
  };
  copy('dist', (src) => !src.endsWith('.map'));
  for (const rel of [
    'extension/media',
    'extension/syntaxes',
    'extension/language-configuration.json',
    'README.md',
    'LICENSE',
    '.vscodeignore',
  ])
    copy(rel);
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const outAt = process.argv.indexOf('--out');
  const out =
    outAt > 0 && process.argv[outAt + 1]
      ? path.resolve(process.argv[outAt + 1])
      : path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  const args = [
    '--yes',
    '@vscode/vsce@3',
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--out',
    out,
  ];
  if (!existsSync(path.join(stage, 'LICENSE'))) args.push('--skip-license');
  const r = spawnSync('npx', args, { cwd: stage, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package: vsce failed (exit ${r.status ?? r.signal})`);
    process.exitCode = r.status ?? 1;
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}

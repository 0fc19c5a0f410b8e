import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The layering is held by each project's tsconfig: a project compiles only imports of the projects
// it references, and "types": [] keeps Node out of the pure ones. This pins those settings, so that
// loosening one (a new reference, Node types in a pure layer) fails here and not only in review.
// eslint.config.mjs holds the same rules on the import lines themselves.
const ROOT = path.resolve(__dirname, '../../..');

interface ProjectConfig {
  readonly compilerOptions?: { readonly types?: readonly string[] };
  readonly references?: readonly { readonly path: string }[];
}

function project(dir: string): { types?: readonly string[]; references: string[] } {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'tsconfig.json'), 'utf8')) as ProjectConfig;
  const references = (config.references ?? []).map((r) => path.relative(ROOT, path.resolve(ROOT, dir, r.path)));
  return { types: config.compilerOptions?.types, references };
}

test('the contracts leaf references no project and has no Node types', () => {
  const p = project('runtime/src/protocol');
  assert.deepEqual(p.references, []);
  assert.deepEqual(p.types, []);
});

test('the TLI/config language is pure and references only the contracts leaf', () => {
  const p = project('config-lang');
  assert.deepEqual(p.references, ['runtime/src/protocol']);
  assert.deepEqual(p.types, []);
});

test('the pure layers built on config-lang stay pure', () => {
  for (const dir of ['language/src/service', 'extension/src/model']) {
    const p = project(dir);
    assert.deepEqual(p.types, [], dir);
    assert.deepEqual(p.references.sort(), ['config-lang', 'runtime/src/protocol'], dir);
  }
});

test('the command framework is pure and references only the contracts leaf', () => {
  const p = project('cli/framework');
  assert.deepEqual(p.references, ['runtime/src/protocol']);
  assert.deepEqual(p.types, []);
});

test('runtime references only the contracts leaf, config-lang and the command framework, never packager, language, extension or the composition root', () => {
  assert.deepEqual(project('runtime').references.sort(), ['cli/framework', 'config-lang', 'runtime/src/protocol']);
});

test('no file of the contracts leaf (but for valibot) or config-lang imports a package or a file outside its layer', () => {
  const layers: { dir: string; may: string[] }[] = [
    { dir: 'runtime/src/protocol', may: ['runtime/src/protocol'] },
    { dir: 'config-lang/src', may: ['config-lang/src', 'runtime/src/protocol'] },
  ];
  for (const { dir, may } of layers) {
    const files = fs
      .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 3, `${dir} holds its files`);
    for (const f of files) {
      const text = fs.readFileSync(path.join(ROOT, dir, f), 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)) {
        const spec = m[1];
        // valibot is the one package the contracts leaf may use: its wire types are inferred from schemas.
        if (dir === 'runtime/src/protocol' && spec === 'valibot') continue;
        assert.ok(spec.startsWith('.'), `${dir}/${f} imports the package or built-in '${spec}'`);
        const target = path.relative(ROOT, path.resolve(ROOT, dir, path.dirname(f), spec));
        assert.ok(
          may.some((d) => target === d || target.startsWith(`${d}/`)),
          `${dir}/${f} imports ${target}`,
        );
      }
    }
  }
});

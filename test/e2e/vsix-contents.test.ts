/**
 * `npm run package` makes a .vsix that holds the bundles, the media, the grammar and the language
 * configuration, with `main` pointing at the extension bundle, and nothing of the sources, the
 * tests, tsc's output or node_modules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUNDLES, REPO } from './harness/prerequisites';
import { buildVsix, vsixEntries, vsixText } from './harness/vsix';

const missing = BUNDLES.filter((b) => !existsSync(path.join(REPO, b)));
const skip = missing.length > 0 ? `missing ${missing.join(', ')}: run "npm run build" first` : false;

test(
  'the .vsix holds the bundles, media and grammar and nothing of the sources or tests',
  { skip, timeout: 180_000 },
  async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'thespian-vsix-test-'));
    try {
      const vsix = buildVsix(path.join(tmp, 'x.vsix'));
      const names = await vsixEntries(vsix);
      for (const required of [
        ...BUNDLES,
        'extension/media/director.svg',
        'extension/media/icon.png',
        'extension/media/walkthrough/key.md',
        'extension/syntaxes/tli.tmLanguage.json',
        'extension/language-configuration.json',
        'package.json',
      ]) {
        assert.ok(names.includes(`extension/${required}`), `${required} is in the .vsix`);
      }
      const allowed =
        /^(\[Content_Types\]\.xml|extension\.vsixmanifest|extension\/(package\.json|readme\.md|README\.md|LICENSE(\.txt)?|changelog\.md|dist\/[\w.-]+\.js|extension\/(media\/(walkthrough\/)?[\w.-]+|syntaxes\/[\w.-]+\.json|language-configuration\.json)))$/;
      const unexpected = names.filter((n) => !allowed.test(n));
      assert.deepEqual(unexpected, [], 'only bundles, media, grammar, manifest, README and LICENSE');
      assert.ok(
        !names.some(
          (n) => /\.(ts|map)$/.test(n) || n.includes('node_modules/') || n.includes('/test/') || n.includes('/out/'),
        ),
      );
      const manifest = JSON.parse(await vsixText(vsix, 'extension/package.json')) as {
        main: string;
        files?: unknown;
        engines: { vscode: string };
      };
      assert.equal(manifest.main, './dist/extension.js');
      assert.equal(manifest.files, undefined);
      assert.equal(manifest.engines.vscode, '^1.100.0');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startDirectorSourceAuthority } from '../../runtime/src/authority/source-authority-actor';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import { opensslEd25519, run, tempDir } from '../packager/helpers';
import { ask, quietLogger } from './helpers';

test('a TypeScript actor packaged by gensrc and signed runs in its worker behind the Director Source Authority', async (t) => {
  const root = tempDir(t, 'td-e2e-');
  const dir = path.join(root, 'dir');
  const proj = path.join(root, 'proj');
  mkdirSync(dir);
  mkdirSync(path.join(proj, 'foo', 'barn'), { recursive: true });
  const key = opensslEd25519(root, 'k', path.join(dir, 'k_tls.key'));
  writeFileSync(
    path.join(proj, 'foo/fooactor.ts'),
    [
      "import { Actor, type ActorAddress } from 'thespian-director';",
      "import { moo } from './barn/cow';",
      'export class FooActor extends Actor {',
      '  override async receiveMessage(m: unknown, sender: ActorAddress | null): Promise<void> {',
      "    if (sender === null || typeof m !== 'string') return;",
      "    const child = await this.createActor('foo.barn.cow.CowActor');",
      '    this.send(child, { replyTo: sender, text: `${moo()}:${m}` });',
      '  }',
      '}',
    ].join('\n'),
  );
  writeFileSync(
    path.join(proj, 'foo/barn/cow.ts'),
    [
      "import { Actor } from 'thespian-director';",
      "export const moo = (): string => 'moo';",
      'export class CowActor extends Actor {',
      '  override receiveMessage(m: unknown): void {',
      '    const r = m as { replyTo: { system: string; id: string }; text: string };',
      '    this.send(r.replyTo, `cow says ${r.text}`);',
      '  }',
      '}',
    ].join('\n'),
  );
  const r = await run('gensrc', ['foo', key, proj, 'version:1.0', 'foo/**'], dir, root);
  assert.equal(r.code, 0, r.err);
  const bytes = readFileSync(path.join(dir, 'foo-1.0.tls'));

  const s = await createLocalSystem({ systemName: 'e2e:1', loggerFactory: quietLogger });
  t.after(() => s.shutdown());
  await startDirectorSourceAuthority(s, dir);
  const h = await s.loadActorSource(bytes, 'foo-1.0.tls');
  const a = await s.createActor('foo.fooactor', { sourceHash: h });
  assert.equal(await ask(s, a, 'hi'), 'cow says moo:hi');
});

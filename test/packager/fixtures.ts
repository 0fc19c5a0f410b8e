/**
 * Packages for the verifier and tlsinfo tests: a small real project built by gensrc, and sealed
 * hand-made ZIPs for the unsafe-entry cases.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey, type SigningKey } from '../../packager/src/signing-key';
import { opensslEd25519, run, tempDir } from './helpers';

export interface Workspace {
  readonly root: string;
  /** The director dir, holding k_tls.key. */
  readonly dir: string;
  readonly proj: string;
  /** The private key (Ed25519, openssl-made). */
  readonly key: string;
}

/** A temp workspace: director dir with one trusted key, and a tiny project with foo/fooactor.ts. */
export function workspace(t: TestContext): Workspace {
  const root = tempDir(t);
  const dir = path.join(root, 'dir');
  const proj = path.join(root, 'proj');
  mkdirSync(dir);
  mkdirSync(path.join(proj, 'foo'), { recursive: true });
  const key = opensslEd25519(root, 'k', path.join(dir, 'k_tls.key'));
  writeFileSync(
    path.join(proj, 'foo/fooactor.ts'),
    "import { Actor } from 'thespian-director';\nexport class FooActor extends Actor {\n  override receiveMessage(m: unknown): void {\n    this.logger.info(String(m));\n  }\n}\n",
  );
  writeFileSync(path.join(proj, 'foo/notes.txt'), 'line one\nline two\n');
  writeFileSync(
    path.join(proj, 'foo.tli'),
    "{ Actors: { 'foo.fooactor': { OnLoad: { Role: 'MainFoo', Message: 'StartFoo' } } } }\n",
  );
  return { root, dir, proj, key };
}

/** gensrc foo KEY proj version:V foo/** → the package path. */
export async function build(w: Workspace, version = '1.0', extra: string[] = []): Promise<string> {
  const r = await run('gensrc', ['foo', w.key, w.proj, `version:${version}`, ...extra, 'foo/**'], w.dir, w.root);
  assert(r.code === 0, `gensrc failed: ${r.err}`);
  return path.join(w.dir, `foo-${version}.tls`);
}

function assert(cond: boolean, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

/** Seal an arbitrary ZIP with the workspace key into DIR/foo-VERSION.tls. */
export async function sealRaw(w: Workspace, zip: Uint8Array, version = '9', key?: SigningKey): Promise<string> {
  const sk = key ?? (await loadSigningKey(w.key));
  const file = path.join(w.dir, `foo-${version}.tls`);
  writeFileSync(file, sealPackage({ zip, group: 'foo', version, createdAt: new Date(), signingKey: sk }));
  return file;
}

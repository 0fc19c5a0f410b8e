/**
 * Real parts for the Director's live tests: an actor system with the Director Source Authority
 * and the Director, a director dir with an openssl key, and signed packages whose actors report
 * every message they get to an observer endpoint (whose address travels in their OnLoad message).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDirectorSourceAuthority } from '../../runtime/src/authority/source-authority-actor';
import type { StartedDirector } from '../../runtime/src/director/director-actor';
import { startDirector } from '../../runtime/src/director/director-actor';
import { DirectorStore } from '../../runtime/src/director/director-store';
import type { RestartPolicy } from '../../runtime/src/director/core/restart-policy';
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import type { DirectorEvent, DirectorRequest } from '../../runtime/src/protocol/director-messages';
import { createLocalSystem } from '../../runtime/src/system/local-system';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { makeZip, quietLogger } from '../runtime/helpers';

/** What a reporter actor sends its observer for each message it gets. */
export interface Report {
  readonly version: string;
  readonly cls: string;
  readonly me: ActorAddress;
  readonly got: unknown;
}

/**
 * foo/app.js: Main and Worker report every message to the observer (when one is known), keep a
 * history (answered on 'history'), end themselves on 'die'; Main answers 'who' with its version.
 */
export function reporterZip(version: string): Promise<Uint8Array> {
  const src = `
    const { Actor } = require('thespian-director');
    let observer = null;
    function handle(self, cls, m, s) {
      if (m === 'history') { if (s) self.send(s, self.history); return; }
      if (m === 'who') { if (s) self.send(s, ${JSON.stringify(version)}); return; }
      (self.history = self.history || []).push(m);
      if (m && typeof m === 'object' && m.observer) observer = m.observer;
      if (observer) self.send(observer, { version: ${JSON.stringify(version)}, cls, me: self.myAddress, got: m });
      if (m === 'die') self.send(self.myAddress, { type: 'ActorExitRequest' });
    }
    class Main extends Actor { receiveMessage(m, s) { handle(this, 'Main', m, s); } }
    class Worker extends Actor { receiveMessage(m, s) { handle(this, 'Worker', m, s); } }
    module.exports = { Main, Worker };`;
  return makeZip({ 'foo/app.js': src });
}

/** Writes DIR/GROUP-VERSION.tls, the reporter package of that version signed with KEY_FILE; returns its path. */
export async function sealReporter(dir: string, keyFile: string, version: string, group = 'foo'): Promise<string> {
  const file = path.join(dir, `${group}-${version}.tls`);
  writeFileSync(
    file,
    sealPackage({
      zip: await reporterZip(version),
      group,
      version,
      createdAt: new Date(),
      signingKey: await loadSigningKey(keyFile),
    }),
  );
  return file;
}

export class Live {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'td-director-'));
  readonly dir = path.join(this.root, 'dir');
  readonly privateDir = path.join(this.root, 'private');
  readonly keyFile = path.join(this.root, 'signer.pem');
  readonly reports: Report[] = [];
  readonly events: DirectorEvent[] = [];
  system!: ActorSystemCore;
  director!: StartedDirector;
  observer!: ActorAddress;
  private closeObserver: () => void = () => undefined;

  constructor() {
    execFileSync('mkdir', ['-p', this.dir, this.privateDir]);
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', this.keyFile]);
    execFileSync('openssl', ['pkey', '-in', this.keyFile, '-pubout', '-out', path.join(this.dir, 'signer_tls.key')]);
  }

  async start(restartPolicy?: RestartPolicy): Promise<this> {
    this.system = await createLocalSystem({ systemName: 'dt:1', loggerFactory: quietLogger });
    await startDirectorSourceAuthority(this.system, this.dir);
    this.director = await startDirector(this.system, {
      directorDir: this.dir,
      store: new DirectorStore(this.privateDir),
      publish: (e) => this.events.push(e),
      ...(restartPolicy ? { restartPolicy } : {}),
    });
    const ep = this.system.openEndpoint((m) => this.reports.push(m as Report));
    this.observer = ep.address;
    this.closeObserver = () => ep.close();
    return this;
  }

  /** Write a signed foo-VERSION.tls into the director dir; returns its path. */
  package(version: string, group = 'foo'): Promise<string> {
    return sealReporter(this.dir, this.keyFile, version, group);
  }

  /** Ask the Director and resolve with its reply. */
  ask(request: DirectorRequest | Record<string, unknown>, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const ep = this.system.openEndpoint((reply) => {
        clearTimeout(timer);
        ep.close();
        resolve(reply as Record<string, unknown>);
      });
      const timer = setTimeout(() => {
        ep.close();
        reject(new Error(`no Director reply within ${timeoutMs} ms to ${JSON.stringify(request)}`));
      }, timeoutMs);
      this.system.tell(this.director.address, request, ep.address);
    });
  }

  /** The guide's group shape with reporter actors; every message carries the observer. */
  define(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const obs = this.observer;
    return this.ask({
      DirectorOp: 'DefineGroup',
      Group: 'foo',
      Actors: {
        'foo.app.Main': {
          OnLoad: { Role: 'MainFoo', Message: { observer: obs, tag: 'load' } },
          OnDeactivate: { Message: { observer: obs, tag: 'deactivate' } },
          OnReactivate: { Message: { observer: obs, tag: 'reactivate' } },
        },
        'foo.app.Worker': { OnLoad: { Role: 'Worker', Message: { observer: obs, tag: 'load' } } },
      },
      ...extra,
    });
  }

  async load(version: string): Promise<Record<string, unknown>> {
    return this.ask({
      DirectorOp: 'LoadSource',
      Group: 'foo',
      Source: path.join(this.dir, `foo-${version}.tls`),
      RequestedBy: 'test',
    });
  }

  /** Tags (or raw values) the actors of `version`'s class `cls` got, in order. */
  got(version: string, cls = 'Main'): unknown[] {
    return this.reports
      .filter((r) => r.version === version && r.cls === cls)
      .map((r) =>
        r.got && typeof r.got === 'object' && 'tag' in r.got
          ? r.got.tag
          : ((r.got as { type?: unknown })?.type ?? r.got),
      );
  }

  async stopSystem(): Promise<void> {
    this.closeObserver();
    await this.director?.stop();
    await this.system?.shutdown();
  }

  async cleanup(): Promise<void> {
    await this.stopSystem().catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }
}

export { waitFor } from '../support/wait';

/**
 * The Director Source Authority (global name `Director Source Authority`): the only way code
 * gets into the actor system. On ValidateSource it verifies the bytes with every `*_tls.key` in
 * the director dir, read afresh after the request arrived, and answers at once: ValidatedSource
 * with the ZIP, or a rejection carrying the verifier's code (the Python original stayed silent and
 * let the load expire after two minutes). Requests that arrive while the keys are being read
 * (a refresh's packages) share the next read (keysReadAfterNow).
 */
import { DaemonError } from '../daemon/daemon-error';
import { Actor } from '../actors/actor';
import type { ActorAddress } from '../protocol/actor-address';
import { isSystemMessage, rejectedSource, validatedSource } from '../protocol/system-messages';
import type { ActorSystemCore } from '../system/system-core';
import type { DaemonService } from '../daemon/daemon-services';
import { loadTrustedKeys, verifyPackage } from './verify-package';
import type { TrustedKeySet } from './trusted-keys';
import { DirectorError } from '../protocol/errors';
import { parsePackageFileName } from '../protocol/package-name';

export const SOURCE_AUTHORITY_NAME = 'Director Source Authority';

/** Tells the authority its director dir; it registers itself and answers SourceAuthorityReady. */
export interface SourceAuthorityStartup {
  readonly type: 'SourceAuthorityStartup';
  readonly directorDir: string;
}
export interface SourceAuthorityReady {
  readonly type: 'SourceAuthorityReady';
  readonly directorDir: string;
}

export class DirectorSourceAuthority extends Actor {
  private directorDir: string | null = null;

  override receiveMessage(message: unknown, sender: ActorAddress | null): void {
    if (isStartup(message)) {
      this.start(message.directorDir, sender);
    } else if (typeof message === 'string' && message.startsWith('Startup:')) {
      this.start(message.slice('Startup:'.length), sender); // the original's message form
    } else if (isSystemMessage(message, 'ValidateSource') && sender !== null) {
      // Not awaited: the next request comes in while this one waits for the keys, so that
      // requests arriving during a read share the next one (validate handles its own failures).
      void this.validate(message.sourceHash, message.sourceData, message.sourceInfo, sender);
    }
  }

  /** The read of the keys in progress, and the one that starts when it ends (shared by the requests that arrive meanwhile). */
  private keysReading: Promise<TrustedKeySet> | null = null;
  private keysNext: Promise<TrustedKeySet> | null = null;

  /**
   * The keys, read after this call: none being read, a read starts now; else the requests that
   * arrive meanwhile share the read that starts when it ends. So no request is verified with keys
   * read before it arrived, and a refresh's packages, arriving one after another, no longer read
   * them once each (20 reads for 20 packages, one after another, on the way to every worker).
   */
  private keysReadAfterNow(directorDir: string): Promise<TrustedKeySet> {
    if (this.keysNext !== null) return this.keysNext;
    const start = (): Promise<TrustedKeySet> => {
      const read = loadTrustedKeys(directorDir);
      this.keysReading = read;
      const done = (): void => {
        if (this.keysReading === read) this.keysReading = null;
      };
      read.then(done, done);
      return read;
    };
    if (this.keysReading === null) return start();
    this.keysNext = this.keysReading
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.keysNext = null;
        return start();
      });
    return this.keysNext;
  }

  /** Each unusable key file (a FIFO, a weak key...) and bad revocation line is logged once, not on every load. */
  private readonly warned = new Set<string>();

  private warnAboutKeys(problems: readonly string[]): void {
    for (const p of problems) {
      if (this.warned.has(p)) continue;
      this.warned.add(p);
      this.logger.warning(p);
    }
  }

  private start(directorDir: string, sender: ActorAddress | null): void {
    this.directorDir = directorDir;
    this.registerSourceAuthority();
    this.logger.info(`Director Source Authority registered for ${directorDir}`);
    if (sender !== null)
      this.send(sender, { type: 'SourceAuthorityReady', directorDir } satisfies SourceAuthorityReady);
  }

  private async validate(hash: string, bytes: Uint8Array, info: string, replyTo: ActorAddress): Promise<void> {
    if (this.directorDir === null) {
      this.send(
        replyTo,
        rejectedSource(hash, info, {
          code: 'NO_SOURCE_AUTHORITY',
          message: 'The Director Source Authority has not been started with a director dir.',
        }),
      );
      return;
    }
    try {
      // A package file name (the Director passes the file's base name) must be the signed one.
      const keys = await this.keysReadAfterNow(this.directorDir);
      this.warnAboutKeys(
        keys.problems
          .map((p) => `key file ${p.file} not used: ${p.error.message} [${p.error.code}]`)
          .concat(keys.revocations?.problems ?? []),
      );
      const verified = verifyPackage(bytes, keys, parsePackageFileName(info) !== undefined ? { fileName: info } : {});
      this.logger.info(`Validated loaded source ${hash} (${info}) with ${verified.keyFile}`);
      this.send(replyTo, validatedSource(hash, verified.zip, info));
    } catch (e) {
      const wire =
        e instanceof DirectorError
          ? { code: String(e.code), message: e.message, exitCode: e.exitCode }
          : { code: 'VerificationFailed', message: e instanceof Error ? e.message : String(e) };
      this.logger.warning(`Invalid Source not loaded (${hash}): ${wire.code}: ${wire.message}`);
      this.send(replyTo, rejectedSource(hash, info, wire));
    }
  }
}

function isStartup(m: unknown): m is SourceAuthorityStartup {
  return (
    typeof m === 'object' &&
    m !== null &&
    (m as { type?: unknown }).type === 'SourceAuthorityStartup' &&
    typeof (m as { directorDir?: unknown }).directorDir === 'string'
  );
}

/**
 * Create (or find) the Director Source Authority in `system`, point it at `directorDir`, and
 * resolve once it has registered, so a load right after this never meets "no authority".
 */
export async function startDirectorSourceAuthority(
  system: ActorSystemCore,
  directorDir: string,
  timeoutMs = 5000,
): Promise<ActorAddress> {
  const address = await system.createActor(DirectorSourceAuthority, { globalName: SOURCE_AUTHORITY_NAME });
  await new Promise<void>((resolve, reject) => {
    const ep = system.openEndpoint((m) => {
      if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'SourceAuthorityReady') {
        clearTimeout(timer);
        ep.close();
        resolve();
      }
    });
    const timer = setTimeout(() => {
      ep.close();
      reject(
        new DaemonError('DAEMON_START_FAILED', `the Director Source Authority did not start within ${timeoutMs} ms`, {
          data: { timeoutMs },
        }),
      );
    }, timeoutMs);
    system.tell(address, { type: 'SourceAuthorityStartup', directorDir } satisfies SourceAuthorityStartup, ep.address);
  });
  return address;
}

/**
 * The daemon service that starts the Director Source Authority for the daemon's director dir.
 * List it in runtime/src/daemon/services.ts before the Director's service.
 */
export const sourceAuthorityService: DaemonService = {
  name: 'source authority',
  async start(ctx) {
    await startDirectorSourceAuthority(ctx.system, ctx.config.directorDir);
    ctx.log('info', `Director Source Authority verifies with the *_tls.key files of ${ctx.config.directorDir}`);
  },
};

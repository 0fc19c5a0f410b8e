/** Shared by the runtime tests: real zips (yazl), test authorities, ask over an endpoint, waits with deadlines. */
import yazl from 'yazl';
import {
  Actor,
  isSystemMessage,
  rejectedSource,
  validatedSource,
  type ActorAddress,
} from '../../runtime/src/actors/index';
import type { ActorSystemCore } from '../../runtime/src/system/system-core';
import { silentLoggerFactory } from '../../runtime/src/actors/logger';

export const quietLogger = silentLoggerFactory;

/** A real ZIP holding these files (path → text or bytes). */
export function makeZip(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content) : Buffer.from(content), name, {
      mtime: new Date(0),
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    zip.outputStream.on('error', reject);
  });
}

/** Accepts everything: the "package" bytes are the ZIP itself. Registers itself when created. */
export class AcceptAllAuthority extends Actor {
  constructor() {
    super();
    this.registerSourceAuthority();
  }
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (isSystemMessage(m, 'ValidateSource') && sender !== null)
      this.send(sender, validatedSource(m.sourceHash, m.sourceData, m.sourceInfo));
  }
}

/** Rejects everything with a code, as the Director Source Authority does for a bad signature. */
export class RejectAllAuthority extends Actor {
  constructor() {
    super();
    this.registerSourceAuthority();
  }
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (isSystemMessage(m, 'ValidateSource') && sender !== null) {
      this.send(
        sender,
        rejectedSource(m.sourceHash, m.sourceInfo, {
          code: 'SIGNATURE_INVALID',
          message: 'test authority rejects all',
          exitCode: 7,
        }),
      );
    }
  }
}

/** Accepts but hands back bytes that are not a ZIP. */
export class CorruptZipAuthority extends Actor {
  constructor() {
    super();
    this.registerSourceAuthority();
  }
  override receiveMessage(m: unknown, sender: ActorAddress | null): void {
    if (isSystemMessage(m, 'ValidateSource') && sender !== null)
      this.send(sender, validatedSource(m.sourceHash, new Uint8Array([1, 2, 3, 4]), m.sourceInfo));
  }
}

/** Send `message` with a fresh endpoint as sender and resolve with the first reply (a system message too). */
export function ask(system: ActorSystemCore, to: ActorAddress, message: unknown, timeoutMs = 5000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ep = system.openEndpoint((reply) => {
      clearTimeout(timer);
      ep.close();
      resolve(reply);
    });
    const timer = setTimeout(() => {
      ep.close();
      reject(new Error(`no reply within ${timeoutMs} ms to ${JSON.stringify(message)}`));
    }, timeoutMs);
    try {
      system.tell(to, message, ep.address);
    } catch (e) {
      clearTimeout(timer);
      ep.close();
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

export { waitFor } from '../support/wait';

/** An endpoint that records everything it gets. */
export function recorder(system: ActorSystemCore): { address: ActorAddress; got: unknown[]; close(): void } {
  const got: unknown[] = [];
  const ep = system.openEndpoint((m) => got.push(m));
  return { address: ep.address, got, close: () => ep.close() };
}

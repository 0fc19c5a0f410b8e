/**
 * What each admin request does, against the actor system seam (ActorSystemCore). Params are
 * validated first (admin-params.ts); handlers see typed values only.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { invalidSourceHash } from '../actors/actor-system-error';
import {
  Ask,
  CreateActor,
  Delivery,
  ListSources,
  LoadSource,
  Shutdown,
  Status,
  Subscribe,
  Tell,
  UnloadSource,
  Unsubscribe,
} from '../protocol/admin-protocol';
import { ANSWERED_LATER, type Link, type RequestContext } from '../transport/link';
import type { ActorSystemCore, Endpoint } from '../system/system-core';
import {
  askParams,
  createActorParams,
  loadSourceParams,
  noParams,
  subscribeParams,
  tellParams,
  unloadSourceParams,
} from './admin-params';
import { askInto } from './ask-once';
import { isReplyMessage } from '../protocol/system-messages';
import { DaemonError } from './daemon-error';
import { messageOf } from '../protocol/caught';

/** The daemon's state of one authenticated link. */
export interface AdminClient {
  readonly id: number;
  readonly name: string;
  readonly link: Link;
  /** Connected from a loopback address: it may name package files instead of sending their bytes. */
  readonly local: boolean;
  /** `null`: not subscribed; `undefined`: every kind; else the selected kinds. */
  kinds: readonly string[] | undefined | null;
  /** Sender address of this link's tells; deliveries to it become Delivery events. */
  endpoint: Endpoint | undefined;
}

export interface AdminHandlerHost {
  readonly system: ActorSystemCore;
  /** The director dir: source/load reads `file` params only from here. */
  readonly directorDir: string;
  readonly status: () => Omit<Status.Result, 'sources' | 'rssBytes' | 'uptimeSeconds'>;
  /** True once a shutdown began: new work is refused. */
  readonly stopping: () => boolean;
  /** Begin the daemon's stop after the current response is on its way. */
  readonly requestShutdown: (by: string) => void;
}

export type AdminHandler = (client: AdminClient, params: unknown, ctx: RequestContext) => unknown;

export function clientEndpoint(host: AdminHandlerHost, client: AdminClient): Endpoint {
  // System messages other than PoisonMessage are never handed to a client (as the original's tell/listen).
  client.endpoint ??= host.system.openEndpoint((message, sender) => {
    if (isReplyMessage(message)) client.link.notify(Delivery.event, { message, sender });
  });
  return client.endpoint;
}

/**
 * The bytes of `file` for a source/load from a local client: only a `.tls` file directly in the
 * director dir (after resolving links), so a client can name packages, never other files.
 */
async function readLocalPackage(client: AdminClient, directorDir: string, file: string): Promise<Uint8Array> {
  const refuse = (why: string): DaemonError =>
    new DaemonError('ADMIN_SOURCE_FILE_REFUSED', `source/load: ${why}; send the package bytes ("data") instead`, {
      data: { file },
    });
  if (!client.local) throw refuse('"file" is only taken from a client on the daemon\'s own machine');
  if (!file.endsWith('.tls')) throw refuse(`${file} is not a package file (GROUP[-VERSION].tls)`);
  let real: string;
  let dir: string;
  try {
    [real, dir] = await Promise.all([realpath(file), realpath(directorDir)]);
  } catch (e) {
    throw refuse(`cannot read ${file}: ${messageOf(e)}`);
  }
  if (path.dirname(real) !== dir) throw refuse(`${file} is not in the director dir ${directorDir}`);
  try {
    return await readFile(real);
  } catch (e) {
    throw refuse(`cannot read ${file}: ${messageOf(e)}`);
  }
}

/** The dispatcher's table: method → handler. Hello is handled by the server before a link exists. */
export function adminHandlers(host: AdminHandlerHost): ReadonlyMap<string, AdminHandler> {
  const { system } = host;
  const started = Date.now();
  const sources = (): ListSources.Result['sources'] =>
    system.loadedSources().map((s) => ({ sourceHash: s.sourceHash, info: s.info }));
  return new Map<string, AdminHandler>([
    [
      CreateActor.method,
      async (_c, params): Promise<CreateActor.Result> => {
        const p = createActorParams(CreateActor.method, params);
        const { spec, ...options } = p;
        return { address: await system.createActor(spec, options) };
      },
    ],
    [
      Tell.method,
      (c, params): Tell.Result => {
        const p = tellParams(Tell.method, params);
        system.tell(p.to, p.message, clientEndpoint(host, c).address);
        return null;
      },
    ],
    [
      Ask.method,
      (_c, params, ctx): typeof ANSWERED_LATER => {
        const p = askParams(Ask.method, params);
        // Answered straight from the reply into the response frame (no promise per ask).
        askInto(system, p.to, p.message, ctx.timeoutMs, ctx.link, ctx.id);
        return ANSWERED_LATER;
      },
    ],
    [
      LoadSource.method,
      async (c, params): Promise<LoadSource.Result> => {
        const p = loadSourceParams(LoadSource.method, params);
        if ('data' in p) return { sourceHash: await system.loadActorSource(p.data, p.info ?? 'admin client') };
        const bytes = await readLocalPackage(c, host.directorDir, p.file);
        // The same verification as for sent bytes: the Source Authority checks every byte.
        return { sourceHash: await system.loadActorSource(bytes, p.info ?? path.basename(p.file)) };
      },
    ],
    [
      UnloadSource.method,
      async (_c, params): Promise<UnloadSource.Result> => {
        const p = unloadSourceParams(UnloadSource.method, params);
        // An unknown hash is an error the client must hear, not a success (issue 11).
        if (!system.loadedSources().some((s) => s.sourceHash === p.sourceHash)) throw invalidSourceHash(p.sourceHash);
        await system.unloadActorSource(p.sourceHash);
        return null;
      },
    ],
    [
      ListSources.method,
      (_c, params): ListSources.Result => {
        noParams(ListSources.method, params);
        return { sources: sources() };
      },
    ],
    [
      Status.method,
      (_c, params): Status.Result => {
        noParams(Status.method, params);
        return {
          ...host.status(),
          uptimeSeconds: (Date.now() - started) / 1000,
          sources: sources(),
          rssBytes: process.memoryUsage.rss(),
        };
      },
    ],
    [
      Shutdown.method,
      (c, params): Shutdown.Result => {
        noParams(Shutdown.method, params);
        host.requestShutdown(c.name);
        return { pid: process.pid };
      },
    ],
    [
      Subscribe.method,
      (c, params): Subscribe.Result => {
        c.kinds = subscribeParams(Subscribe.method, params).kinds;
        return null;
      },
    ],
    [
      Unsubscribe.method,
      (c, params): Unsubscribe.Result => {
        noParams(Unsubscribe.method, params);
        c.kinds = null;
        return null;
      },
    ],
  ]);
}

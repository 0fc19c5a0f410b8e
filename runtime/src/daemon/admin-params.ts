/**
 * Validators of each admin request's params: run before a handler (and so before anything reaches
 * an actor). Each decodes with its method's schema (runtime/src/protocol/admin-protocol.ts, whose
 * types they return), so a message names the field, what was expected and what came; unknown keys
 * are errors. What a schema cannot say without Node (an absolute path, base64 to bytes) is here.
 */
import path from 'node:path';
import type * as v from 'valibot';
import {
  ParamsSchemas,
  decodeMessageParams,
  decodeParams,
  type Ask,
  type CreateActor,
  type Hello,
  type Subscribe,
  type Tell,
  type UnloadSource,
} from '../protocol/admin-protocol';
import { DaemonError } from './daemon-error';

function badParams(method: string, message: string): DaemonError {
  return new DaemonError('ADMIN_BAD_PARAMS', `${method}: ${message}`, { data: { method } });
}

function decode<S extends v.GenericSchema>(method: string, schema: S, params: unknown): v.InferOutput<S> {
  const d = decodeParams(schema, params);
  if (!d.ok) throw badParams(method, d.message);
  return d.value;
}

export function helloParams(method: string, params: unknown): Hello.Params {
  return decode(method, ParamsSchemas.hello, params);
}

export function createActorParams(method: string, params: unknown): CreateActor.Params {
  return decode(method, ParamsSchemas.createActor, params);
}

/** tell and ask: once per message, so by the guarded schema (admin-protocol.ts). */
function messageParams(method: string, params: unknown): Tell.Params {
  const d = decodeMessageParams(params);
  if (!d.ok) throw badParams(method, d.message);
  return d.value;
}

export function tellParams(method: string, params: unknown): Tell.Params {
  return messageParams(method, params);
}

export function askParams(method: string, params: unknown): Ask.Params {
  return messageParams(method, params);
}

/** The wire form is base64 or a path (LoadSource.Params); the handler gets bytes or an absolute path. */
export function loadSourceParams(
  method: string,
  params: unknown,
): ({ data: Uint8Array } | { file: string }) & { info?: string } {
  const { data, file, info } = decode(method, ParamsSchemas.loadSource, params);
  if (file !== undefined) {
    if (data !== undefined)
      throw badParams(method, 'give either "data" (the bytes) or "file" (a path on the daemon\'s machine), not both');
    if (!path.isAbsolute(file))
      throw badParams(
        method,
        `"file" must be an absolute path of a package in the director dir, got ${JSON.stringify(file)}`,
      );
    return info === undefined ? { file } : { file, info };
  }
  if (data === undefined)
    throw badParams(method, '"data" must be the package bytes in base64 (standard alphabet, padded), got nothing');
  if (data.length === 0) throw badParams(method, '"data" is empty: a package has bytes');
  const bytes = Buffer.from(data, 'base64');
  return info === undefined ? { data: bytes } : { data: bytes, info };
}

export function unloadSourceParams(method: string, params: unknown): UnloadSource.Params {
  return decode(method, ParamsSchemas.unloadSource, params);
}

export function subscribeParams(method: string, params: unknown): Subscribe.Params {
  return decode(method, ParamsSchemas.subscribe, params);
}

export function noParams(method: string, params: unknown): Record<string, never> {
  decode(method, ParamsSchemas.none, params);
  return {};
}

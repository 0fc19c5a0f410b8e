/**
 * Validators of each admin request's params: run before a handler (and so before anything reaches
 * an actor). Each names the field and what was expected; unknown keys are errors.
 */
import path from 'node:path';
import { isActorAddress, type ActorAddress } from '../protocol/actor-address';
import type { Ask, CreateActor, Hello, LoadSource, Subscribe, Tell, UnloadSource } from '../protocol/admin-protocol';
import type { JsonValue } from '../protocol/json-value';
import { assertPlainData } from '../transport/plain-data';
import { TransportError } from '../transport/transport-error';
import { DaemonError } from './daemon-error';

type Obj = { readonly [key: string]: unknown };

function badParams(method: string, message: string): DaemonError {
  return new DaemonError('ADMIN_BAD_PARAMS', `${method}: ${message}`, { data: { method } });
}

/** The params object with only `allowed` keys; `undefined` params count as `{}`. */
function object(method: string, params: unknown, allowed: readonly string[]): Obj {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw badParams(method, '"params" must be an object');
  for (const k of Object.keys(params)) {
    if (!allowed.includes(k)) {
      throw badParams(method, allowed.length === 0 ? `takes no params, got "${k}"` : `unknown param "${k}"; allowed: ${allowed.join(', ')}`);
    }
  }
  return params as Obj;
}

function str(method: string, o: Obj, key: string, required: true): string;
function str(method: string, o: Obj, key: string, required: false): string | undefined;
function str(method: string, o: Obj, key: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '') throw badParams(method, `"${key}" must be a non-empty string`);
  return v;
}

function address(method: string, o: Obj, key: string): ActorAddress {
  const v = o[key];
  if (!isActorAddress(v)) throw badParams(method, `"${key}" must be an actor address { system: string, id: string }`);
  return v;
}

function plain(method: string, o: Obj, key: string): JsonValue {
  if (!(key in o)) throw badParams(method, `"${key}" is required`);
  try {
    assertPlainData(o[key], `"${key}"`);
  } catch (e) {
    if (e instanceof TransportError) throw badParams(method, e.message);
    throw e;
  }
  return o[key] as JsonValue;
}

export function helloParams(method: string, params: unknown): Hello.Params {
  const o = object(method, params, ['token', 'protocolVersion', 'client']);
  const token = str(method, o, 'token', true);
  const v = o['protocolVersion'];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badParams(method, '"protocolVersion" must be a whole number');
  const client = str(method, o, 'client', false);
  return client === undefined ? { token, protocolVersion: v } : { token, protocolVersion: v, client };
}

export function createActorParams(method: string, params: unknown): CreateActor.Params {
  const o = object(method, params, ['spec', 'globalName', 'targetActorRequirements', 'sourceHash']);
  const spec = str(method, o, 'spec', true);
  const globalName = str(method, o, 'globalName', false);
  const sourceHash = str(method, o, 'sourceHash', false);
  const req = o['targetActorRequirements'];
  if (req !== undefined) {
    if (typeof req !== 'object' || req === null || Array.isArray(req)) throw badParams(method, '"targetActorRequirements" must be an object');
    plain(method, o, 'targetActorRequirements');
  }
  return {
    spec,
    ...(globalName !== undefined ? { globalName } : {}),
    ...(sourceHash !== undefined ? { sourceHash } : {}),
    ...(req !== undefined ? { targetActorRequirements: req as { [key: string]: JsonValue } } : {}),
  };
}

export function tellParams(method: string, params: unknown): Tell.Params {
  const o = object(method, params, ['to', 'message']);
  return { to: address(method, o, 'to'), message: plain(method, o, 'message') };
}

export function askParams(method: string, params: unknown): Ask.Params {
  const o = object(method, params, ['to', 'message']);
  return { to: address(method, o, 'to'), message: plain(method, o, 'message') };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function loadSourceParams(method: string, params: unknown): ({ data: Uint8Array } | { file: string }) & { info?: string } {
  const o = object(method, params, ['data', 'file', 'info']);
  const data = o['data'];
  const file = o['file'];
  if (file !== undefined) {
    if (data !== undefined) throw badParams(method, 'give either "data" (the bytes) or "file" (a path on the daemon\'s machine), not both');
    if (typeof file !== 'string' || !path.isAbsolute(file)) throw badParams(method, '"file" must be an absolute path of a package in the director dir');
    const info = o['info'];
    if (info !== undefined && typeof info !== 'string') throw badParams(method, '"info" must be a string');
    return info === undefined ? { file } : { file, info };
  }
  if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) {
    throw badParams(method, '"data" must be the package bytes in base64 (standard alphabet, padded)');
  }
  if (data.length === 0) throw badParams(method, '"data" is empty: a package has bytes');
  const info = o['info'];
  if (info !== undefined && typeof info !== 'string') throw badParams(method, '"info" must be a string');
  const bytes = Buffer.from(data, 'base64');
  return info === undefined ? { data: bytes } : { data: bytes, info };
}

/** Keep LoadSource.Params referenced for readers: the wire form is base64, the handler gets bytes. */
export type LoadSourceWire = LoadSource.Params;

export function unloadSourceParams(method: string, params: unknown): UnloadSource.Params {
  const o = object(method, params, ['sourceHash']);
  return { sourceHash: str(method, o, 'sourceHash', true) };
}

export function subscribeParams(method: string, params: unknown): Subscribe.Params {
  const o = object(method, params, ['kinds']);
  const kinds = o['kinds'];
  if (kinds === undefined) return {};
  if (!Array.isArray(kinds) || !kinds.every((k) => typeof k === 'string' && k !== '')) {
    throw badParams(method, '"kinds" must be an array of event kinds such as "source/loaded" or families such as "actor/"');
  }
  return { kinds: kinds as string[] };
}

export function noParams(method: string, params: unknown): Record<string, never> {
  object(method, params, []);
  return {};
}

/**
 * A deterministic stand-in for the actor system, used to drive the Director's pure core in tests:
 * it executes the core's effects the way the real adapter does (in order, answers fed back as new
 * inputs) and records what each actor was sent, so tests read like the scenarios.
 */
import type { ActorAddress } from '../../runtime/src/protocol/actor-address';
import type { DirectorReply, DirectorRequest, LoadSourceRequest } from '../../runtime/src/protocol/director-messages';
import type { JsonValue } from '../../runtime/src/protocol/json-value';
import type { CoreInput, CoreOptions } from '../../runtime/src/director/core/director-core';
import { step } from '../../runtime/src/director/core/director-core';
import { defaultRestartPolicy } from '../../runtime/src/director/core/restart-policy';
import type { DirectorState, Effect } from '../../runtime/src/director/core/types';
import { emptyState } from '../../runtime/src/director/core/types';

export const CLIENT: ActorAddress = { system: 'test', id: 'client' };

export class World {
  state: DirectorState = emptyState;
  now = Date.parse('2026-11-30T10:00:00.000Z');
  /** Every effect the core returned, in order. */
  effects: Effect[] = [];
  /** Messages each actor id received (sends, not replies). */
  inbox = new Map<string, JsonValue[]>();
  replies: { to: ActorAddress; message: DirectorReply }[] = [];
  globalNames = new Map<string, ActorAddress>();
  /** Which (hash, index) each created actor is. */
  actors = new Map<string, { hash: string; index: number; actorClass: string; alive: boolean }>();
  /** Classes whose creation fails. */
  failClasses = new Set<string>();
  /** Hashes the authority rejects, with the code. */
  reject = new Map<string, string>();
  /** Hold validation (loadSource) instead of answering at once. */
  holdValidation = false;
  held: string[] = [];
  scheduled: { hash: string; index: number; delayMs: number }[] = [];
  pruned: Effect[] = [];
  unloadedBySystem: string[] = [];
  private nextId = 1;
  private queue: CoreInput[] = [];
  readonly options: CoreOptions = { restartPolicy: { ...defaultRestartPolicy } };

  feed(input: CoreInput): Effect[] {
    this.queue.push(input);
    return this.drain();
  }

  private drain(): Effect[] {
    const start = this.effects.length;
    while (this.queue.length > 0) {
      const i = this.queue.shift() as CoreInput;
      const d = step(this.state, i, this.now, this.options);
      this.state = d.state;
      for (const e of d.effects) this.exec(e);
    }
    return this.effects.slice(start);
  }

  request(request: DirectorRequest, from: ActorAddress | null = CLIENT): Effect[] {
    if (request.DirectorOp === 'LoadSource') throw new Error('use load()');
    if (request.DirectorOp === 'Refresh')
      throw new Error('Refresh is a batch of the adapter (director-service.ts), not a core input');
    return this.feed({ kind: 'request', request, from });
  }

  /** LoadSource of `path` whose bytes hash to `hash`; version from the file name. */
  load(group: string, hash: string, version: string | null, from: ActorAddress | null = CLIENT): Effect[] {
    const request: LoadSourceRequest = {
      DirectorOp: 'LoadSource',
      Group: group,
      Source: `/dir/${group}${version ? `-${version}` : ''}.tls`,
      RequestedBy: 'tester',
    };
    return this.feed({ kind: 'load', input: { request, hash, version }, from });
  }

  private exec(e: Effect): void {
    this.effects.push(e);
    switch (e.kind) {
      case 'reply':
        this.replies.push({ to: e.to, message: e.message });
        break;
      case 'send': {
        const box = this.inbox.get(e.to.id) ?? [];
        box.push(e.message);
        this.inbox.set(e.to.id, box);
        break;
      }
      case 'loadSource':
        if (this.holdValidation) this.held.push(e.hash);
        else this.queue.push(this.verdict(e.hash));
        break;
      case 'unloadSource':
        for (const [, a] of this.actors) if (a.hash === e.hash) a.alive = false;
        this.queue.push({ kind: 'sourceUnloaded', hash: e.hash });
        break;
      case 'createActor': {
        if (this.failClasses.has(e.actorClass)) {
          this.queue.push({
            kind: 'actorCreateFailed',
            hash: e.hash,
            index: e.index,
            code: 'SYSTEM_NO_SUCH_CLASS',
            message: `no class ${e.actorClass}`,
          });
          break;
        }
        const existing = e.globalName !== null ? this.globalNames.get(e.globalName) : undefined;
        const address = existing ?? { system: 'test', id: `a${this.nextId++}` };
        if (!existing)
          this.actors.set(address.id, { hash: e.hash, index: e.index, actorClass: e.actorClass, alive: true });
        if (e.globalName !== null) this.globalNames.set(e.globalName, address);
        this.queue.push({ kind: 'actorCreated', hash: e.hash, index: e.index, address });
        break;
      }
      case 'setGlobalName':
        if (e.address) this.globalNames.set(e.name, e.address);
        else this.globalNames.delete(e.name);
        break;
      case 'scheduleRestart':
        this.scheduled.push({ hash: e.hash, index: e.index, delayMs: e.delayMs });
        break;
      case 'prune':
        this.pruned.push(e);
        break;
      default:
        break;
    }
  }

  private verdict(hash: string): CoreInput {
    const code = this.reject.get(hash);
    return code
      ? { kind: 'sourceRejected', hash, code, message: 'signature does not verify' }
      : { kind: 'sourceAccepted', hash, keyId: 'k1' };
  }

  /** Let a held validation finish. */
  release(hash: string): Effect[] {
    this.held = this.held.filter((h) => h !== hash);
    return this.feed(this.verdict(hash));
  }

  /** The actor `id` exits (a crash or its own choice). */
  exit(id: string, reason = 'crashed'): Effect[] {
    const a = this.actors.get(id);
    if (a) a.alive = false;
    return this.feed({ kind: 'actorExited', address: { system: 'test', id }, reason });
  }

  /** Run every scheduled restart now. */
  runRestarts(): Effect[] {
    const due = this.scheduled;
    this.scheduled = [];
    const start = this.effects.length;
    for (const r of due) this.feed({ kind: 'restartDue', hash: r.hash, index: r.index });
    return this.effects.slice(start);
  }

  advance(ms: number): void {
    this.now += ms;
  }

  group(name: string) {
    const g = this.state.groups[name];
    if (!g) throw new Error(`no group ${name}`);
    return g;
  }

  /** Addresses of the actors of `hash`, by TLI index. */
  addressesOf(hash: string): (ActorAddress | null)[] {
    for (const g of Object.values(this.state.groups)) {
      const s = g.sources.find((x) => x.hash === hash);
      if (s) return s.actors.map((a) => a.address);
    }
    throw new Error(`no source ${hash}`);
  }

  inboxOf(addr: ActorAddress | null | undefined): JsonValue[] {
    return addr ? (this.inbox.get(addr.id) ?? []) : [];
  }

  lastReply(): DirectorReply {
    const r = this.replies[this.replies.length - 1];
    if (!r) throw new Error('no reply');
    return r.message;
  }
}

/** The guide's foo.tli, as DefineGroup. */
export function fooGroup(
  extra: Partial<{ AutoUnload: boolean | number; TLS_Keep_Limit: number }> = {},
): DirectorRequest {
  return {
    DirectorOp: 'DefineGroup',
    Group: 'foo',
    Actors: {
      'foo.fooactor': {
        OnLoad: { Role: 'MainFoo', Message: 'StartFoo', GlobalName: 'Foo Primary' },
        OnReactivate: { Message: ['Restart', true] },
        OnDeactivate: { Message: { Shutdown: true, timeout: 3 } },
      },
      'foo.subdir2.barn.cowactor': { OnLoad: { Role: 'FlyingCow', Message: 'Moo!' } },
    },
    ...extra,
  };
}

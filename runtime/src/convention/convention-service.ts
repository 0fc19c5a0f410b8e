/**
 * The convention as the daemon sees it: three narrow hooks, made together so they share state.
 * - `remoteForward`: give it to the local system (LocalSystemOptions.remoteForward) — messages
 *   for other systems' addresses go over the convention;
 * - `wrapSystem`: wrap the created system — placement and the original bytes of loaded sources;
 * - `service`: the DaemonService that joins the leader (convleader.cfg names another daemon) or
 *   listens for members (this daemon leads and has convention.secret).
 */
import { unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../config/read-config';
import type { DaemonService, DaemonServiceContext } from '../daemon/daemon-services';
import type { ActorAddress } from '../protocol/actor-address';
import {
  MEMBER_JOINED_EVENT,
  MEMBER_LOST_EVENT,
  conventionPortOf,
  type Capabilities,
  type MemberInfo,
} from '../protocol/convention-protocol';
import type { DirectorError } from '../protocol/errors';
import type { ActorSystemCore, CreateActorOptions } from '../system/system-core';
import { ConventionError } from './convention-error';
import { ConventionNode } from './convention-node';
import { ConventionSystem } from './convention-system';
import { ConventionLeader } from './leader';
import { ConventionMember } from './member';
import { Registrations } from './registrations';
import { readSecret, requireSecret } from './secret';
import { SourceStore } from './source-store';
import { readConventionTls } from './tls-files';

export interface ConventionParts {
  readonly remoteForward: (to: ActorAddress, message: unknown, from: ActorAddress | null) => boolean;
  /**
   * For the local system's own creates (an actor inside a source creating one its system
   * refuses): place it elsewhere, or reject with `refusal` when there is no convention.
   */
  readonly placeElsewhere: (spec: string, options: CreateActorOptions, refusal: DirectorError) => Promise<ActorAddress>;
  wrapSystem(inner: ActorSystemCore, directorDir: string): ActorSystemCore;
  readonly service: DaemonService;
  /**
   * Answer `method` from the leader on this system (a member): the rollout's steps. One handler
   * per method; it gets the params and resolves with the result.
   */
  handleFromLeader(method: string, handler: (params: unknown) => Promise<unknown>): void;
  /** Leader: send `method` to member `system` and resolve with its answer; rejects with CONVENTION_NO_LINK when it is not joined. */
  requestMember(system: string, method: string, params: unknown, timeoutMs: number): Promise<unknown>;
  /** The next unload of `sourceHash` on this system is not passed to the rest of the convention. */
  unloadHereOnly(sourceHash: string): void;
  /** For tests and status: the live members (leader) or the leader's name (member). */
  status(): {
    readonly role: 'alone' | 'leader' | 'member';
    readonly members: readonly MemberInfo[];
    readonly leader?: string;
  };
}

export interface ConventionPartsOptions {
  /** Heartbeat of convention links (default HEARTBEAT_MS); THESPIAN_CONVENTION_HEARTBEAT_MS overrides. */
  readonly heartbeatMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function conventionParts(partsOptions: ConventionPartsOptions = {}): ConventionParts {
  let inner: ActorSystemCore | undefined;
  let store: SourceStore | undefined;
  let node: ConventionNode | undefined;
  let leader: ConventionLeader | undefined;
  let member: ConventionMember | undefined;
  const fromLeader = new Map<string, (params: unknown) => Promise<unknown>>();
  const extraRequest = (
    peer: { readonly isLeader: boolean },
    method: string,
    params: unknown,
  ): Promise<unknown> | undefined => {
    const h = fromLeader.get(method);
    return h !== undefined && peer.isLeader ? h(params) : undefined;
  };

  const service: DaemonService = {
    name: 'convention',
    async start(ctx: DaemonServiceContext) {
      const { config } = ctx;
      const system = inner ?? ctx.system;
      store ??= new SourceStore(config.directorDir);
      const log = (level: Parameters<DaemonServiceContext['log']>[0], text: string): void => ctx.log(level, text);
      const heartbeatMs = partsOptions.heartbeatMs ?? envInt(ctx.env['THESPIAN_CONVENTION_HEARTBEAT_MS']);
      const target = config.conventionLeader;
      const self =
        target !== undefined &&
        target.port === config.adminPort &&
        (target.host === config.adminHost || (LOOPBACK.has(target.host) && LOOPBACK.has(config.adminHost)));
      const joined = (m: MemberInfo): void => ctx.publish(MEMBER_JOINED_EVENT, m);
      const lost = (system: string, reason: string): void => ctx.publish(MEMBER_LOST_EVENT, { system, reason });
      // Actors that asked with notifyOnSystemRegistrationChanges hear of every other system.
      const registrations = new Registrations(system.systemName, (name, caps, added) =>
        system.systemRegistrationChanged?.(name, caps, added),
      );
      // Capabilities follow othercaps.cfg while the daemon runs: applied here, then announced.
      const capsFile = path.join(config.directorDir, 'othercaps.cfg');
      let caps: Capabilities = config.capabilities;
      const watchCapabilities = (announce: (c: Capabilities) => void): (() => void) => {
        const onCapsChange = (): void => {
          void readConfig(config.directorDir).then(({ config: c, problems }) => {
            if (problems.length > 0) {
              log(
                'warning',
                `convention: othercaps.cfg changed but is not valid (${problems[0].message}); keeping the previous capabilities`,
              );
              return;
            }
            if (JSON.stringify(c.capabilities) === JSON.stringify(caps)) return;
            caps = c.capabilities;
            system.updateCapabilities?.(caps);
            log('info', `convention: capabilities now ${JSON.stringify(caps)}; applied here and announced`);
            announce(caps);
          });
        };
        watchFile(capsFile, { interval: 500, persistent: false }, onCapsChange);
        return () => unwatchFile(capsFile, onCapsChange);
      };

      if (target !== undefined && !self) {
        store.keep = true;
        member = new ConventionMember({
          leaderHost: target.host,
          leaderPort: conventionPortOf(target.port),
          systemName: system.systemName,
          secret: () => requireSecret(config.directorDir),
          tls: () => readConventionTls(config.directorDir),
          capabilities: () => caps,
          ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
          log,
          onJoined: (name, leaderCaps, others) => {
            joined({ system: name, capabilities: leaderCaps });
            registrations.joined(name, leaderCaps);
            for (const m of others) registrations.joined(m.system, m.capabilities);
          },
          onLost: (name, reason) => {
            registrations.clear();
            lost(name, reason);
          },
          onPeerChange: (kind, name, peerCaps) =>
            kind === 'joined' ? registrations.joined(name, peerCaps) : registrations.lost(name),
        });
        node = new ConventionNode(system, member, store, config.directorDir, log);
        node.extraRequest = extraRequest;
        member.attach(node);
        const unsubscribe = system.onEvent((e) => e.kind === 'source-unloaded' && node?.sourceUnloaded(e.sourceHash));
        const unwatch = watchCapabilities((c) => member?.updateCapabilities(c));
        member.start();
        log('info', `convention: joining the leader at ${member.url}`);
        const m = member;
        return {
          stop: async () => {
            unwatch();
            unsubscribe();
            await m.close();
            registrations.clear();
            node = undefined;
          },
        };
      }

      const secret = await readSecret(config.directorDir);
      if (secret === undefined) {
        log('debug', 'convention: no convention.secret; this daemon runs alone and accepts no members');
        return;
      }
      const tls = await readConventionTls(config.directorDir);
      const host = LOOPBACK.has(config.adminHost) ? '0.0.0.0' : config.adminHost;
      store.keep = true;
      const l = await ConventionLeader.listen({
        host,
        port: conventionPortOf(config.adminPort),
        systemName: system.systemName,
        capabilities: () => caps,
        secret,
        ...(tls ? { tls } : {}),
        ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
        log,
        onJoined: (m) => {
          joined(m);
          registrations.joined(m.system, m.capabilities);
        },
        onLost: (name, reason) => {
          registrations.lost(name);
          lost(name, reason);
        },
      });
      leader = l;
      node = new ConventionNode(system, l, store, config.directorDir, log);
      l.attach(node);
      const unsubscribe = system.onEvent((e) => e.kind === 'source-unloaded' && node?.sourceUnloaded(e.sourceHash));
      const unwatch = watchCapabilities((c) => l.announceOwnCapabilities(c));
      log('info', `convention: leading; members join at ${tls ? 'wss' : 'ws'}://${host}:${l.port}/convention`);
      return {
        stop: async () => {
          unwatch();
          unsubscribe();
          await l.close();
          registrations.clear();
          node = undefined;
        },
      };
    },
  };

  return {
    remoteForward: (to, message, from) => node?.forward(to, message, from) ?? false,
    placeElsewhere: (spec, options, refusal) =>
      node === undefined ? Promise.reject(refusal) : node.placeElsewhere(spec, options, refusal),
    wrapSystem(system, directorDir) {
      inner = system;
      store ??= new SourceStore(directorDir);
      return new ConventionSystem(system, store, () => node);
    },
    service,
    unloadHereOnly(sourceHash) {
      node?.unloadHereOnly(sourceHash);
    },
    handleFromLeader(method, handler) {
      fromLeader.set(method, handler);
    },
    async requestMember(system, method, params, timeoutMs) {
      const peer = leader?.routeTo(system);
      if (peer === undefined || leader === undefined)
        throw new ConventionError('CONVENTION_NO_LINK', `${system} is not a member of this convention now`);
      return peer.link.request(method, params, timeoutMs);
    },
    status() {
      if (leader !== undefined && node !== undefined) return { role: 'leader', members: leader.memberDetails() };
      if (member !== undefined && node !== undefined)
        return { role: 'member', members: [], ...(member.leader !== undefined ? { leader: member.leader } : {}) };
      return { role: 'alone', members: [] };
    },
  };
}

function envInt(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

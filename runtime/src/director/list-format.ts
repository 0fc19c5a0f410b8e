/**
 * The `list` command's output, from a RetrieveAll reply: the layout of the original's `list`
 * plus each source's version and each actor's restarts and failure reason:
 *
 *   Group foo::
 *     Source hash 51d04cfeabd8662f924fbb7b4686fa89  version 1.1
 *         ActorAddr-(127.0.0.1:1900|a3) -- foo.fooactor.FooActor (MainFoo)  (since 2026-11-30 18:32:06.704000)
 *     Source hash 24b386108b6dca5b11458aee53a5885d  version 1.2  [ACTIVE]
 *         LOAD FAILED... no address -- foo.fooactor.Worker (Worker)  (since ?)  failed: [SPEC] no class Worker
 *         ActorAddr-(127.0.0.1:1900|a9) -- foo.cow.Cow (Cow)  (since 2026-11-30 18:33:00.100000)  restarts 2
 */
import { formatAddress } from '../protocol/actor-address';
import type { AllAddressesReply, GroupInfo, RunningActorInfo } from '../protocol/director-messages';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` in local time, as the original printed Python datetimes. */
export function formatStartTime(isoTime: string | null): string {
  if (isoTime === null) return '?';
  const d = new Date(isoTime);
  if (Number.isNaN(d.getTime())) return '?';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}000`
  );
}

function actorLine(a: RunningActorInfo): string {
  const where = a.ActorAddress
    ? formatAddress(a.ActorAddress)
    : a.Status === 'failed'
      ? 'LOAD FAILED... no address'
      : `${a.Status.toUpperCase()}... no address`;
  let line = `      ${where} -- ${a.ActorClass}${a.Role ? ` (${a.Role})` : ''}  (since ${formatStartTime(a.StartTime)})`;
  if (a.Restarts > 0) line += `  restarts ${a.Restarts}`;
  if (a.Error !== undefined && a.ActorAddress === null)
    line += `  ${a.Status === 'failed' ? 'failed' : 'last exit'}: ${a.Error}`;
  return line;
}

/** Key ids of revoked_keys.cfg: their sources are flagged `[REVOKED KEY]` (docs/security.md). */
export type RevokedKeys = ReadonlySet<string>;

function groupLines(name: string, g: GroupInfo, revoked: RevokedKeys): string[] {
  const lines = [`Group ${name}::`];
  for (const hash of g.Loaded) {
    const info = g.Sources.find((s) => s.SourceHash === hash);
    let head = `  Source hash ${hash}`;
    if (info?.Version) head += `  version ${info.Version}`;
    if (info?.Starting) head += '  (starting)';
    if (g.ActiveHash === hash) head += '  [ACTIVE]';
    if (info?.KeyId != null && revoked.has(info.KeyId)) head += `  [REVOKED KEY ${info.KeyId}]`;
    lines.push(head);
    for (const a of g.Running[hash] ?? []) lines.push(actorLine(a));
  }
  return lines;
}

/** The text of `director list [GROUP]`: groups sorted by name, sources in load order (oldest first). */
export function formatList(reply: AllAddressesReply, revoked: RevokedKeys = new Set()): string {
  const names = Object.keys(reply.Groups).sort();
  return names
    .flatMap((n) => groupLines(n, reply.Groups[n], revoked))
    .map((l) => `${l}\n`)
    .join('');
}

/** One actor of a loaded source, as `list --json` prints it. */
export interface ListedActor {
  readonly actorClass: string;
  readonly role: string | null;
  readonly globalName: string | null;
  /** The actor's address, or null when it has none (not started, failed, exited). */
  readonly address: RunningActorInfo['ActorAddress'];
  readonly status: RunningActorInfo['Status'];
  readonly startTime: string | null;
  readonly restarts: number;
  readonly error: string | null;
}

/** One loaded source of a group, in load order. */
export interface ListedSource {
  readonly hash: string;
  readonly version: string | null;
  readonly path: string | null;
  readonly loadedAt: string | null;
  readonly active: boolean;
  readonly starting: boolean;
  readonly keyId: string | null;
  /** Signed by a key that revoked_keys.cfg lists. */
  readonly revokedKey: boolean;
  readonly actors: readonly ListedActor[];
}

/** `director list --json`, and what the toolchain API's `list()` returns: groups sorted by name. */
export interface ListReport {
  readonly groups: readonly {
    readonly name: string;
    readonly activeHash: string | null;
    readonly sources: readonly ListedSource[];
  }[];
}

/** `director list --json`: a stable, documented shape (docs/director.md). */
export function listJson(reply: AllAddressesReply, revoked: RevokedKeys = new Set()): ListReport {
  return {
    groups: Object.keys(reply.Groups)
      .sort()
      .map((name) => {
        const g = reply.Groups[name];
        return {
          name,
          activeHash: g.ActiveHash,
          sources: g.Loaded.map((hash) => {
            const info = g.Sources.find((s) => s.SourceHash === hash);
            return {
              hash,
              version: info?.Version ?? null,
              path: info?.Path ?? null,
              loadedAt: info?.LoadedAt ?? null,
              active: g.ActiveHash === hash,
              starting: info?.Starting ?? false,
              keyId: info?.KeyId ?? null,
              revokedKey: info?.KeyId != null && revoked.has(info.KeyId),
              actors: (g.Running[hash] ?? []).map((a) => ({
                actorClass: a.ActorClass,
                role: a.Role,
                globalName: a.GlobalName,
                address: a.ActorAddress,
                status: a.Status,
                startTime: a.StartTime,
                restarts: a.Restarts,
                error: a.Error ?? null,
              })),
            };
          }),
        };
      }),
  };
}

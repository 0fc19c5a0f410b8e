/**
 * What a starting daemon does after it restored its record (the table in docs/durability.md):
 *
 * | record | boot (vs. the one recorded)   | the daemon                                   |
 * |--------|-------------------------------|----------------------------------------------|
 * | none   | any                           | refreshes (newest package of every group)    |
 * | yes    | same boot (crash, restart)    | restores the record, loads nothing else      |
 * | yes    | first start after a boot      | restores the record, then refreshes          |
 *
 * A daemon started by a command for itself (`load`, `refresh`, `unload` with no daemon running)
 * only restores: the command then does what the operator asked.
 * The boot is told by the kernel's boot id; where there is none, by the boot time (now minus
 * the uptime, to the minute).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { CommandContext, TextSink } from '../../../cli/framework/command';
import type { ActorAddress } from '../protocol/actor-address';
import type { DirectorRequest } from '../protocol/director-messages';
import { askOnce } from '../daemon/ask-once';
import type { ActorSystemCore } from '../system/system-core';
import type { DirectorLink } from './director-link';
import { printRefresh, refreshGroups, type RefreshResult } from './refresh';

export type StartAction = 'refresh' | 'restore-only' | 'restore-then-refresh';

/** Set by a command that starts the daemon for itself (load, refresh): restore only. */
export const STARTED_FOR_COMMAND_ENV = 'THESPIAN_DIRECTOR_STARTED_FOR_COMMAND';

export function startAction(
  hasRecord: boolean,
  recordedBoot: string | null,
  currentBoot: string,
  forCommand = false,
): StartAction {
  if (forCommand) return 'restore-only';
  if (!hasRecord) return 'refresh';
  return recordedBoot === currentBoot ? 'restore-only' : 'restore-then-refresh';
}

export async function currentBootId(): Promise<string> {
  try {
    const id = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    if (id !== '') return id;
  } catch {
    // Not Linux: the boot time stands in.
  }
  return `boot-at-${Math.round((Date.now() - os.uptime() * 1000) / 60_000)}`;
}

/** A link to the Director inside the daemon's own system (the daemon's refresh uses it). */
export function inProcessLink(system: ActorSystemCore, director: ActorAddress): DirectorLink {
  return {
    // An ASK_TIMEOUT goes on as it is: askDirector (director-link.ts) names it DIRECTOR_TIMEOUT.
    ask: (request: DirectorRequest, timeoutMs: number) =>
      askOnce(system, director, request, timeoutMs).then((r) => r.reply),
    close: () => Promise.resolve(),
  };
}

/**
 * Run `refresh` inside the daemon: what it prints goes to the daemon's log, one line each; it
 * resolves with its exit code and what happened to each group (for the start report).
 */
export async function daemonRefresh(
  system: ActorSystemCore,
  director: ActorAddress,
  directorDir: string,
  env: { readonly [name: string]: string | undefined },
  log: (level: 'info' | 'warning', text: string) => void,
): Promise<{ readonly code: number; readonly result: RefreshResult }> {
  const sink = (level: 'info' | 'warning'): TextSink => ({
    write: (text: string) => {
      for (const line of text.split('\n')) if (line.trim() !== '') log(level, `refresh: ${line}`);
    },
  });
  const ctx: CommandContext = {
    directorDir,
    env,
    cwd: directorDir,
    out: sink('info'),
    err: sink('warning'),
    verbose: false,
  };
  const result = await refreshGroups(ctx, inProcessLink(system, director));
  return { code: printRefresh(ctx, result, 'refresh'), result };
}

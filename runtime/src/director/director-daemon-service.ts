/**
 * The Director as a daemon service (runtime/src/daemon/daemon-services.ts): started after the
 * Source Authority, before the admin port opens. It restores the recorded sources, then answers.
 * Its events go to subscribed clients as `director/activated`, `director/restarted` (the kinds the
 * admin protocol lists) and `director/<kind>` for the others (`director/source-loaded`...), data =
 * the DirectorEvent without `kind` and `time`.
 */
import { mkdir } from 'node:fs/promises';
import type { DaemonService, DaemonServiceContext, DaemonServiceHandle } from '../daemon/daemon-services';
import type { DirectorEvent } from '../protocol/director-messages';
import { startDirector } from './director-actor';
import { DirectorStore } from './director-store';
import { watchRevocations } from './revocation-watch';
import { currentBootId, daemonRefresh, STARTED_FOR_COMMAND_ENV, startAction } from './start-rules';
import { clearStartReport, plainOutcome, writeStartReport, type StartReport } from '../daemon/start-report';
import type { RefreshResult } from './refresh';
import { privatePaths } from '../daemon/private-paths';
import { codeOf, messageOf } from '../protocol/caught';

/** How long restoring may take before the daemon opens its port anyway (the rest goes on). */
export const RESTORE_DEADLINE_MS = 60_000;

/** Admin event kinds: the two the admin protocol names already, `director/<kind>` for the rest. */
export function adminKindOf(kind: DirectorEvent['kind']): string {
  if (kind === 'source-activated') return 'director/activated';
  if (kind === 'actor-restarted') return 'director/restarted';
  return `director/${kind}`;
}

export function publishAs(ctx: Pick<DaemonServiceContext, 'publish'>): (event: DirectorEvent) => void {
  return (event) => {
    const data: { [key: string]: unknown } = { ...event };
    delete data['kind'];
    delete data['time'];
    ctx.publish(adminKindOf(event.kind), data);
  };
}

export const directorDaemonService: DaemonService = {
  name: 'director',
  async start(ctx: DaemonServiceContext): Promise<DaemonServiceHandle> {
    await mkdir(ctx.paths.director, { recursive: true, mode: 0o700 });
    const store = new DirectorStore(ctx.paths.director);
    const director = await startDirector(ctx.system, {
      directorDir: ctx.config.directorDir,
      store,
      publish: publishAs(ctx),
      log: (level, text) => ctx.log(level, `director: ${text}`),
    });
    // Security refusals of the actor system (a source trying to replace the Source Authority...)
    // go to the audit log beside the loads they concern.
    const stopAuditing = ctx.system.onEvent((e) => {
      if (e.kind !== 'security-refused') return;
      const hash = e.sourceHash ?? '';
      const source = Object.values(director.service.current.groups)
        .flatMap((g) => g.sources)
        .find((s) => s.hash === hash);
      store
        .appendAudit({
          action: 'refused',
          sourceHash: hash,
          group: source?.group ?? '',
          version: source?.version ?? null,
          keyId: source?.keyId ?? null,
          time: new Date().toISOString(),
          by: hash === '' ? 'actor system' : `source ${hash}`,
          code: e.code,
        })
        .catch((err: unknown) => ctx.log('error', `director: cannot append to the audit log: ${String(err)}`));
    });
    const stopRevocations = watchRevocations({
      directorDir: ctx.config.directorDir,
      service: director.service,
      publish: (kind, data) => ctx.publish(kind, data),
      log: (level, text) => ctx.log(level, `director: ${text}`),
      audit: (entry) => store.appendAudit(entry),
    });
    const reportFile = privatePaths(ctx.config.directorDir).startReport;
    await clearStartReport(reportFile);
    let record = null;
    let damaged = false;
    try {
      record = await store.readRecord();
    } catch (e) {
      damaged = true;
      ctx.log('error', `director: ${messageOf(e)}; starting with nothing loaded`);
    }
    const boot = await currentBootId();
    const action = damaged
      ? 'restore-only'
      : startAction(record !== null, await store.readBootId(), boot, ctx.env[STARTED_FOR_COMMAND_ENV] === '1');
    if (record && record.sources.length > 0) {
      ctx.log('info', `director: restoring ${record.sources.length} loaded source(s)`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<'late'>(
        (resolve) => (timer = setTimeout(() => resolve('late'), RESTORE_DEADLINE_MS)),
      );
      const outcome = await Promise.race([director.service.restore(record).then(() => 'done' as const), deadline]);
      clearTimeout(timer);
      if (outcome === 'late')
        ctx.log(
          'warning',
          `director: restoring took over ${RESTORE_DEADLINE_MS / 1000} s; opening the admin port while it goes on`,
        );
    } else if (record) {
      await director.service.restore(record);
    }
    // Copies left by a crash between writing a copy and the record are not needed by anyone.
    const keep = new Set(Object.values(director.service.current.groups).flatMap((g) => g.sources.map((s) => s.hash)));
    for (const p of director.service.current.pending) keep.add(p.hash);
    const dropped = await store.dropCopiesExcept(keep);
    if (dropped.length > 0)
      ctx.log('info', `director: removed ${dropped.length} copy(ies) no record names: ${dropped.join(', ')}`);
    ctx.log(
      'info',
      `director: start rule "${action}" (${record === null ? 'no record' : `record of ${record.sources.length} source(s)`}, boot ${boot})`,
    );
    const out: string[] = [];
    const err: string[] = [];
    let code = 0;
    let refreshed: RefreshResult = { groups: [], skipped: [] };
    let refreshError: StartReport['refreshError'];
    if (action !== 'restore-only') {
      try {
        const r = await daemonRefresh(ctx.system, director.address, ctx.config.directorDir, ctx.env, (level, text) => {
          (level === 'info' ? out : err).push(text.replace(/^refresh: /, ''));
          ctx.log(level, `director: ${text}`);
        });
        code = r.code;
        refreshed = r.result;
      } catch (e) {
        const message = messageOf(e);
        const c = codeOf(e);
        refreshError = { message, ...(c !== undefined ? { code: c } : {}) };
        err.push(`refresh at start failed: ${message}`);
        ctx.log('error', `director: refresh at start failed: ${message}`);
        code = 1;
      }
      if (code !== 0) ctx.log('warning', `director: refresh at start ended with code ${code}`);
    }
    // For the `director start` that spawned this daemon (it prints this and exits with the code;
    // the toolchain's start() returns the groups as data).
    const report: StartReport = {
      pid: process.pid,
      action,
      code,
      out,
      err,
      groups: refreshed.groups.map(plainOutcome),
      skipped: refreshed.skipped,
      ...(refreshError !== undefined ? { refreshError } : {}),
    };
    await writeStartReport(reportFile, report).catch((e: unknown) =>
      ctx.log('warning', `director: cannot write ${reportFile}: ${messageOf(e)}`),
    );
    // Only now is this boot's start done: a crash before this line (in the refresh above) leaves
    // the previous boot recorded, so the next start refreshes again instead of only restoring.
    await store
      .writeBootId(boot)
      .catch((e: unknown) => ctx.log('error', `director: cannot write ${store.bootIdFile}: ${messageOf(e)}`));
    return {
      stop: () => {
        stopAuditing();
        stopRevocations();
        return director.stop();
      },
    };
  },
};

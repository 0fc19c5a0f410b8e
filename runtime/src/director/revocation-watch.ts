/**
 * Revocation of loaded sources: every `intervalMs` the daemon reads revoked_keys.cfg (key-policy.ts)
 * and looks for loaded sources signed by a revoked key. Each is flagged once (a `security/revoked`
 * event, a log warning, an audit line) and, when its line says `unload`, unloaded at once through
 * the Director (the same path as `director unload`). New loads under a revoked key are refused by
 * the Source Authority itself (TLS_KEY_REVOKED); this covers what was loaded before.
 */
import { loadRevocations } from '../authority/key-policy';
import type { DirectorService } from './director-service';
import type { AuditEntry } from './core/types';

export const REVOCATION_POLL_MS = 2000;

export interface RevocationWatchOptions {
  readonly directorDir: string;
  readonly service: DirectorService;
  readonly publish: (kind: string, data: unknown) => void;
  readonly log: (level: 'info' | 'warning' | 'error', text: string) => void;
  readonly audit: (entry: AuditEntry) => Promise<void>;
  readonly intervalMs?: number;
}

/** Start watching; returns the stop function. */
export function watchRevocations(o: RevocationWatchOptions): () => void {
  const flagged = new Set<string>();
  const reported = new Set<string>();
  let busy = false;
  const check = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const list = await loadRevocations(o.directorDir);
      for (const p of list.problems) {
        if (!reported.has(p)) o.log('warning', p);
        reported.add(p);
      }
      const loaded = new Set<string>();
      for (const g of Object.values(o.service.current.groups)) {
        for (const s of g.sources) {
          loaded.add(s.hash);
          const r = s.keyId === null ? undefined : list.revoked.get(s.keyId);
          if (r === undefined || s.unloading || flagged.has(s.hash)) continue;
          flagged.add(s.hash);
          const text = `source ${s.hash} of group "${s.group}" (version ${s.version ?? 'none'}) was signed by revoked key ${s.keyId ?? ''}${r.unload ? ': unloading it now' : '; unload it with "director unload"'}`;
          o.log('warning', text);
          o.publish('security/revoked', { sourceHash: s.hash, group: s.group, keyId: s.keyId, unloading: r.unload });
          await o
            .audit({
              action: 'refused',
              sourceHash: s.hash,
              group: s.group,
              version: s.version,
              keyId: s.keyId,
              time: new Date().toISOString(),
              by: 'revoked_keys.cfg',
              code: 'TLS_KEY_REVOKED',
            })
            .catch((e: unknown) => o.log('error', `cannot append to the audit log: ${String(e)}`));
          if (r.unload)
            o.service.receive(
              { DirectorOp: 'UnloadSource', SourceHash: s.hash, RequestedBy: 'revoked_keys.cfg' },
              null,
              true,
            );
        }
      }
      // Only loaded sources stay flagged: the set never outgrows what is loaded.
      for (const h of flagged) if (!loaded.has(h)) flagged.delete(h);
    } catch (e) {
      o.log('error', `checking revoked_keys.cfg failed: ${String(e)}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void check(), o.intervalMs ?? REVOCATION_POLL_MS);
  timer.unref();
  void check();
  return () => clearInterval(timer);
}

/**
 * Which log records "Show Logs" shows for a tree item: an actor's own records (by address), or a
 * source's (its actors' addresses and the records its worker logs under the source's hash).
 */
import type { LogRecordEvent } from '../../../runtime/src/protocol/admin-protocol';

export interface RecordFilter {
  readonly title: string;
  readonly addresses: readonly string[];
  readonly hash?: string;
}

export function recordMatches(r: LogRecordEvent, f: RecordFilter): boolean {
  if (r.address !== undefined && f.addresses.includes(r.address)) return true;
  return f.hash !== undefined && f.hash !== '' && r.name.includes(f.hash);
}

/** One line per record, as the channel and the filtered document show it. */
export function recordLine(r: LogRecordEvent): string {
  return `${r.created} [${r.level}] ${r.name}: ${r.text}`;
}

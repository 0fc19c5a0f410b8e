/**
 * Times in the views: the daemon reports UTC (`2026-12-07T21:52:11.000Z`); people read their
 * own clock. Shown as local time (only the time of day when it is today), with the exact UTC
 * instant kept for the tooltip. The offset is a parameter so that every case is a unit test.
 */
export interface TimeZone {
  /** As Date#getTimezoneOffset: minutes to add to local time to get UTC (UTC+1 is -60). */
  readonly offsetMinutes: number;
  /** "Now", ms since epoch: decides whether the date is printed. */
  readonly now: number;
}

export function localZone(): TimeZone {
  const now = Date.now();
  return { offsetMinutes: new Date(now).getTimezoneOffset(), now };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `21:52:11` when the instant is today in that zone, else `2026-12-06 21:52`; the input unchanged when it is not a time. */
export function formatLocalTime(iso: string, zone: TimeZone): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  // Shift by the offset and read the UTC fields: the local wall clock, independent of the host's zone.
  const local = new Date(t - zone.offsetMinutes * 60_000);
  const today = new Date(zone.now - zone.offsetMinutes * 60_000);
  const sameDay =
    local.getUTCFullYear() === today.getUTCFullYear() &&
    local.getUTCMonth() === today.getUTCMonth() &&
    local.getUTCDate() === today.getUTCDate();
  const hm = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  if (sameDay) return `${hm}:${pad(local.getUTCSeconds())}`;
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${hm}`;
}

/** For a tooltip: the local time with its zone, then the UTC instant. */
export function timeTooltip(iso: string, zone: TimeZone): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const off = -zone.offsetMinutes;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const full = { ...zone, now: Number.NaN };
  return `${formatLocalTime(iso, full)} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}), ${new Date(t).toISOString()} UTC`;
}

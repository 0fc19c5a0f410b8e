/**
 * How much a source may log per second. A source's log records are written and tapped by the
 * daemon's main thread: without a bound, a source logging in a loop made the daemon hold (and
 * never give back) as much as it logged, and left it unanswering meanwhile. The worker drops what
 * is over the budget before posting it (the runtime's logger); the main thread checks again with
 * a little slack (a source can post on its channel by itself), see worker-link.ts.
 */
export const LOG_RECORDS_PER_S = 2_000;
export const LOG_CHARS_PER_S = 4 * 1024 * 1024;
/** Longest record text kept; the rest is cut with a note. */
export const LOG_TEXT_MAX = 64 * 1024;

export function cutLogText(text: string): string {
  return text.length > LOG_TEXT_MAX
    ? `${text.slice(0, LOG_TEXT_MAX)}… (${text.length - LOG_TEXT_MAX} more characters)`
    : text;
}

export class LogBudget {
  private since = 0;
  private records = 0;
  private chars = 0;
  private dropped = 0;

  /** `say` gets one line when dropping starts in a second, and the count of the previous second's drops. */
  constructor(
    private readonly perSecond: { readonly records: number; readonly chars: number },
    private readonly say: (text: string) => void,
    private readonly who: string,
  ) {}

  /** Whether a record of `text` fits this second's budget. */
  admit(text: string): boolean {
    const now = Date.now();
    if (now - this.since >= 1000) {
      if (this.dropped > 0) this.say(`${this.who}: ${this.dropped} log records dropped in the last second`);
      this.since = now;
      this.records = 0;
      this.chars = 0;
      this.dropped = 0;
    }
    if (this.records >= this.perSecond.records || this.chars >= this.perSecond.chars) {
      if (this.dropped++ === 0)
        this.say(
          `${this.who} logs faster than ${LOG_RECORDS_PER_S} records or ${LOG_CHARS_PER_S / 1024 / 1024} MiB a second: its records are dropped until the next second`,
        );
      return false;
    }
    this.records++;
    this.chars += Math.min(text.length, LOG_TEXT_MAX);
    return true;
  }
}

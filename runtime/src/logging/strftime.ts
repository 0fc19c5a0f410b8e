/** Python's time.strftime for the directives log formats use, in local time (or UTC). */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function strftime(fmt: string, date: Date, utc = false): string {
  const Y = utc ? date.getUTCFullYear() : date.getFullYear();
  const mo = utc ? date.getUTCMonth() : date.getMonth();
  const d = utc ? date.getUTCDate() : date.getDate();
  const H = utc ? date.getUTCHours() : date.getHours();
  const M = utc ? date.getUTCMinutes() : date.getMinutes();
  const S = utc ? date.getUTCSeconds() : date.getSeconds();
  const wd = utc ? date.getUTCDay() : date.getDay();
  return fmt.replace(/%([a-zA-Z%])/g, (all, c: string) => {
    switch (c) {
      case 'Y':
        return String(Y);
      case 'y':
        return pad(Y % 100);
      case 'm':
        return pad(mo + 1);
      case 'd':
        return pad(d);
      case 'H':
        return pad(H);
      case 'I':
        return pad(H % 12 === 0 ? 12 : H % 12);
      case 'p':
        return H < 12 ? 'AM' : 'PM';
      case 'M':
        return pad(M);
      case 'S':
        return pad(S);
      case 'f':
        return pad(date.getMilliseconds() * 1000, 6);
      case 'b':
        return MONTHS[mo].slice(0, 3);
      case 'B':
        return MONTHS[mo];
      case 'a':
        return DAYS[wd].slice(0, 3);
      case 'A':
        return DAYS[wd];
      case 'j': {
        const start = utc ? Date.UTC(Y, 0, 1) : new Date(Y, 0, 1).getTime();
        const today = utc ? Date.UTC(Y, mo, d) : new Date(Y, mo, d).getTime();
        return pad(Math.round((today - start) / 86_400_000) + 1, 3);
      }
      case 'z': {
        const off = utc ? 0 : -date.getTimezoneOffset();
        return `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
      }
      case 'Z':
        return utc ? 'UTC' : (Intl.DateTimeFormat().resolvedOptions().timeZone ?? '');
      case '%':
        return '%';
      default:
        return all;
    }
  });
}

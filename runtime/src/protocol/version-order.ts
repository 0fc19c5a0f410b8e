/**
 * The version order of the original (its `versionExtract` function, whose test vectors
 * test/packager/version-order.test.ts keeps):
 * after the group prefix, runs of digits compare as numbers, other runs as strings (by code
 * point), a number sorts below a string, and a key that is a prefix of another sorts below it.
 * So "no version" (`GROUP.tls`, the empty key) sorts lowest.
 */
export type VersionPart = number | string;

function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? file : file.slice(i + 1);
}

/**
 * The sort key of `file` (a name or a path) within `group`: empty when the base name does not
 * start with the group. `.tls` is dropped only at the end; other extensions stay in the key.
 */
export function versionKey(group: string, file: string): VersionPart[] {
  const base = baseName(file);
  if (!base.startsWith(group)) return [];
  let rest = base.slice(group.length);
  if (rest.endsWith('.tls')) rest = rest.slice(0, -'.tls'.length);
  const parts: VersionPart[] = [];
  for (const m of rest.matchAll(/[0-9]+|[^0-9]+/g)) {
    const run = m[0];
    // Leading zeros do not count: "003" is 3. Very long digit runs stay exact via BigInt-free
    // comparison below (compareDigits), so the number form is only used when it is safe.
    parts.push(/^[0-9]/.test(run) ? normaliseDigits(run) : run);
  }
  return parts;
}

/** Digit runs become numbers when exact; longer runs keep a marked string form compared by length. */
function normaliseDigits(run: string): VersionPart {
  const trimmed = run.replace(/^0+(?=[0-9])/, '');
  const n = Number(trimmed);
  return Number.isSafeInteger(n) ? n : `\u0000${trimmed}`;
}

function isNumberPart(p: VersionPart): boolean {
  return typeof p === 'number' || p.startsWith('\u0000');
}

function compareNumberParts(a: VersionPart, b: VersionPart): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const sa = typeof a === 'number' ? String(a) : a.slice(1);
  const sb = typeof b === 'number' ? String(b) : b.slice(1);
  if (sa.length !== sb.length) return sa.length < sb.length ? -1 : 1;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  // Code point order, as Python compares str.
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i].codePointAt(0)!;
    const y = cb[i].codePointAt(0)!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return ca.length - cb.length < 0 ? -1 : ca.length > cb.length ? 1 : 0;
}

/** Compare two version keys: negative when `a` is older than `b`. */
export function compareVersionKeys(a: readonly VersionPart[], b: readonly VersionPart[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const xn = isNumberPart(x);
    const yn = isNumberPart(y);
    let c: number;
    if (xn && yn) c = compareNumberParts(x, y);
    else if (xn) c = -1;
    else if (yn) c = 1;
    else c = compareStrings(x as string, y as string);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Compare two files of one group by version: negative when `a` is older. */
export function compareVersions(group: string, a: string, b: string): number {
  return compareVersionKeys(versionKey(group, a), versionKey(group, b));
}

/** The files of `group`, newest first. Stable: equal keys (`foo-01`, `foo-1`) keep their order. */
export function sortNewestFirst<T extends string>(group: string, files: readonly T[]): T[] {
  const keyed = files.map((f, i) => ({ f, i, k: versionKey(group, f) }));
  keyed.sort((x, y) => compareVersionKeys(y.k, x.k) || x.i - y.i);
  return keyed.map((x) => x.f);
}

/**
 * Version order of loaded sources: the one of package file names (runtime/src/protocol/
 * version-order.ts), applied to a bare version. A version `v` sorts as the file
 * `GROUP-v.tls`; no version (a `GROUP.tls`) sorts lowest.
 */
import { compareVersionKeys, versionKey } from '../../protocol/version-order';

function keyOf(version: string | null): ReturnType<typeof versionKey> {
  return version === null ? [] : versionKey('', `-${version}`);
}

/** Negative when `a` is older than `b`, positive when newer, 0 when equal. */
export function compareVersions(a: string | null, b: string | null): number {
  return compareVersionKeys(keyOf(a), keyOf(b));
}

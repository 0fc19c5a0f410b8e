/**
 * Package file names: `GROUP-VERSION.tls`, or `GROUP.tls` for a package made without a version
 * (the original wrote `GROUP-None.tls`, which then sorted as the newest version). Because a group name has no `-`, the
 * group is everything before the first `-`, and the version everything after it.
 */
import { isGroupName } from './group-name';

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+~-]*$/;

/** Why `version` cannot be a package version, or undefined when it can. */
export function versionProblem(version: string): string | undefined {
  if (VERSION.test(version) && version.length <= 100) return undefined;
  return (
    `"${version}" is not a valid version: use letters, digits and . _ + ~ -, starting with a letter ` +
    'or digit, at most 100 characters (for example 1.2.0 or 20261130rc1), or version:date.'
  );
}

/** `GROUP-VERSION.tls`, or `GROUP.tls` when there is no version. */
export function packageFileName(group: string, version: string | null): string {
  return version === null ? `${group}.tls` : `${group}-${version}.tls`;
}

/** The group and version a package file name claims, or undefined when it is not such a name. */
export function parsePackageFileName(baseName: string): { group: string; version: string | null } | undefined {
  if (!baseName.endsWith('.tls')) return undefined;
  const stem = baseName.slice(0, -4);
  const dash = stem.indexOf('-');
  const group = dash < 0 ? stem : stem.slice(0, dash);
  if (!isGroupName(group)) return undefined;
  if (dash < 0) return { group, version: null };
  const version = stem.slice(dash + 1);
  return versionProblem(version) === undefined ? { group, version } : undefined;
}

/**
 * Reads the output of `director avail --json` into an AvailListing. The packager prints
 * `{ directorDir, groups: { GROUP: [{ file, version, sourceHash }] }, groupsWithoutTli }`; the
 * decoder also takes groups as an array and a few field-name variants, so a small change there
 * does not blank the view. Anything it cannot read is an AvailJsonError naming the field.
 */
import { sortNewestFirst } from '../../../runtime/src/protocol/version-order';
import { ExtensionError } from './extension-error';
import type { AvailGroup, AvailListing, AvailPackage } from './avail-listing';

/** EXTENSION_AVAIL_OUTPUT, saying which field was wrong. */
export class AvailJsonError extends ExtensionError {
  constructor(where: string, what: string) {
    super('EXTENSION_AVAIL_OUTPUT', `avail --json: ${where}: ${what}; is the extension older than the director it runs?`, where);
  }
}

type Obj = { readonly [k: string]: unknown };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Obj, keys: readonly string[]): string | undefined {
  for (const k of keys) if (typeof o[k] === 'string') return o[k];
  return undefined;
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? p : p.slice(i + 1);
}

function decodePackage(v: unknown, dir: string, where: string): AvailPackage {
  if (typeof v === 'string') return { file: baseName(v), path: v.includes('/') ? v : `${dir}/${v}`, version: null, hash: '' };
  if (!isObj(v)) throw new AvailJsonError(where, 'expected a package object');
  const path = str(v, ['path', 'Path']);
  const file = str(v, ['file', 'name', 'File']) ?? (path !== undefined ? baseName(path) : undefined);
  if (file === undefined) throw new AvailJsonError(where, 'a package needs "file" or "path"');
  const version = str(v, ['version', 'Version']) ?? null;
  const hash = str(v, ['hash', 'sourceHash', 'SourceHash']) ?? '';
  return { file, path: path ?? `${dir}/${file}`, version, hash };
}

function decodeGroup(name: string, v: unknown, dir: string, where: string): AvailGroup {
  const rawPackages: unknown = Array.isArray(v) ? v : isObj(v) ? (v['packages'] ?? v['files'] ?? []) : undefined;
  if (!Array.isArray(rawPackages)) throw new AvailJsonError(where, 'expected a list of packages');
  const packages = rawPackages.map((p, i) => decodePackage(p, dir, `${where}.packages[${i}]`));
  const order = sortNewestFirst(name, packages.map((p) => p.file));
  const tliField = isObj(v) ? v['tli'] ?? v['tliPath'] : undefined;
  const tliPath = typeof tliField === 'string' ? tliField : tliField === false || tliField === null ? null : `${dir}/${name}.tli`;
  return { group: name, tliPath, packages: order.map((f) => packages.find((p) => p.file === f)!) };
}

export function decodeAvailJson(value: unknown): AvailListing {
  if (!isObj(value)) throw new AvailJsonError('top level', 'expected an object');
  const dir = str(value, ['directorDir', 'dir', 'THESPIAN_DIRECTOR_DIR']);
  if (dir === undefined) throw new AvailJsonError('top level', 'missing "directorDir"');
  const raw = value['groups'];
  let groups: AvailGroup[];
  if (Array.isArray(raw)) {
    groups = raw.map((g, i) => {
      if (!isObj(g)) throw new AvailJsonError(`groups[${i}]`, 'expected an object');
      const name = str(g, ['group', 'name']);
      if (name === undefined) throw new AvailJsonError(`groups[${i}]`, 'missing "group"');
      return decodeGroup(name, g, dir, `groups[${i}]`);
    });
  } else if (isObj(raw)) {
    groups = Object.keys(raw).map((name) => decodeGroup(name, raw[name], dir, `groups.${name}`));
  } else {
    throw new AvailJsonError('groups', 'expected an array or an object');
  }
  // The packager's shape: `groupsWithoutTli` holds groups that have packages but no .tli.
  const without = value['groupsWithoutTli'];
  if (isObj(without)) {
    for (const name of Object.keys(without)) {
      if (groups.some((g) => g.group === name)) continue;
      groups.push({ ...decodeGroup(name, without[name], dir, `groupsWithoutTli.${name}`), tliPath: null });
    }
  }
  groups.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return { directorDir: dir, groups };
}

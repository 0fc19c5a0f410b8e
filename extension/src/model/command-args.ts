/**
 * Argument handling of the extension's commands, kept apart from the prompts that gather the
 * choices: the gensrc choices (the toolchain's `gensrc()` takes them as they are), what a choice
 * becomes on the `director` command line, and which tree node a context menu command acts on.
 * The same CommandSpec runs either way, so these arrays are exactly what a user would type after
 * `director`.
 */
import { ExtensionError } from './extension-error';
import type { NodeData } from './tree-node';

/** How gensrc picks a version when asked from the palette (setting `thespianDirector.versionScheme`). */
export type VersionScheme = 'ask' | 'increment' | 'date' | 'none';
export const VERSION_SCHEMES: readonly VersionScheme[] = ['ask', 'increment', 'date', 'none'];

export interface GensrcChoices {
  readonly group: string;
  readonly keyFile: string;
  readonly sourcesDir: string;
  /** null: no version (`GROUP.tls`); 'date': `version:date`. */
  readonly version: string | null;
  readonly tliFile?: string;
  readonly depsFile?: string;
  /** Glob patterns relative to sourcesDir; default: every .ts and .js under the group's folder. */
  readonly patterns?: readonly string[];
  /** Put source maps in the package (`maps:yes`), for debugging; live loading does. */
  readonly sourceMaps?: boolean;
}

export function defaultPatterns(group: string): string[] {
  return [`${group}/**/*.ts`, `${group}/**/*.js`];
}

/**
 * The version one step after `latest`: its last run of digits plus one (`1.2` → `1.3`,
 * `2.0rc9` → `2.0rc10`); `1.0` when there is none yet or it has no digits to count up.
 */
export function nextVersion(latest: string | null | undefined): string {
  if (latest === null || latest === undefined || latest === '') return '1.0';
  const m = /^(.*?)([0-9]+)([^0-9]*)$/.exec(latest);
  if (m === null) return `${latest}.1`;
  const digits = m[2];
  const next = String(BigInt(digits) + 1n).padStart(digits.length, '0');
  return `${m[1]}${next}${m[3]}`;
}

/**
 * The version a scheme proposes, or undefined when the user must be asked (`ask` prefills the
 * prompt with `suggested`).
 */
export function versionFor(
  scheme: VersionScheme,
  latest: string | null | undefined,
): { version: string | null; ask: boolean; suggested: string } {
  const suggested = nextVersion(latest);
  switch (scheme) {
    case 'ask':
      return { version: suggested, ask: true, suggested };
    case 'increment':
      return { version: suggested, ask: false, suggested };
    case 'date':
      return { version: 'date', ask: false, suggested: 'date' };
    case 'none':
      return { version: null, ask: false, suggested: '' };
  }
}

/** `load` on a group loads its newest package; on a package, exactly that file. */
/**
 * `director rollout` for a group (its newest version) or one package (`GROUP-VERSION`; a
 * versionless package is its group's newest), `parallel` members at a time.
 */
export function rolloutArgs(target: NodeData, parallel: number): string[] {
  const n = `parallel:${Math.max(1, Math.floor(parallel))}`;
  switch (target.kind) {
    case 'availGroup':
    case 'loadedGroup':
      return ['rollout', target.group, n];
    case 'package':
      return ['rollout', target.version === null ? target.group : `${target.group}-${target.version}`, n];
    default:
      throw new ExtensionError(
        'EXTENSION_NOT_APPLICABLE',
        `rollout does not apply to a ${target.kind} item; use it on a group or a package`,
      );
  }
}

export function loadArgs(target: NodeData | string): string[] {
  if (typeof target === 'string') return ['load', target];
  switch (target.kind) {
    case 'availGroup':
    case 'loadedGroup':
      return ['load', target.group];
    case 'package':
      return ['load', target.path];
    case 'source':
      return target.path === null ? ['load', target.group] : ['load', target.path];
    default:
      throw new ExtensionError(
        'EXTENSION_NOT_APPLICABLE',
        `load does not apply to a ${target.kind} item; use it on a group or a package`,
      );
  }
}

/** `unload HASH` for a loaded source, or a package file whose hash is loaded. */
export function unloadArgs(target: NodeData | string): string[] {
  if (typeof target === 'string') return ['unload', target];
  if (target.kind === 'source' || target.kind === 'package') {
    if (target.hash === '')
      throw new ExtensionError(
        'EXTENSION_NOT_APPLICABLE',
        `the hash of ${target.group} is not known yet; wait for the view to update`,
      );
    return ['unload', target.hash];
  }
  throw new ExtensionError(
    'EXTENSION_NOT_APPLICABLE',
    `unload applies to a loaded source, not to a ${target.kind} item`,
  );
}

/** `tlsinfo FILE [MEMBER]`: a member's text, shown as the command prints it (a read-only document). */
export function tlsinfoArgs(file: string, member?: string): string[] {
  return member === undefined ? ['tlsinfo', file] : ['tlsinfo', file, member];
}

/** The text the "Copy" commands put on the clipboard for a node, or undefined when none applies. */
export function copyText(target: NodeData, what: 'hash' | 'address'): string | undefined {
  if (what === 'address') return target.kind === 'actor' && target.address !== null ? target.address : undefined;
  return target.kind === 'package' || target.kind === 'source' || target.kind === 'actor'
    ? target.hash || undefined
    : undefined;
}

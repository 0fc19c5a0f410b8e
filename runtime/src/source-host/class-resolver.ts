/**
 * Turns an actor spec into a class of the package (only code of a loaded, verified package runs):
 * `foo.subdir2.barn.cowactor.CowActor` is the export `CowActor` of `foo/subdir2/barn/cowactor.js`;
 * `foo.fooactor` is the single Actor subclass exported by `foo/fooactor.js`.
 */
import { ActorSystemError } from '../actors/actor-system-error';
import { isActorClass, type Actor } from '../actors/actor';
import type { MemoryModuleLoader } from './module-loader';

export interface ResolvedClass {
  readonly Cls: new () => Actor;
  /** The full dotted name, `module.path.Class`. */
  readonly actorClass: string;
}

export function resolveActorClass(loader: MemoryModuleLoader, spec: string, sourceHash: string): ResolvedClass {
  const parts = spec.split('.');
  if (parts.length < 2 || parts.some((p) => p === '')) {
    throw new ActorSystemError(
      'INVALID_ACTOR_SPECIFICATION',
      `Invalid Actor Specification: ${spec}. Name the class by its module path, as 'module.path.ClassName' or the module alone, 'module.path'.`,
      { data: { spec } },
    );
  }
  const classModule = moduleFile(loader, parts.slice(0, -1));
  const wholeModule = moduleFile(loader, parts);
  if (classModule === null && wholeModule === null) {
    throw new ActorSystemError(
      'IMPORT_ERROR',
      `No module for ${spec} in source ${sourceHash}: neither ${parts.slice(0, -1).join('/')}.js nor ${parts.join('/')}.js is in the package.`,
      { data: { spec, sourceHash } },
    );
  }
  if (classModule !== null) {
    const exports = loadModule(loader, classModule, spec, sourceHash);
    const name = parts[parts.length - 1];
    const v = exportOf(exports, name);
    if (v !== undefined || wholeModule === null) {
      if (!isActorClass(v)) {
        throw new ActorSystemError(
          'INVALID_ACTOR_SPECIFICATION',
          v === undefined
            ? `Invalid Actor Specification: ${spec}. Module ${classModule} exports no ${name}.`
            : `Invalid Actor Specification: ${spec}. ${name} exported by ${classModule} is not a subclass of Actor (import { Actor } from 'thespian-director').`,
          { data: { spec, sourceHash } },
        );
      }
      return { Cls: v, actorClass: spec };
    }
  }
  const file = wholeModule!;
  const exports = loadModule(loader, file, spec, sourceHash);
  const candidates = actorExports(exports);
  if (candidates.length === 1) return { Cls: candidates[0][1], actorClass: `${spec}.${candidates[0][0]}` };
  throw new ActorSystemError(
    'INVALID_ACTOR_SPECIFICATION',
    candidates.length === 0
      ? `Invalid Actor Specification: ${spec}. Module ${file} exports no Actor subclass.`
      : `Invalid Actor Specification: ${spec}. Module ${file} exports several Actor subclasses (${candidates
          .map(([n]) => n)
          .join(', ')}); name one, e.g. '${spec}.${candidates[0][0]}'.`,
    { data: { spec, sourceHash, candidates: candidates.map(([n]) => n) } },
  );
}

/** The dotted name of a class of this package that was already loaded (for globalName creates from a worker). */
export function nameOfLoadedClass(loader: MemoryModuleLoader, Cls: unknown): string | null {
  for (const [file, mod] of loader.loadedModules()) {
    for (const [name, v] of actorExports(mod.exports)) {
      if (v === Cls)
        return `${file
          .replace(/\.(js|cjs)$/, '')
          .replace(/\/index$/, '')
          .split('/')
          .join('.')}.${name}`;
    }
  }
  return null;
}

function moduleFile(loader: MemoryModuleLoader, parts: readonly string[]): string | null {
  const base = parts.join('/');
  for (const f of [`${base}.js`, `${base}.cjs`, `${base}/index.js`]) if (loader.has(f)) return f;
  return null;
}

function loadModule(loader: MemoryModuleLoader, file: string, spec: string, sourceHash: string): unknown {
  try {
    return loader.load(file);
  } catch (e) {
    throw new ActorSystemError(
      'IMPORT_ERROR',
      `Loading module ${file} for ${spec} (source ${sourceHash}) failed: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e, data: { spec, sourceHash } },
    );
  }
}

function exportOf(exports: unknown, name: string): unknown {
  if ((typeof exports === 'object' && exports !== null) || typeof exports === 'function') {
    const v = (exports as Record<string, unknown>)[name];
    if (v !== undefined) return v;
    if (typeof exports === 'function' && exports.name === name) return exports;
  }
  return undefined;
}

function actorExports(exports: unknown): Array<[string, new () => Actor]> {
  if (isActorClass(exports)) return [[exports.name, exports]];
  if (typeof exports !== 'object' || exports === null) return [];
  const seen = new Set<unknown>();
  const out: Array<[string, new () => Actor]> = [];
  for (const key of Object.keys(exports)) {
    const v = (exports as Record<string, unknown>)[key];
    if (isActorClass(v) && !seen.has(v)) {
      seen.add(v);
      out.push([key === 'default' ? v.name || 'default' : key, v]);
    }
  }
  return out;
}

/**
 * A command whose module is loaded on first use. `director tlsinfo` should not pay to load and
 * initialise the daemon client, the convention's certificates or gensrc's glob and zip code, so
 * the registry holds only each command's name (and, when given, its summary, which is all that
 * `director help` lists) until something reads its usage or description or runs it; then `load` (a synchronous require of the
 * area's commands module) supplies the real CommandSpec, once.
 */
import type { CommandSpec } from '../framework/command';

/** The real spec for `name`, loaded on first use. `load` must return a spec with that name. */
export function lazyCommand(name: string, load: () => CommandSpec, summary?: string): CommandSpec {
  let spec: CommandSpec | undefined;
  const real = (): CommandSpec => {
    if (spec === undefined) {
      const s = load();
      // A build mistake (a name list out of step with its area); test/cli guards against it.
      if (s.name !== name)
        throw new Error(
          `the lazy command "${name}" loaded the command "${s.name}"; fix the name list in cli/src/registry.ts`,
        );
      spec = s;
    }
    return spec;
  };
  return {
    name,
    get usage() {
      return real().usage;
    },
    get summary() {
      return summary ?? real().summary;
    },
    get description() {
      return real().description;
    },
    // A module that fails to load rejects the run, as a failing command would, never throws.
    run: (ctx, args) => Promise.resolve().then(() => real().run(ctx, args)),
  };
}

/**
 * One lazy command per name of an area whose commands module exports a list: the module is
 * required when the first of them is used.
 */
export function lazyArea(
  names: readonly string[],
  load: () => readonly CommandSpec[],
  summaries?: readonly string[],
): CommandSpec[] {
  let list: readonly CommandSpec[] | undefined;
  const find = (name: string): CommandSpec => {
    list ??= load();
    const spec = list.find((c) => c.name === name);
    if (spec === undefined)
      throw new Error(
        `the command "${name}" is not in its area's list (${list.map((c) => c.name).join(', ')}); fix the name list in cli/src/registry.ts`,
      );
    return spec;
  };
  return names.map((n, i) => lazyCommand(n, () => find(n), summaries?.[i]));
}

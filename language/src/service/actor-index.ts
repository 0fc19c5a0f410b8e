/**
 * Resolves actor paths against the workspace's scanned actor classes, with the rule of the
 * design: `mod.path.Class` is the class `Class` exported by `mod/path`; a module path alone names
 * the module's single exported actor class, and is ambiguous when it has several.
 */
import { closestNames } from '../../../config-lang/src/tli-suggest';
import type { ActorModule, TliContext } from './types';

export type Resolution =
  | { readonly kind: 'class'; readonly module: ActorModule; readonly className: string }
  | { readonly kind: 'ambiguous'; readonly module: ActorModule; readonly candidates: readonly string[] }
  | { readonly kind: 'unknown'; readonly reason: string; readonly candidates: readonly string[] };

export class ActorIndex {
  private readonly byModule = new Map<string, ActorModule>();
  /** Every path that resolves to exactly one class, sorted. */
  readonly paths: readonly string[];

  constructor(modules: readonly ActorModule[]) {
    const paths: string[] = [];
    for (const m of modules) {
      this.byModule.set(m.module, m);
      for (const c of m.classes) paths.push(`${m.module}.${c}`);
      if (m.classes.length === 1) paths.push(m.module);
    }
    this.paths = paths.sort();
  }

  static of(context: TliContext | undefined): ActorIndex | undefined {
    const modules = context?.modules;
    return modules && modules.length > 0 ? new ActorIndex(modules) : undefined;
  }

  /** The module and class a path names. */
  resolve(path: string): Resolution {
    const whole = this.byModule.get(path);
    if (whole) {
      if (whole.classes.length === 1) return { kind: 'class', module: whole, className: whole.classes[0] };
      const full = whole.classes.map((c) => `${path}.${c}`);
      if (whole.classes.length > 1) return { kind: 'ambiguous', module: whole, candidates: full };
      return {
        kind: 'unknown',
        reason: `module '${path}' exports no class extending Actor`,
        candidates: this.near(path),
      };
    }
    const dot = path.lastIndexOf('.');
    const mod = dot > 0 ? this.byModule.get(path.slice(0, dot)) : undefined;
    if (mod) {
      const cls = path.slice(dot + 1);
      if (mod.classes.includes(cls)) return { kind: 'class', module: mod, className: cls };
      const inModule = closestNames(cls, mod.classes, 3).map((c) => `${mod.module}.${c}`);
      const all = mod.classes.map((c) => `${mod.module}.${c}`);
      return {
        kind: 'unknown',
        reason:
          mod.classes.length === 0
            ? `module '${mod.module}' exports no class extending Actor`
            : `module '${mod.module}' exports no actor class '${cls}'`,
        candidates: inModule.length > 0 ? inModule : all.slice(0, 5),
      };
    }
    return { kind: 'unknown', reason: `no module of the workspace matches '${path}'`, candidates: this.near(path) };
  }

  private near(path: string): string[] {
    return closestNames(path, this.paths, 3);
  }
}

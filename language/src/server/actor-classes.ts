/**
 * A light scan of one TypeScript/JavaScript file for its exported classes and what they extend.
 * No TypeScript compiler at run time: comments and string contents are blanked, then class
 * headers and export lists are matched. It misses exotic forms (classes built by functions,
 * re-exports from other modules); that is why unknown actor paths are warnings.
 */

export interface ScannedClass {
  /** The name it is exported under. */
  readonly exportedAs: string;
  /** The local class name. */
  readonly name: string;
  /** The base as written (`Actor`, `td.Actor`, `BaseActor`), resolved through import aliases. */
  readonly base: string;
  readonly abstract: boolean;
}

export interface FileScan {
  readonly classes: readonly ScannedClass[];
}

/** Replace comments, string and template contents with spaces, keeping offsets and quotes. */
export function blankNonCode(src: string): string {
  const out = src.split('');
  let i = 0;
  const n = src.length;
  const blank = (a: number, b: number): void => {
    for (let k = a; k < b && k < n; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < n) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      const e = src.indexOf('\n', i);
      const end = e < 0 ? n : e;
      blank(i, end);
      i = end;
    } else if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      blank(i, end);
      i = end;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < n && src[j] !== c) {
        if (src[j] === '\\') j++;
        else if (c !== '`' && src[j] === '\n') break;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

const ID = '[A-Za-z_$][\\w$]*';
const CLASS_HEAD = new RegExp(
  `(\\bexport\\s+(?:default\\s+)?)?(?:declare\\s+)?(abstract\\s+)?class\\s+(${ID})\\s*(?:<[^{]*?>)?\\s*extends\\s+(${ID}(?:\\s*\\.\\s*${ID})*)`,
  'g',
);
const EXPORT_LIST = /\bexport\s*\{([^}]*)\}(\s*from\b)?/g;
const CJS_EXPORT = new RegExp(`\\b(?:module\\.)?exports\\.(${ID})\\s*=\\s*(?:class\\s+(${ID})?|(${ID}))`, 'g');
const IMPORT_LIST = /\bimport\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*(['"])/g;
const REQUIRE_LIST = /\b(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\s*\(/g;

/** Parse `a, b as c, type d` into [local, exported] pairs. */
function specifiers(list: string, sep: RegExp): Array<[string, string]> {
  return list
    .split(',')
    .map((s) => s.trim().replace(/^type\s+/, ''))
    .filter((s) => s !== '')
    .map((s) => {
      const parts = s.split(sep).map((p) => p.trim());
      return [parts[0], parts[1] ?? parts[0]] as [string, string];
    });
}

export function scanSource(src: string): FileScan {
  const code = blankNonCode(src);
  // Import aliases: `import { Actor as Base }` makes `Base` mean `Actor`.
  const alias = new Map<string, string>();
  for (const m of code.matchAll(IMPORT_LIST))
    for (const [imported, local] of specifiers(m[1], /\s+as\s+/)) alias.set(local, imported);
  for (const m of code.matchAll(REQUIRE_LIST))
    for (const [imported, local] of specifiers(m[1], /\s*:\s*/)) alias.set(local, imported);

  const local = new Map<string, { base: string; abstract: boolean }>();
  const exported = new Map<string, string>();
  for (const m of code.matchAll(CLASS_HEAD)) {
    const name = m[3];
    const written = m[4].replace(/\s+/g, '');
    const base = alias.get(written) ?? written;
    local.set(name, { base, abstract: m[2] !== undefined });
    if (m[1] !== undefined && !/default/.test(m[1])) exported.set(name, name);
  }
  for (const m of code.matchAll(EXPORT_LIST)) {
    if (m[2] !== undefined) continue; // re-export from another module: not followed
    for (const [loc, as] of specifiers(m[1], /\s+as\s+/)) if (as !== 'default') exported.set(as, loc);
  }
  for (const m of code.matchAll(CJS_EXPORT)) {
    const as = m[1];
    const loc = m[2] ?? m[3];
    if (loc !== undefined) exported.set(as, loc);
  }
  const classes: ScannedClass[] = [];
  for (const [as, loc] of exported) {
    const c = local.get(loc);
    if (c) classes.push({ exportedAs: as, name: loc, base: c.base, abstract: c.abstract });
  }
  return { classes };
}

/**
 * Which exported classes are actors: those whose base is `Actor` (or `x.Actor`), or, repeatedly,
 * a class already known to be an actor anywhere in the workspace (matched by name).
 */
export function actorClasses(files: ReadonlyMap<string, FileScan>): Map<string, string[]> {
  const actorNames = new Set<string>();
  const isActorBase = (base: string): boolean =>
    base === 'Actor' || base.endsWith('.Actor') || actorNames.has(base.split('.').pop() ?? base);
  for (let changed = true; changed;) {
    changed = false;
    for (const scan of files.values()) {
      for (const c of scan.classes) {
        if (!actorNames.has(c.name) && isActorBase(c.base)) {
          actorNames.add(c.name);
          changed = true;
        }
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const [module, scan] of files) {
    out.set(
      module,
      scan.classes
        .filter((c) => !c.abstract && isActorBase(c.base))
        .map((c) => c.exportedAs)
        .sort(),
    );
  }
  return out;
}

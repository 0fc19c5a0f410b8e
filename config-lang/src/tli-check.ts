/**
 * The TLI checks, an ordered walk over the position-keeping JSON5 tree against the schema
 * (tli-schema.ts). Each problem is a diagnostic with a stable `TliCode` and the range of the key
 * or value it is about. Pure: no workspace knowledge (the language service adds actor-class
 * checks on top, from the `actors` list returned here).
 */
import type { Diagnostic, Range } from './diagnostics';
import type { Json5Member, Json5Node, Json5Result } from './json5/nodes';
import { parseJson5 } from './json5/parser';
import { stringValueSpan } from './json5/string-offsets';
import { closestNames } from './tli-suggest';
import { envProblems } from './tli-env';
import { TLI_ROOT, TLI_SHAPES, actorPathProblem, type TliKeySpec, type TliShape } from './tli-schema';

/** Codes of TLI diagnostics (docs/errors/tli.md). JSON5_* codes come from the reader. */
export type TliCode =
  | 'TLI_NOT_OBJECT'
  | 'TLI_MISSING_ACTORS'
  | 'TLI_UNKNOWN_KEY'
  | 'TLI_KEY_CASE'
  | 'TLI_TYPE'
  | 'TLI_RANGE'
  | 'TLI_EMPTY_NAME'
  | 'TLI_ENV_SYNTAX'
  | 'TLI_DUPLICATE_ROLE'
  | 'TLI_DUPLICATE_GLOBAL_NAME'
  | 'TLI_ACTOR_PATH'
  /** Language service only (needs the workspace's actor classes): */
  | 'TLI_ACTOR_UNKNOWN'
  | 'TLI_ACTOR_AMBIGUOUS';

/** Extra data on a diagnostic, read by quick fixes. */
export interface TliDiagnosticData {
  /** The replacement a quick fix offers (a key name, an actor path). */
  readonly suggestion?: string;
  /** Further replacements (actor paths), best first. */
  readonly candidates?: readonly string[];
}

/** One entry of the Actors map, for checks that need the workspace. */
export interface TliActorEntry {
  readonly path: string;
  readonly keyRange: Range;
  readonly keyStart: number;
  readonly keyEnd: number;
  /** False when the path itself is malformed (already reported). */
  readonly wellFormed: boolean;
}

export interface TliAnalysis {
  readonly parsed: Json5Result;
  readonly diagnostics: readonly Diagnostic[];
  readonly actors: readonly TliActorEntry[];
}

function kindName(node: Json5Node): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly actors: TliActorEntry[] = [];
  private readonly roles = new Map<string, Range>();
  private readonly globalNames = new Map<string, Range>();

  constructor(
    private readonly text: string,
    private readonly parsed: Json5Result,
  ) {}

  private report(code: TliCode, range: Range, message: string, data?: TliDiagnosticData): void {
    this.diagnostics.push(
      data === undefined
        ? { code, severity: 'error', range, message }
        : { code, severity: 'error', range, message, data },
    );
  }

  root(node: Json5Node): void {
    if (node.kind !== 'object') {
      this.report(
        'TLI_NOT_OBJECT',
        node.range,
        `a TLI file holds one object with an "Actors" key, not ${kindName(node)}`,
      );
      return;
    }
    this.object(node, TLI_ROOT);
    if (!node.members.some((m) => m.key === 'Actors')) {
      const lines = this.parsed.lines;
      this.report(
        'TLI_MISSING_ACTORS',
        lines.range(node.start, node.start + 1),
        "the \"Actors\" key is missing: add Actors: { 'module.path.ActorClass': { OnLoad: { Role: 'name' } } }",
      );
    }
  }

  private object(node: Json5Node & { kind: 'object' }, shape: TliShape): void {
    for (const m of node.members) {
      if (shape.actorPaths) {
        this.actorEntry(m, shape.actorPaths.shape);
        continue;
      }
      const spec = shape.keys.find((k) => k.name === m.key);
      if (spec) this.member(m, spec);
      else this.unknownKey(m, shape, node);
    }
  }

  private unknownKey(m: Json5Member, shape: TliShape, node: Json5Node & { kind: 'object' }): void {
    const names = shape.keys.map((k) => k.name);
    const sameCase = names.find((n) => n.toLowerCase() === m.key.toLowerCase());
    // The value of a misspelt key is still checked as what was meant, so that its own mistakes
    // show up now rather than after the key is fixed.
    const meant = (name: string): void => {
      const spec = shape.keys.find((k) => k.name === name);
      if (spec && !node.members.some((x) => x.key === name)) this.member(m, spec);
    };
    if (sameCase) {
      this.report('TLI_KEY_CASE', m.keyRange, `'${m.key}' must be written '${sameCase}' (keys are case-sensitive)`, {
        suggestion: sameCase,
      });
      meant(sameCase);
      return;
    }
    const near = closestNames(m.key, names, 1);
    const allowed = `${shape.title} may hold ${names.map((n) => `'${n}'`).join(', ')}`;
    if (near.length > 0) {
      this.report('TLI_UNKNOWN_KEY', m.keyRange, `unknown key '${m.key}': did you mean '${near[0]}'? (${allowed})`, {
        suggestion: near[0],
      });
      meant(near[0]);
      return;
    }
    const home = TLI_SHAPES.find((s) => s !== shape && s.keys.some((k) => k.name === m.key));
    const where = home ? `; '${m.key}' belongs in ${home.title}` : '';
    this.report('TLI_UNKNOWN_KEY', m.keyRange, `unknown key '${m.key}' in ${shape.title}${where} (${allowed})`);
  }

  private actorEntry(m: Json5Member, shape: TliShape): void {
    const problem = actorPathProblem(m.key);
    if (problem) {
      // `Actors: { OnLoad: ... }` forgets the actor level: say so rather than only "bad path".
      const home = TLI_SHAPES.find((s) => s.keys.some((k) => k.name === m.key));
      const hint = home
        ? `; '${m.key}' belongs in ${home.title}: Actors: { 'module.path.Class': { ${m.key}: ... } }`
        : " (e.g. 'foo.fooactor.FooActor')";
      this.report('TLI_ACTOR_PATH', m.keyRange, `'${m.key}' is not an actor path: ${problem}${hint}`);
    }
    this.actors.push({
      path: m.key,
      keyRange: m.keyRange,
      keyStart: m.keyStart,
      keyEnd: m.keyEnd,
      wellFormed: problem === undefined,
    });
    if (m.value.kind !== 'object') {
      this.report(
        'TLI_TYPE',
        m.value.range,
        `the entry of actor '${m.key}' must be an object such as { OnLoad: { Role: 'name' } }, not ${kindName(m.value)}`,
      );
      return;
    }
    this.object(m.value, shape);
  }

  private member(m: Json5Member, spec: TliKeySpec): void {
    const v = m.value;
    switch (spec.kind) {
      case 'object':
        if (v.kind !== 'object') {
          this.report(
            'TLI_TYPE',
            v.range,
            `'${spec.name}' must be an object such as ${spec.name}: ${spec.valueTemplate}, not ${kindName(v)}`,
          );
          return;
        }
        this.object(v, spec.shape ?? TLI_ROOT);
        return;
      case 'name':
        if (v.kind !== 'string') {
          this.report('TLI_TYPE', v.range, `'${spec.name}' must be a string, not ${kindName(v)}: put it in quotes`);
          return;
        }
        if (v.value.trim() === '') {
          this.report('TLI_EMPTY_NAME', v.range, `'${spec.name}' may not be empty: give a name, or leave the key out`);
          return;
        }
        this.strings(v);
        this.unique(spec.name === 'Role' ? this.roles : this.globalNames, spec.name, v);
        return;
      case 'boolean-or-count':
        if (v.kind === 'boolean') return;
        if (v.kind !== 'number') {
          this.report(
            'TLI_TYPE',
            v.range,
            `'${spec.name}' must be true, false or a whole number ≥ 0, not ${kindName(v)}`,
          );
          return;
        }
        this.count(spec.name, v);
        return;
      case 'count':
        if (v.kind !== 'number') {
          this.report('TLI_TYPE', v.range, `'${spec.name}' must be a whole number ≥ 0, not ${kindName(v)}`);
          return;
        }
        this.count(spec.name, v);
        return;
      case 'any':
        this.strings(v);
        return;
    }
  }

  private count(name: string, v: Json5Node & { kind: 'number' }): void {
    if (!Number.isSafeInteger(v.value) || v.value < 0) {
      this.report('TLI_RANGE', v.range, `'${name}' must be a whole number ≥ 0, not ${this.text.slice(v.start, v.end)}`);
    }
  }

  private unique(seen: Map<string, Range>, key: string, v: Json5Node & { kind: 'string' }): void {
    const first = seen.get(v.value);
    if (first === undefined) {
      seen.set(v.value, v.range);
      return;
    }
    const code: TliCode = key === 'Role' ? 'TLI_DUPLICATE_ROLE' : 'TLI_DUPLICATE_GLOBAL_NAME';
    this.report(
      code,
      v.range,
      `${key} '${v.value}' is already used at line ${first.start.line + 1}: each ${key} must be unique in the file`,
    );
  }

  /** `${...}` syntax in every string inside a value. */
  private strings(v: Json5Node): void {
    if (v.kind === 'string') {
      for (const p of envProblems(v.value)) {
        const [a, b] = stringValueSpan(this.text, v.start, v.end, p.start, p.end);
        this.report('TLI_ENV_SYNTAX', this.parsed.lines.range(a, b), p.message);
      }
    } else if (v.kind === 'array') {
      for (const item of v.items) this.strings(item);
    } else if (v.kind === 'object') {
      for (const m of v.members) this.strings(m.value);
    }
  }
}

/** Read and check a TLI text: the JSON5 diagnostics, then the schema's, in text order. */
export function analyzeTli(text: string): TliAnalysis {
  const parsed = parseJson5(text);
  if (!parsed.node) return { parsed, diagnostics: parsed.diagnostics, actors: [] };
  const checker = new Checker(text, parsed);
  checker.root(parsed.node);
  const diagnostics = [...parsed.diagnostics, ...checker.diagnostics].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { parsed, diagnostics, actors: checker.actors };
}

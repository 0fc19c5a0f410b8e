/**
 * The exposition-format parser used by the tests: parse-prometheus-text-format (a separate
 * implementation from prom-client, so the endpoint's text is checked by someone else's reading),
 * typed here because the package ships no types.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse = require('parse-prometheus-text-format') as (text: string) => PromFamily[];

export interface PromSample {
  readonly value?: string;
  readonly labels?: Record<string, string>;
  readonly buckets?: Record<string, string>;
  readonly count?: string;
  readonly sum?: string;
}

export interface PromFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  readonly metrics: readonly PromSample[];
}

export function parseExposition(text: string): Map<string, PromFamily> {
  return new Map(parse(text).map((f) => [f.name, f]));
}

/** The value of `family` whose labels include `labels` (NaN when absent). */
export function valueOf(
  families: Map<string, PromFamily>,
  family: string,
  labels: Record<string, string> = {},
): number {
  const f = families.get(family);
  const m = f?.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  return m?.value === undefined ? NaN : Number(m.value);
}

export interface RawSample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/**
 * Every sample line of an exposition, as written (`name{a="x",b="y"} value`). For histograms:
 * parse-prometheus-text-format merges a labelled histogram's series into one and drops their
 * labels, so the `_bucket`/`_sum`/`_count` lines are read with this instead.
 */
export function rawSamples(text: string): RawSample[] {
  const out: RawSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (m === null) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
    const body = m[2] ?? '';
    let l: RegExpExecArray | null;
    let end = 0;
    while ((l = re.exec(body)) !== null) {
      labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
      end = re.lastIndex;
    }
    if (end !== body.length) throw new Error(`bad labels in: ${line}`);
    out.push({ name: m[1], labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return out;
}

import { DDSketch } from '@datadog/sketches-js';
import { LATENCY_RELATIVE_ACCURACY } from '../../core/window-accumulator.js';
import type { Aggregate } from '../lang/ast.js';
import { builtinOf, fieldReader, type QueryRecord } from '../eval/field-path.js';
import { asNumber, scalarText } from '../eval/values.js';
import { isoTime, type Cell } from './table.js';

/*
 * The aggregation functions of `stats` and `timechart`, one small state each, fed one log at a
 * time and mergeable with a state of the same function over other logs. Counts and sums are
 * exact; quantiles come from the DDSketch the analyzer uses (relative error
 * LATENCY_RELATIVE_ACCURACY); `distinct` is exact up to DISTINCT_CAP values.
 */

/** `distinct` counts exactly up to this many values, then says it reached the cap. */
export const DISTINCT_CAP = 100_000;
/** Longer values are told apart by their start, their length and a hash of the rest. */
const DISTINCT_KEY_CHARS = 200;

export interface AggState {
  add(log: QueryRecord): void;
  merge(other: AggState): void;
  value(): Cell;
}

/** A fresh state for one aggregation. */
export function newAggState(agg: Aggregate): AggState {
  const read = agg.field === undefined ? undefined : fieldReader(agg.field);
  const isTime = agg.field !== undefined && builtinOf(agg.field) === 'time';
  const num = (log: QueryRecord): number | undefined => (read === undefined ? undefined : asNumber(read(log)));
  switch (agg.fn) {
    case 'count':
      return new Count(read);
    case 'sum':
      return new Sum(num, false);
    case 'avg':
      return new Sum(num, true);
    case 'min':
    case 'max':
      return new Extreme(num, agg.fn === 'max', isTime);
    case 'quantile':
      return new Quantile(num, agg.q ?? 0.5);
    default:
      return new Distinct(read ?? (() => undefined));
  }
}

class Count implements AggState {
  n = 0;
  constructor(private readonly read: ((log: QueryRecord) => unknown) | undefined) {}
  add(log: QueryRecord): void {
    if (this.read === undefined || this.read(log) !== undefined) this.n++;
  }
  merge(other: AggState): void {
    this.n += (other as Count).n;
  }
  value(): Cell {
    return this.n;
  }
}

class Sum implements AggState {
  sum = 0;
  n = 0;
  constructor(
    private readonly num: (log: QueryRecord) => number | undefined,
    private readonly mean: boolean,
  ) {}
  add(log: QueryRecord): void {
    const v = this.num(log);
    if (v === undefined) return;
    this.sum += v;
    this.n++;
  }
  merge(other: AggState): void {
    const o = other as Sum;
    this.sum += o.sum;
    this.n += o.n;
  }
  value(): Cell {
    if (this.n === 0) return null;
    const v = this.mean ? this.sum / this.n : this.sum;
    // Infinities (huge values) and their NaN sums have no JSON form.
    return Number.isFinite(v) ? v : String(v);
  }
}

class Extreme implements AggState {
  best: number | undefined;
  constructor(
    private readonly num: (log: QueryRecord) => number | undefined,
    private readonly max: boolean,
    private readonly isTime: boolean,
  ) {}
  add(log: QueryRecord): void {
    this.offer(this.num(log));
  }
  private offer(v: number | undefined): void {
    if (v === undefined) return;
    if (this.best === undefined || (this.max ? v > this.best : v < this.best)) this.best = v;
  }
  merge(other: AggState): void {
    this.offer((other as Extreme).best);
  }
  value(): Cell {
    if (this.best === undefined) return null;
    if (this.isTime) return isoTime(this.best);
    return Number.isFinite(this.best) ? this.best : String(this.best);
  }
}

class Quantile implements AggState {
  sketch: DDSketch | undefined;
  constructor(
    private readonly num: (log: QueryRecord) => number | undefined,
    private readonly q: number,
  ) {}
  add(log: QueryRecord): void {
    const v = this.num(log);
    // The sketch cannot hold infinities.
    if (v === undefined || !Number.isFinite(v) || Math.abs(v) > 1e300) return;
    (this.sketch ??= new DDSketch({ relativeAccuracy: LATENCY_RELATIVE_ACCURACY })).accept(v);
  }
  merge(other: AggState): void {
    const o = (other as Quantile).sketch;
    if (o !== undefined) (this.sketch ??= new DDSketch({ relativeAccuracy: LATENCY_RELATIVE_ACCURACY })).merge(o);
  }
  value(): Cell {
    if (this.sketch === undefined || this.sketch.count === 0) return null;
    return this.sketch.getValueAtQuantile(this.q);
  }
}

class Distinct implements AggState {
  readonly seen = new Set<string>();
  capped = false;
  constructor(private readonly read: (log: QueryRecord) => unknown) {}
  add(log: QueryRecord): void {
    const v = this.read(log);
    if (v !== undefined) this.offer(distinctKey(v));
  }
  private offer(key: string): void {
    if (this.seen.has(key)) return;
    if (this.seen.size >= DISTINCT_CAP) this.capped = true;
    else this.seen.add(key);
  }
  merge(other: AggState): void {
    const o = other as Distinct;
    for (const k of o.seen) this.offer(k);
    if (o.capped) this.capped = true;
  }
  value(): Cell {
    return this.capped ? `>=${DISTINCT_CAP}` : this.seen.size;
  }
}

/** The identity of a value for `distinct` and for groups: its text (JSON for objects), bounded. */
export function distinctKey(v: unknown): string {
  let text = scalarText(v);
  if (text === undefined) {
    try {
      text = JSON.stringify(v) ?? '';
    } catch {
      text = '[unprintable]';
    }
  }
  if (text.length <= DISTINCT_KEY_CHARS) return text;
  return `${text.slice(0, DISTINCT_KEY_CHARS)}\u0000${text.length}\u0000${hash(text)}`;
}

/** FNV-1a over UTF-16 code units. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

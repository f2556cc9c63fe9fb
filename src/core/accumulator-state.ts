import { DDSketch } from '@datadog/sketches-js';
import { LEVELS, type Level } from '../protocol/level.js';

/**
 * A window's counts as plain JSON, so that analyzers sharing a stream can store their partial
 * windows in Redis and one of them can merge them (src/services/analyzer-group/). Built by
 * `WindowAccumulator.toState`, read back by `WindowAccumulator.fromState`.
 */
export interface AccumulatorState {
  total: number;
  late: number;
  plain: number;
  missed: number;
  levels: Record<Level, number>;
  /** [name, count, errors]; the overflow bucket under `other`. */
  services: Array<[string, number, number]>;
  otherService?: [number, number];
  /** [pattern key, count, service, example, the pattern's text when it differs from its key]. */
  patterns: Array<[string, number, string, string] | [string, number, string, string, string]>;
  otherPattern?: [number, string, string];
  sketch?: SketchState;
}

/** A latency sketch's bins: its counts per key, exactly, and the summary statistics. */
export interface SketchState {
  zero: number;
  /** [key, count] of every non-empty bin of the positive store. */
  bins: Array<[number, number]>;
  sum: number;
  min: number;
  max: number;
}

/** The bins of `sketch` (LogStream's latencies are never negative: the negative store stays empty). */
export function sketchState(sketch: DDSketch): SketchState {
  const store = sketch.store;
  const bins: Array<[number, number]> = [];
  for (let i = 0; i < store.bins.length; i++) {
    const count = store.bins[i] ?? 0;
    if (count > 0) bins.push([i + store.offset, count]);
  }
  return { zero: sketch.zeroCount, bins, sum: sketch.sum, min: sketch.min, max: sketch.max };
}

/** A sketch with exactly the bins of `state`, made with `relativeAccuracy` (the mapping is not stored). */
export function sketchFromState(state: SketchState, relativeAccuracy: number): DDSketch {
  const sketch = new DDSketch({ relativeAccuracy });
  // Bins are restored by key, not by value: mapping a bin's value back to a key could land in
  // its neighbour by a rounding error.
  for (const [key, count] of state.bins) sketch.store.add(key, count);
  sketch.zeroCount = state.zero;
  sketch.count = sketch.store.count + state.zero;
  sketch.sum = state.sum;
  // JSON writes an infinite bound as null.
  sketch.min = typeof state.min === 'number' ? state.min : Infinity;
  sketch.max = typeof state.max === 'number' ? state.max : -Infinity;
  return sketch;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Checks that a parsed JSON value is an AccumulatorState; an Error (not a throw) when it is not one. */
export function readAccumulatorState(value: unknown): AccumulatorState | Error {
  const s = value as Partial<AccumulatorState> | null;
  if (
    s === null ||
    typeof s !== 'object' ||
    !isCount(s.total) ||
    !isCount(s.late) ||
    !isCount(s.plain) ||
    !isCount(s.missed) ||
    typeof s.levels !== 'object' ||
    s.levels === null ||
    !LEVELS.every((l) => isCount(s.levels?.[l])) ||
    !Array.isArray(s.services) ||
    !Array.isArray(s.patterns)
  ) {
    return new Error('partial window has not the shape of a window state');
  }
  return s as AccumulatorState;
}

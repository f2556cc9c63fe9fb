import { DDSketch } from '@datadog/sketches-js';
import type { Level } from '../protocol/level.js';
import { LATENCY_RELATIVE_ACCURACY, WindowAccumulator, type AccumulatorLimits } from './window-accumulator.js';

/** A latency sketch as plain numbers: the positive store's bins from key `offset` on, and its totals. */
export interface SketchData {
  offset: number;
  bins: number[];
  zeroCount: number;
  count: number;
  min: number;
  max: number;
  sum: number;
}

/**
 * Everything a `WindowAccumulator` counted, as plain data that a worker thread can post
 * (structured clone keeps Maps and arrays, not classes). Services and patterns keep their Map
 * order, which is the order they were first seen: merging depends on it once a bound is reached.
 */
export interface AccumulatorData {
  total: number;
  late: number;
  plain: number;
  missed: number;
  levels: Record<Level, number>;
  services: Map<string, { count: number; errors: number }>;
  patterns: Map<string, { count: number; service: string; example: string }>;
  otherService: { count: number; errors: number } | undefined;
  otherPattern: { count: number; service: string; example: string } | undefined;
  sketch: SketchData | undefined;
}

/*
 * The accumulator's fields are read and written by name (TypeScript's element access, which it
 * type-checks like the class's own code) so that the class itself stays as it is; a renamed
 * or retyped field fails to compile here, and the round-trip test covers every one.
 */

/** A copy of what `acc` counted, sharing nothing with it. */
export function accumulatorData(acc: WindowAccumulator): AccumulatorData {
  const copy = <T extends object>(m: Map<string, T>): Map<string, T> => new Map([...m].map(([k, v]) => [k, { ...v }]));
  const other = <T extends object>(o: T | undefined): T | undefined => (o === undefined ? undefined : { ...o });
  return {
    total: acc['total'],
    late: acc['late'],
    plain: acc['plain'],
    missed: acc['missed'],
    levels: { ...acc['levels'] },
    services: copy(acc['services']),
    patterns: copy(acc['patterns']),
    otherService: other(acc['otherService']),
    otherPattern: other(acc['otherPattern']),
    sketch: sketchData(acc['sketch']),
  };
}

/** An accumulator holding what `data` describes, bounded by `limits` from now on. */
export function accumulatorFromData(data: AccumulatorData, limits: AccumulatorLimits = {}): WindowAccumulator {
  const acc = new WindowAccumulator(limits);
  acc['total'] = data.total;
  acc['late'] = data.late;
  acc['plain'] = data.plain;
  acc['missed'] = data.missed;
  Object.assign(acc['levels'], data.levels);
  for (const [name, t] of data.services) acc['services'].set(name, { ...t });
  for (const [pattern, t] of data.patterns) acc['patterns'].set(pattern, { ...t });
  if (data.otherService !== undefined) acc['otherService'] = { ...data.otherService };
  if (data.otherPattern !== undefined) acc['otherPattern'] = { ...data.otherPattern };
  if (data.sketch !== undefined) acc['sketch'] = sketchFromData(data.sketch);
  return acc;
}

function sketchData(sketch: DDSketch | undefined): SketchData | undefined {
  if (sketch === undefined) return undefined;
  // The accumulator never adds a negative latency: the negative store stays empty.
  const store = sketch.store;
  return {
    offset: store.offset,
    bins: store.bins.slice(),
    zeroCount: sketch.zeroCount,
    count: sketch.count,
    min: sketch.min,
    max: sketch.max,
    sum: sketch.sum,
  };
}

function sketchFromData(data: SketchData): DDSketch {
  const sketch = new DDSketch({ relativeAccuracy: LATENCY_RELATIVE_ACCURACY });
  // Bin by bin through the store's own `add`, so that its key range is what accepting the
  // values would have made (a merge relies on it).
  for (let i = 0; i < data.bins.length; i++) {
    const n = data.bins[i] as number;
    if (n > 0) sketch.store.add(i + data.offset, n);
  }
  sketch.zeroCount = data.zeroCount;
  sketch.count = data.count;
  sketch.min = data.min;
  sketch.max = data.max;
  sketch.sum = data.sum;
  return sketch;
}

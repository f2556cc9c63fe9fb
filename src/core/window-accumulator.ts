import { DDSketch } from '@datadog/sketches-js';
import { ERROR_LEVELS, isErrorLevel, type Level } from '../protocol/level.js';
import type { LogRecord } from '../protocol/log-record.js';
import type { ErrorPattern, LatencySummary, ServiceCount, WindowStats } from '../protocol/stats.js';
import { sketchFromState, sketchState, type AccumulatorState } from './accumulator-state.js';
import { maskMessage } from './mask-message.js';

/** Distinct error patterns kept per window; the rest are counted under OTHER_BUCKET. */
export const DEFAULT_MAX_PATTERNS = 1_000;
/** Distinct services kept per window; the rest are counted under OTHER_BUCKET. */
export const DEFAULT_MAX_SERVICES = 1_000;
/** Name of the bucket that counts patterns or services beyond the per-window bound. */
export const OTHER_BUCKET = '<other>';
/** Longest example message kept with a pattern, so that one huge log cannot bloat the stats. */
export const MAX_EXAMPLE_LENGTH = 500;
/** Relative accuracy of the latency percentiles. */
export const LATENCY_RELATIVE_ACCURACY = 0.01;

// Latencies enter the sketch in microseconds, clamped to [2 µs, 1e12 µs]. sketches-js 2.1
// merges stores with `_extendRange(min, max || min)`, so a store whose highest key is 0
// (values in (0.98, 1]) is merged into too small a range and its counts are lost or become
// NaN. In µs and at least 2, every key is positive. The upper clamp bounds a dense store at
// about 1,400 bins whatever a producer sends.
const SKETCH_UNITS_PER_MS = 1_000;
const MIN_SKETCH_VALUE = 2;
const MAX_SKETCH_VALUE = 1e12;

export interface StatsOptions {
  topServices: number;
  topErrors: number;
  /**
   * The patterns the error messages' keys belong to (a miner's, learnt from the window's keys):
   * the top errors are ranked by them, so the variants of one message count as one pattern.
   */
  templatesOf?: ((keys: readonly string[]) => string[]) | undefined;
}

/**
 * What an error message is counted under: `key` groups (a pattern id), `text` is what
 * `top_errors` shows (the latest template of that key). `timeMs` is the log's time.
 */
export type PatternOf = (message: string, timeMs: number) => { key: string; text: string };

/** The default grouping: one message at a time, masked (mask-message.ts). */
export const maskedPattern: PatternOf = (message) => {
  const text = maskMessage(message);
  return { key: text, text };
};

export interface AccumulatorLimits {
  maxPatterns?: number | undefined;
  maxServices?: number | undefined;
  /** How error messages are grouped (default `maskedPattern`); the analyzer passes its pattern miner. */
  patternOf?: PatternOf | undefined;
}

interface ServiceTally {
  count: number;
  errors: number;
}

interface PatternTally {
  count: number;
  service: string;
  example: string;
  /** The pattern's text as last seen (a miner's template widens as it learns). */
  text: string;
}

function byCountThenName<T extends { count: number }>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    if (a.count !== b.count) return b.count - a.count;
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

const byServiceRank = byCountThenName<ServiceCount>((s) => s.name);
const byPatternRank = byCountThenName<ErrorPattern>((p) => p.pattern);

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** The aggregate of one window; mergeable, so that longer windows are built from short ones. */
export class WindowAccumulator {
  private total = 0;
  private late = 0;
  private plain = 0;
  private missed = 0;
  private readonly levels: Record<Level, number> = { trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0 };
  private readonly services = new Map<string, ServiceTally>();
  private readonly patterns = new Map<string, PatternTally>();
  private otherService: ServiceTally | undefined;
  private otherPattern: PatternTally | undefined;
  // Created on the first latency: most windows of an idle stream never need one.
  private sketch: DDSketch | undefined;
  private readonly maxPatterns: number;
  private readonly maxServices: number;
  private readonly patternOf: PatternOf;

  constructor(limits: AccumulatorLimits = {}) {
    this.maxPatterns = limits.maxPatterns ?? DEFAULT_MAX_PATTERNS;
    this.maxServices = limits.maxServices ?? DEFAULT_MAX_SERVICES;
    this.patternOf = limits.patternOf ?? maskedPattern;
  }

  /** Number of logs added (merged ones included). */
  get totalCount(): number {
    return this.total;
  }

  /** Number of those logs that were counted here at arrival time rather than event time. */
  get lateCount(): number {
    return this.late;
  }

  /** Counts one log; `late` marks a log placed by arrival time because its own was refused. */
  add(log: LogRecord, late = false): void {
    this.total++;
    if (late) this.late++;
    if (log.plain) this.plain++;
    this.levels[log.level]++;
    const isError = isErrorLevel(log.level);
    this.countService(log.service, 1, isError ? 1 : 0);
    if (isError) {
      const pattern = this.patternOf(log.message, log.time);
      this.countPattern(pattern.key, pattern.text, 1, log.service, log.message);
    }
    const latency = log.latencyMs;
    if (latency !== undefined && latency >= 0) {
      const v = latency * SKETCH_UNITS_PER_MS;
      // `>= 0` above already refused NaN; zero stays zero (the sketch counts it apart).
      const clamped =
        v === 0 ? 0 : v < MIN_SKETCH_VALUE ? MIN_SKETCH_VALUE : v > MAX_SKETCH_VALUE ? MAX_SKETCH_VALUE : v;
      (this.sketch ??= new DDSketch({ relativeAccuracy: LATENCY_RELATIVE_ACCURACY })).accept(clamped);
    }
  }

  /** Counts `n` logs known to be lost (a gap in a producer's sequence numbers revealed now). */
  addMissed(n: number): void {
    this.missed += n;
  }

  /** Number of logs known to be lost, as counted by `addMissed`. */
  get missedCount(): number {
    return this.missed;
  }

  /** Adds everything counted by `other` (a later or concurrent window) into this one. */
  merge(other: WindowAccumulator): void {
    this.total += other.total;
    this.late += other.late;
    this.plain += other.plain;
    this.missed += other.missed;
    for (const level in other.levels) this.levels[level as Level] += other.levels[level as Level];
    for (const [name, t] of other.services) this.countService(name, t.count, t.errors);
    if (other.otherService) this.countOtherService(other.otherService.count, other.otherService.errors);
    // Keyed alike (one pattern function per analyzer), so a merge adds up by key; the later text wins.
    for (const [key, t] of other.patterns) this.countPattern(key, t.text, t.count, t.service, t.example);
    const op = other.otherPattern;
    if (op) this.countOtherPattern(op.count, op.service, op.example);
    if (other.sketch)
      (this.sketch ??= new DDSketch({ relativeAccuracy: LATENCY_RELATIVE_ACCURACY })).merge(other.sketch);
  }

  /** Everything counted, as plain JSON (see accumulator-state.ts); `fromState` reads it back. */
  toState(): AccumulatorState {
    const state: AccumulatorState = {
      total: this.total,
      late: this.late,
      plain: this.plain,
      missed: this.missed,
      levels: { ...this.levels },
      services: [...this.services].map(([name, t]) => [name, t.count, t.errors]),
      patterns: [...this.patterns].map(([key, t]) =>
        t.text === key ? [key, t.count, t.service, t.example] : [key, t.count, t.service, t.example, t.text],
      ),
    };
    if (this.otherService) state.otherService = [this.otherService.count, this.otherService.errors];
    const op = this.otherPattern;
    if (op) state.otherPattern = [op.count, op.service, op.example];
    if (this.sketch !== undefined && this.sketch.count > 0) state.sketch = sketchState(this.sketch);
    return state;
  }

  /** An accumulator holding exactly what `state` counted. */
  static fromState(state: AccumulatorState, limits: AccumulatorLimits = {}): WindowAccumulator {
    const acc = new WindowAccumulator(limits);
    acc.total = state.total;
    acc.late = state.late;
    acc.plain = state.plain;
    acc.missed = state.missed;
    for (const level in acc.levels) acc.levels[level as Level] = state.levels[level as Level];
    for (const [name, count, errors] of state.services) acc.countService(name, count, errors);
    if (state.otherService) acc.countOtherService(...state.otherService);
    for (const [key, count, service, example, text] of state.patterns)
      acc.countPattern(key, text ?? key, count, service, example);
    if (state.otherPattern) acc.countOtherPattern(...state.otherPattern);
    if (state.sketch) acc.sketch = sketchFromState(state.sketch, LATENCY_RELATIVE_ACCURACY);
    return acc;
  }

  /** The wire form of this window on `stats.update`. */
  toStats(startMs: number, endMs: number, opts: StatsOptions): WindowStats {
    let errorCount = 0;
    for (const level of ERROR_LEVELS) errorCount += this.levels[level];
    return {
      window_start: new Date(startMs).toISOString(),
      window_end: new Date(endMs).toISOString(),
      total_count: this.total,
      error_count: errorCount,
      top_service: this.topService(),
      window_seconds: (endMs - startMs) / 1000,
      levels: { ...this.levels },
      error_rate: this.total === 0 ? 0 : round(errorCount / this.total, 4),
      services: this.rankedServices(opts.topServices),
      top_errors: this.rankedPatterns(opts.topErrors, opts.templatesOf),
      latency_ms: this.latencySummary(),
      late_count: this.late,
      plain_count: this.plain,
      missed_count: this.missed,
    };
  }

  private countService(name: string, count: number, errors: number): void {
    const tally = this.services.get(name);
    if (tally !== undefined) {
      tally.count += count;
      tally.errors += errors;
    } else if (this.services.size < this.maxServices) {
      this.services.set(name, { count, errors });
    } else {
      this.countOtherService(count, errors);
    }
  }

  private countOtherService(count: number, errors: number): void {
    const o = (this.otherService ??= { count: 0, errors: 0 });
    o.count += count;
    o.errors += errors;
  }

  private countPattern(key: string, text: string, count: number, service: string, example: string): void {
    const tally = this.patterns.get(key);
    if (tally !== undefined) {
      tally.count += count;
      tally.service = service;
      tally.text = text;
    } else if (this.patterns.size < this.maxPatterns) {
      this.patterns.set(key, { count, service, example: example.slice(0, MAX_EXAMPLE_LENGTH), text });
    } else {
      this.countOtherPattern(count, service, example);
    }
  }

  private countOtherPattern(count: number, service: string, example: string): void {
    const o = (this.otherPattern ??= {
      count: 0,
      service,
      example: example.slice(0, MAX_EXAMPLE_LENGTH),
      text: OTHER_BUCKET,
    });
    o.count += count;
    o.service = service;
  }

  /** The most frequent named service, ties broken by name; the overflow bucket is no service. */
  private topService(): string | null {
    let best: string | null = null;
    let bestCount = 0;
    for (const [name, t] of this.services) {
      if (t.count > bestCount || (t.count === bestCount && best !== null && name < best)) {
        best = name;
        bestCount = t.count;
      }
    }
    return best;
  }

  private rankedServices(limit: number): ServiceCount[] {
    const all: ServiceCount[] = [];
    for (const [name, t] of this.services) all.push({ name, count: t.count, errors: t.errors });
    if (this.otherService) all.push({ name: OTHER_BUCKET, ...this.otherService });
    return all.sort(byServiceRank).slice(0, Math.max(0, limit));
  }

  private rankedPatterns(limit: number, templatesOf: StatsOptions['templatesOf']): ErrorPattern[] {
    // Keys that share a text (variants of one message its miner grouped) are one pattern.
    const tallies = [...this.patterns.values()];
    const texts = templatesOf?.([...this.patterns.keys()]);
    const byText = new Map<string, ErrorPattern>();
    tallies.forEach((t, i) => {
      const text = texts?.[i] ?? t.text;
      const seen = byText.get(text);
      if (seen === undefined)
        byText.set(text, { pattern: text, count: t.count, service: t.service, example: t.example });
      else if (t.count > seen.count)
        byText.set(text, { pattern: text, count: seen.count + t.count, service: t.service, example: t.example });
      else seen.count += t.count;
    });
    const all = [...byText.values()];
    const o = this.otherPattern;
    if (o) all.push({ pattern: OTHER_BUCKET, count: o.count, service: o.service, example: o.example });
    return all.sort(byPatternRank).slice(0, Math.max(0, limit));
  }

  private latencySummary(): LatencySummary | null {
    const s = this.sketch;
    if (s === undefined || s.count === 0) return null;
    const ms = (q: number): number => round(s.getValueAtQuantile(q) / SKETCH_UNITS_PER_MS, 1);
    return { p50: ms(0.5), p95: ms(0.95), p99: ms(0.99), count: s.count };
  }
}

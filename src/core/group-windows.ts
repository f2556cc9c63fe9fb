import type { LogRecord } from '../protocol/log-record.js';
import type { AccumulatorLimits } from './window-accumulator.js';
import { WindowAccumulator } from './window-accumulator.js';

/** One stream entry read by an analyzer of a group: its ID, the time Redis added it, its log. */
export interface GroupEntry {
  id: string;
  /** Milliseconds part of the entry ID: when Redis added it, the same for every reader. */
  arrivalMs: number;
  /** Undefined for an entry that carries no payload (acknowledged, never counted). */
  log: LogRecord | undefined;
}

/** Consecutive sequence numbers of one producer, as they follow each other in the stream. */
export interface ProducerRun {
  producer: string;
  first: number;
  last: number;
  /** Stream ID of the run's first entry: orders runs read by different analyzers. */
  firstId: string;
}

/** What one batch of entries adds to one window. */
export interface WindowPartial {
  acc: WindowAccumulator;
  /** Runs of the entries that arrived in this window: the gaps between runs are found here. */
  runs: ProducerRun[];
}

export interface PlacementOptions {
  windowMs: number;
  latenessMs: number;
  maxFutureMs: number;
  /** Windows before this one were published: what falls there is counted late (see below). */
  closedBefore: number;
  /** A window being published right now, which takes nothing more either. */
  busyStart?: number | undefined;
  /** The reader's clock: the arrival of a log whose windows are all closed. */
  nowMs: number;
  limits?: AccumulatorLimits;
}

/** Epoch-aligned start of the window holding `ms`. */
export function windowStartOf(ms: number, windowMs: number): number {
  return Math.floor(ms / windowMs) * windowMs;
}

/**
 * Folds a batch of stream entries into per-window partials, placing each log as the analyzer's
 * WindowAggregator would, with the entry's ID time as its arrival: whichever analyzer of the
 * group reads an entry, and however late (claimed after a crash), it lands in the same window
 * with the same late flag. Only a window already published (`closedBefore`, `busyStart`) is
 * refused: its logs are counted late in the window of `nowMs`, as one analyzer would count a
 * log arriving after its window closed. `tally.moved` counts those logs.
 */
export function foldEntries(
  entries: readonly GroupEntry[],
  opts: PlacementOptions,
  tally: { moved: number } = { moved: 0 },
): Map<number, WindowPartial> {
  const { windowMs, latenessMs, maxFutureMs, closedBefore, busyStart } = opts;
  const out = new Map<number, WindowPartial>();
  const refused = (start: number): boolean => start < closedBefore || start === busyStart;
  let lateStart = Math.max(windowStartOf(opts.nowMs, windowMs), closedBefore);
  if (lateStart === busyStart) lateStart += windowMs;
  // Runs are applied window after window, so a run must never land in a later window than
  // the runs that follow it in the stream: a refused one goes to the first window still open,
  // which no later entry can precede (the window of `nowMs` can be far ahead of them when a
  // backlog is worked off, and gaps would be counted there that the run fills).
  let runsLateStart = Number.isFinite(closedBefore) ? closedBefore : lateStart;
  if (runsLateStart === busyStart) runsLateStart += windowMs;
  const partial = (start: number): WindowPartial => {
    let p = out.get(start);
    if (p === undefined) {
      p = { acc: new WindowAccumulator(opts.limits), runs: [] };
      out.set(start, p);
    }
    return p;
  };
  const open = new Map<string, { run: ProducerRun; window: number }>();
  for (const entry of entries) {
    const log = entry.log;
    if (log === undefined) continue;
    const arrival = entry.arrivalMs;
    let start = windowStartOf(log.time, windowMs);
    const oldest = windowStartOf(arrival - latenessMs, windowMs);
    // `!(start >= oldest)` also catches a NaN time.
    let late = !(start >= oldest) || log.time > arrival + maxFutureMs;
    if (late) start = windowStartOf(arrival, windowMs);
    if (refused(start)) {
      start = lateStart;
      late = true;
      tally.moved++;
    }
    partial(start).acc.add(log, late);
    const stamp = log.producer;
    if (stamp === undefined) continue;
    let window = windowStartOf(arrival, windowMs);
    if (refused(window)) window = runsLateStart;
    const current = open.get(stamp.id);
    if (current !== undefined && current.window === window && stamp.seq === current.run.last + 1) {
      current.run.last = stamp.seq;
      continue;
    }
    const run: ProducerRun = { producer: stamp.id, first: stamp.seq, last: stamp.seq, firstId: entry.id };
    partial(window).runs.push(run);
    open.set(stamp.id, { run, window });
  }
  return out;
}

/**
 * The first window not yet settled when the group's oldest entry not acknowledged arrived at
 * `oldestUnackedMs` (undefined: none is left): windows before it can take no more runs or
 * on-time logs, since every entry arrived before their end + lateness has been committed.
 * Publishing only those keeps runs applied in stream order whichever consumer read them.
 */
export function settledBefore(oldestUnackedMs: number | undefined, latenessMs: number, windowMs: number): number {
  return oldestUnackedMs === undefined
    ? Number.POSITIVE_INFINITY
    : windowStartOf(oldestUnackedMs - latenessMs, windowMs);
}

/** What a window's publisher keeps per producer: its highest sequence number and when it was seen. */
export interface ProducerMark {
  seq: number;
  seenMs: number;
}

/** What `applyRuns` found. */
export interface RunTally {
  missed: number;
  reordered: number;
  restarts: number;
}

/**
 * The gaps between runs, as GapTracker.observe would find them one log at a time: a run that
 * starts above its producer's highest number reveals `first - highest - 1` missed logs; one
 * that starts at 0 or 1 below it is a restart; the rest of a run at or below it was reordered.
 * `runs` must be in stream order; `marks` is updated. A producer not seen for `idleMs` starts afresh.
 */
export function applyRuns(
  marks: Map<string, ProducerMark>,
  runs: readonly ProducerRun[],
  nowMs: number,
  idleMs: number,
): RunTally {
  const tally: RunTally = { missed: 0, reordered: 0, restarts: 0 };
  for (const run of runs) {
    const mark = marks.get(run.producer);
    if (mark === undefined || nowMs - mark.seenMs > idleMs) {
      marks.set(run.producer, { seq: run.last, seenMs: nowMs });
      continue;
    }
    mark.seenMs = nowMs;
    if (run.first > mark.seq) {
      tally.missed += run.first - mark.seq - 1;
      mark.seq = run.last;
    } else if (run.first <= 1 && mark.seq > 1) {
      tally.restarts++;
      mark.seq = run.last;
    } else {
      tally.reordered += Math.min(run.last, mark.seq) - run.first + 1;
      if (run.last > mark.seq) mark.seq = run.last;
    }
  }
  return tally;
}

/** A longer window being built from 1 s ones. */
export interface RollupState {
  start: number;
  acc: WindowAccumulator;
}

/**
 * WindowRollup.add as a step on a state that can be stored between analyzers: merges the short
 * window at `shortStart` and returns the long windows it completed and the state to keep.
 */
export function rollupStep(
  state: RollupState | undefined,
  shortStart: number,
  short: WindowAccumulator,
  rollupMs: number,
  shortMs: number,
  limits: AccumulatorLimits = {},
): { emit: RollupState[]; next: RollupState | undefined } {
  const emit: RollupState[] = [];
  const start = windowStartOf(shortStart, rollupMs);
  let current = state;
  if (current !== undefined && start > current.start) {
    emit.push(current);
    current = undefined;
  }
  current ??= { start, acc: new WindowAccumulator(limits) };
  current.acc.merge(short);
  if (shortStart + shortMs >= current.start + rollupMs) {
    emit.push(current);
    current = undefined;
  }
  return { emit, next: current };
}

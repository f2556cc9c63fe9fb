import type { Bus, Subscription } from '../../bus/bus.js';
import { subscribeRanges } from '../../bus/range-subscribe.js';
import { GapTracker } from '../../core/gap-tracker.js';
import { WindowAccumulator } from '../../core/window-accumulator.js';
import { minedTemplates } from '../mined-patterns.js';
import {
  DEFAULT_LATENESS_MS,
  DEFAULT_TOP_ERRORS,
  DEFAULT_TOP_SERVICES,
  DEFAULT_WINDOW_MS,
} from '../../core/window-aggregator.js';
import { WindowRollup } from '../../core/window-rollup.js';
import { DEFAULT_ROLLUPS_MS, type Analyzer, type AnalyzerOptions } from '../analyzer.js';
import { publishWindows } from '../publish-windows.js';
import type { BatchTally } from './batch-tally.js';
import { startDecoderPool } from './decoder-pool.js';
import { MergedWindows } from './merged-windows.js';
import { BATCH_LOGS, BatchWriter } from './payload-batch.js';

/** A thread's partial window is read back whole: the limits apply when it is merged. */
const UNLIMITED = { maxPatterns: Infinity, maxServices: Infinity };

/** An analyzer whose logs are decoded and counted on `threads` worker threads. */
export interface AnalyzerThreadsOptions extends Omit<AnalyzerOptions, 'decode'> {
  threads: number;
  /** Longest a log waits in a batch that is not full before it is handed over (default 20 ms). */
  batchMs?: number;
  /** The decoding thread's script (default: analyzer-worker.js). */
  workerUrl?: URL;
}

/** A running threaded analyzer. */
export interface ThreadedAnalyzer extends Analyzer {
  /**
   * Resolves when `stop()` has finished; rejects with a one-line error naming the thread when a
   * decoding thread fails. The analyzer has then stopped: it reads nothing more and publishes
   * no more windows, since the logs that thread held are lost.
   */
  readonly done: Promise<void>;
  /** Hands over the batch being filled; resolves once every log received is counted and due windows are published. */
  settled(): Promise<void>;
}

const DEFAULT_BATCH_MS = 20;

/**
 * `startAnalyzer` with the decoding and counting on worker threads (see docs/scaling.md). The
 * main thread reads the bus, copies payloads into batches with their arrival times (from the
 * socket chunk, in one piece per chunk where the bus hands over ranges) and hands
 * each batch to the least busy thread. A thread decodes it and counts every log in its window
 * as the analyzer would at that arrival time, and posts back the batch's partial windows and
 * its producer stamps. The main thread merges the tallies in the order the batches were made,
 * runs the gap tracking on the stamps in that order, and closes and publishes windows on the
 * same schedule as `startAnalyzer`, once every batch made before the close has been merged:
 * what it publishes is what one thread would have, window for window.
 *
 * Gap tracking stays on the main thread because it needs every sequence number of a producer
 * in arrival order; the threads already decode the stamps, so they send them back (16 bytes a
 * log) instead of the main thread scanning each payload for its stamp.
 */
export async function startAnalyzerThreads(bus: Bus, opts: AnalyzerThreadsOptions): Promise<ThreadedAnalyzer> {
  const now = opts.now ?? Date.now;
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  const latenessMs = opts.latenessMs ?? DEFAULT_LATENESS_MS;
  const batchMs = opts.batchMs ?? DEFAULT_BATCH_MS;
  const windows = new MergedWindows({ windowMs, latenessMs, startMs: now() });
  const gaps = new GapTracker(opts.gaps);
  const statsOptions = {
    topServices: opts.topServices ?? DEFAULT_TOP_SERVICES,
    topErrors: opts.topErrors ?? DEFAULT_TOP_ERRORS,
    // Error messages are counted masked in the threads and shown by this thread's miner's templates.
    templatesOf: minedTemplates(),
  };
  const rollups = (opts.rollups ?? DEFAULT_ROLLUPS_MS).map(
    (ms) => new WindowRollup(ms, { sourceMs: windowMs, ...statsOptions }),
  );
  const counters = { received: 0, plain: 0, truncated: 0, stamped: 0, windows: 0, windowLogs: 0, windowMissed: 0 };
  const writer = new BatchWriter();
  // Tallies that finished before an earlier batch's, by batch number.
  const early = new Map<number, BatchTally>();
  let merged = 0;
  let closing: { atMs: number; upTo: number } | undefined;
  let batchTimer: NodeJS.Timeout | undefined;
  let closeTimer: NodeJS.Timeout | undefined;
  let waiters: (() => void)[] = [];
  let stopped = false;
  let resolveDone: () => void = () => {};
  let rejectDone: (err: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  // A caller that only ever stops it need not listen: the failure is not unhandled then.
  done.catch(() => undefined);

  const mergeTally = (t: BatchTally): void => {
    counters.received += t.received;
    counters.plain += t.plain;
    counters.truncated += t.truncated;
    counters.stamped += t.stamped;
    const s = t.stamps;
    for (let k = 0; k < s.first.length; k++) {
      const at = s.time[k] as number;
      const id = s.ids[s.producer[k] as number] as string;
      const missed = gaps.observeRun(id, s.first[k] as number, s.count[k] as number, at);
      if (missed > 0) windows.addMissed(missed, at);
    }
    for (const w of t.windows) windows.merge(w.startMs, WindowAccumulator.fromState(w.data, UNLIMITED));
  };

  const publishDue = (nowMs: number): void =>
    publishWindows(windows.closeDue(nowMs), bus, opts, { statsOptions, rollups, counters });

  const idle = (): boolean => closing === undefined && merged === writer.nextSeq;
  const wake = (): void => {
    if (!idle()) return;
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };
  // A window closes once every batch made before its close time is merged.
  const tryClose = (): void => {
    if (closing === undefined || merged < closing.upTo) return;
    const { atMs } = closing;
    closing = undefined;
    if (stopped) return;
    publishDue(atMs);
    schedule();
  };

  const handOver = (): void => {
    if (batchTimer !== undefined) clearTimeout(batchTimer);
    batchTimer = undefined;
    const batch = writer.take();
    if (batch !== undefined) pool.dispatch(batch);
  };

  const schedule = (): void => {
    if (stopped) return;
    closeTimer = setTimeout(
      () => {
        closing = { atMs: now(), upTo: 0 };
        handOver();
        closing.upTo = writer.nextSeq;
        tryClose();
      },
      Math.max(0, windows.nextCloseAt() - now()),
    );
  };

  let halting: Promise<void> | undefined;
  const halt = (): Promise<void> => {
    stopped = true;
    if (closeTimer !== undefined) clearTimeout(closeTimer);
    if (batchTimer !== undefined) clearTimeout(batchTimer);
    return (halting ??= subscribed.then((sub) => sub.unsubscribe()));
  };

  const pool = startDecoderPool({
    threads: opts.threads,
    settings: { windowMs, latenessMs },
    maxLineBytes: opts.maxLineBytes,
    ...(opts.workerUrl !== undefined ? { workerUrl: opts.workerUrl } : {}),
    onTally(tally, buffers) {
      writer.recycle(buffers);
      early.set(tally.seq, tally);
      for (let t = early.get(merged); t !== undefined; t = early.get(merged)) {
        early.delete(merged);
        merged++;
        mergeTally(t);
      }
      tryClose();
      wake();
    },
    onFailure(err) {
      void halt()
        .finally(() => pool.stop())
        .finally(() => {
          for (const w of waiters.splice(0)) w();
          rejectDone(err);
        });
    },
  });

  // When the socket read being delivered arrived: one clock reading per read.
  let arrival: number | undefined;
  const subscribed: Promise<Subscription> = subscribeRanges(bus, opts.logsChannel, {
    message(bytes, start, end) {
      if (stopped) return;
      const t = (arrival ??= now());
      if (!writer.add(bytes, start, end, t)) {
        handOver();
        writer.add(bytes, start, end, t);
      }
      if (writer.count >= BATCH_LOGS) handOver();
      else if (batchTimer === undefined) batchTimer = setTimeout(handOver, batchMs);
    },
    chunkEnd() {
      arrival = undefined;
      writer.release();
    },
  });
  await subscribed;
  // A thread that failed while it started has stopped the analyzer already.
  if (!stopped) schedule();

  const settled = (): Promise<void> => {
    handOver();
    return idle() || stopped ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
  };

  return {
    done,
    settled,
    counters: () => {
      const g = gaps.counts();
      return { ...counters, missed: g.missed, reordered: g.reordered, producers: g.producers };
    },
    async stop() {
      if (stopped) return;
      // What was received is still counted (as `startAnalyzer` counts it on arrival); windows
      // still open are not published, as with `startAnalyzer`.
      await halt();
      handOver();
      if (merged < writer.nextSeq) await new Promise<void>((resolve) => waiters.push(resolve));
      await pool.stop();
      await bus.flush();
      resolveDone();
    },
  };
}

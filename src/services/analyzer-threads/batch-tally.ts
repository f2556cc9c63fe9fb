import { firstLineMasked } from '../mined-patterns.js';
import type { AccumulatorState } from '../../core/accumulator-state.js';
import { DEFAULT_MAX_FUTURE_MS, WindowAggregator } from '../../core/window-aggregator.js';
import type { SkipFieldsDecoder } from '../../protocol/shared-decode.js';
import { forEachPayload, type PayloadBatch } from './payload-batch.js';

/** The window shape a decoding thread places logs in: the analyzer's. */
export interface TallySettings {
  windowMs: number;
  latenessMs: number;
}

/** One window's share of a batch. */
export interface PartialWindow {
  startMs: number;
  data: AccumulatorState;
}

/**
 * The producer stamps of a batch, in arrival order, as runs: `ids[producer[k]]` sent
 * `first[k]`, `first[k] + 1`, ... (`count[k]` logs in a row), which arrived at `time[k]`. A
 * producer's logs mostly come in such runs, so the main thread tracks gaps per run, not per log.
 */
export interface BatchStamps {
  ids: string[];
  producer: Int32Array;
  first: Float64Array;
  count: Int32Array;
  time: Float64Array;
}

/** What a decoding thread makes of one batch. */
export interface BatchTally {
  seq: number;
  received: number;
  plain: number;
  truncated: number;
  /** Logs with a producer stamp. */
  stamped: number;
  windows: PartialWindow[];
  stamps: BatchStamps;
}

/**
 * Decodes a batch and counts each log in its window exactly as the analyzer's own aggregator
 * would at the log's arrival time. The batch gets an aggregator of its own, unbounded, so that
 * merging the batches' windows in arrival order into the analyzer's bounded ones keeps the
 * same services and patterns by name that one aggregator fed every log would: the bounds
 * apply to the order of first sight, which only the merge knows.
 *
 * A fresh aggregator has closed nothing, while the analyzer's refuses windows it closed; that
 * changes nothing as long as the clock does not go back, since a log that arrives after a
 * window closed is also too late for it by its arrival time.
 */
export function tallyBatch(batch: PayloadBatch, decode: SkipFieldsDecoder, settings: TallySettings): BatchTally {
  const aggregator = new WindowAggregator({
    windowMs: settings.windowMs,
    latenessMs: settings.latenessMs,
    maxServices: Infinity,
    maxPatterns: Infinity,
    patternOf: firstLineMasked,
  });
  const ids: string[] = [];
  const idIndex = new Map<string, number>();
  const producer = new Int32Array(batch.count);
  const first = new Float64Array(batch.count);
  const count = new Int32Array(batch.count);
  const time = new Float64Array(batch.count);
  let runs = 0;
  let stamped = 0;
  let plain = 0;
  let truncated = 0;
  let lastTime = Number.NEGATIVE_INFINITY;
  // The run being extended: its producer and the number its next log must carry.
  let runProducer = -1;
  let runNext = Number.NaN;
  forEachPayload(batch, (payload, t) => {
    const log = decode(payload, t);
    if (log.plain) plain++;
    if (log.truncated === true) truncated++;
    const stamp = log.producer;
    if (stamp !== undefined) {
      stamped++;
      let index = idIndex.get(stamp.id);
      if (index === undefined) {
        index = ids.push(stamp.id) - 1;
        idIndex.set(stamp.id, index);
      }
      // Past 2^53 a number plus one may be the same number: such logs are not runs.
      const last = runs - 1;
      if (index === runProducer && stamp.seq === runNext && t === time[last] && Number.isSafeInteger(runNext)) {
        count[last] = (count[last] as number) + 1;
        runNext++;
      } else {
        producer[runs] = index;
        first[runs] = stamp.seq;
        count[runs] = 1;
        time[runs] = t;
        runs++;
        runProducer = index;
        runNext = stamp.seq + 1;
      }
    }
    aggregator.add(log, t);
    lastTime = t;
  });
  // Every window a log of this batch went to is due by then: none starts later than the last
  // arrival plus the furthest future an event time is believed.
  const closed = aggregator.closeDue(lastTime + DEFAULT_MAX_FUTURE_MS + 2 * settings.windowMs + settings.latenessMs);
  const windows: PartialWindow[] = [];
  for (const w of closed) if (w.acc.totalCount > 0) windows.push({ startMs: w.startMs, data: w.acc.toState() });
  return {
    seq: batch.seq,
    received: batch.count,
    plain,
    truncated,
    windows,
    stamped,
    stamps: {
      ids,
      producer: producer.slice(0, runs),
      first: first.slice(0, runs),
      count: count.slice(0, runs),
      time: time.slice(0, runs),
    },
  };
}

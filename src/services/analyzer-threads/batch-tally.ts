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

/** The producer stamps of a batch, in arrival order: `ids[producer[k]]` sent `seq[k]`, arrived at `time[k]`. */
export interface BatchStamps {
  ids: string[];
  producer: Int32Array;
  seq: Float64Array;
  time: Float64Array;
}

/** What a decoding thread makes of one batch. */
export interface BatchTally {
  seq: number;
  received: number;
  plain: number;
  truncated: number;
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
  const seq = new Float64Array(batch.count);
  const time = new Float64Array(batch.count);
  let stamped = 0;
  let plain = 0;
  let truncated = 0;
  let lastTime = Number.NEGATIVE_INFINITY;
  forEachPayload(batch, (payload, t) => {
    const log = decode(payload, t);
    if (log.plain) plain++;
    if (log.truncated === true) truncated++;
    const stamp = log.producer;
    if (stamp !== undefined) {
      let index = idIndex.get(stamp.id);
      if (index === undefined) {
        index = ids.push(stamp.id) - 1;
        idIndex.set(stamp.id, index);
      }
      producer[stamped] = index;
      seq[stamped] = stamp.seq;
      time[stamped] = t;
      stamped++;
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
    stamps: {
      ids,
      producer: producer.slice(0, stamped),
      seq: seq.slice(0, stamped),
      time: time.slice(0, stamped),
    },
  };
}

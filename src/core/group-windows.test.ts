import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LogRecord } from '../protocol/log-record.js';
import { GapTracker } from './gap-tracker.js';
import {
  applyRuns,
  foldEntries,
  rollupStep,
  type GroupEntry,
  type ProducerMark,
  type RollupState,
} from './group-windows.js';
import { WindowAccumulator } from './window-accumulator.js';
import { WindowAggregator } from './window-aggregator.js';
import { WindowRollup } from './window-rollup.js';

const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);
const OPTS = { topServices: 10, topErrors: 5 };
const PLACE = { windowMs: 1_000, latenessMs: 500, maxFutureMs: 5_000 };

function log(time: number, service: string, producer?: { id: string; seq: number }): LogRecord {
  return {
    time,
    timeFromEvent: true,
    level: 'info',
    service,
    message: 'ok',
    latencyMs: undefined,
    fields: undefined,
    plain: false,
    raw: '',
    producer,
  };
}

/** A stream: entries in ID order, each log's event time some way before or after its arrival. */
const streamArb = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 0, max: 400 }),
      skew: fc.integer({ min: -3_000, max: 6_000 }),
      service: fc.constantFrom('api', 'db', 'web'),
      producer: fc.constantFrom('p1', 'p2'),
      jump: fc.constantFrom(1, 1, 1, 1, 2, 5, 0, -3),
    }),
    { maxLength: 150 },
  )
  .map((specs) => {
    let at = T0;
    const seqs = new Map<string, number>();
    return specs.map((s, i): GroupEntry => {
      at += s.gap;
      const seq = Math.max(1, (seqs.get(s.producer) ?? 0) + s.jump);
      seqs.set(s.producer, seq);
      return { id: `${at}-${i}`, arrivalMs: at, log: log(at + s.skew, s.service, { id: s.producer, seq }) };
    });
  });

/** Cuts a stream into consecutive batches, as XREADGROUP hands them to the consumers of a group. */
const batchesOf = (entries: GroupEntry[], cuts: number[]): GroupEntry[][] => {
  const points = [...new Set(cuts.map((c) => c % (entries.length + 1)))].sort((a, b) => a - b);
  const out: GroupEntry[][] = [];
  let from = 0;
  for (const p of [...points, entries.length]) {
    if (p > from) out.push(entries.slice(from, p));
    from = Math.max(from, p);
  }
  return out;
};

describe('foldEntries', () => {
  it('places every log where one WindowAggregator fed at the entries arrival times does, however the stream is cut into batches', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 8 }), (entries, cuts) => {
        const agg = new WindowAggregator(PLACE);
        for (const e of entries) agg.add(e.log as LogRecord, e.arrivalMs);
        const expected = new Map<number, string>();
        for (const w of agg.closeDue(T0 + 1e7)) {
          if (w.acc.totalCount > 0) expected.set(w.startMs, JSON.stringify(w.acc.toStats(w.startMs, w.endMs, OPTS)));
        }
        const merged = new Map<number, WindowAccumulator>();
        for (const batch of batchesOf(entries, cuts).reverse()) {
          const parts = foldEntries(batch, { ...PLACE, closedBefore: -Infinity, nowMs: T0 });
          for (const [start, p] of parts) {
            const acc = merged.get(start) ?? new WindowAccumulator();
            acc.merge(p.acc);
            merged.set(start, acc);
          }
        }
        const actual = new Map<number, string>();
        for (const [start, acc] of merged) {
          if (acc.totalCount > 0) actual.set(start, JSON.stringify(acc.toStats(start, start + 1_000, OPTS)));
        }
        assert.deepEqual(actual, expected);
      }),
    );
  });

  it('counts a log whose window was published late in the window of the reader clock', () => {
    const entries: GroupEntry[] = [{ id: `${T0 + 100}-0`, arrivalMs: T0 + 100, log: log(T0 + 50, 'api') }];
    const parts = foldEntries(entries, { ...PLACE, closedBefore: T0 + 1_000, nowMs: T0 + 9_300 });
    assert.deepEqual([...parts.keys()], [T0 + 9_000]);
    assert.equal(parts.get(T0 + 9_000)?.acc.lateCount, 1);
    const busy = foldEntries(entries, { ...PLACE, closedBefore: T0, busyStart: T0, nowMs: T0 + 100 });
    assert.deepEqual([...busy.keys()], [T0 + 1_000]);
  });
});

describe('applyRuns', () => {
  it('finds the missed, reordered and restarted logs GapTracker finds one log at a time, from runs read in batches', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 8 }), (entries, cuts) => {
        const tracker = new GapTracker();
        const missedByWindow = new Map<number, number>();
        for (const e of entries) {
          const p = e.log?.producer;
          if (p === undefined) continue;
          const missed = tracker.observe(p.id, p.seq, e.arrivalMs);
          const w = Math.floor(e.arrivalMs / 1_000) * 1_000;
          if (missed > 0) missedByWindow.set(w, (missedByWindow.get(w) ?? 0) + missed);
        }
        const runsByWindow = new Map<number, ReturnType<typeof foldEntries> extends Map<number, infer P> ? P : never>();
        for (const batch of batchesOf(entries, cuts).reverse()) {
          for (const [start, p] of foldEntries(batch, { ...PLACE, closedBefore: -Infinity, nowMs: T0 })) {
            const into = runsByWindow.get(start) ?? { acc: new WindowAccumulator(), runs: [] };
            into.runs.push(...p.runs);
            runsByWindow.set(start, into);
          }
        }
        const marks = new Map<string, ProducerMark>();
        const byId = (id: string): number[] => id.split('-').map(Number);
        let reordered = 0;
        let restarts = 0;
        const actual = new Map<number, number>();
        for (const start of [...runsByWindow.keys()].sort((a, b) => a - b)) {
          const runs = (runsByWindow.get(start)?.runs ?? []).sort((a, b) => {
            const [am = 0, as = 0] = byId(a.firstId);
            const [bm = 0, bs = 0] = byId(b.firstId);
            return am - bm || as - bs;
          });
          const tally = applyRuns(marks, runs, start, 600_000);
          if (tally.missed > 0) actual.set(start, tally.missed);
          reordered += tally.reordered;
          restarts += tally.restarts;
        }
        assert.deepEqual(actual, missedByWindow);
        assert.equal(reordered, tracker.counts().reordered);
        assert.equal(restarts, tracker.counts().restarts);
      }),
    );
  });
});

describe('rollupStep', () => {
  it('emits the long windows WindowRollup emits, from a state kept between calls', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 40 }), (steps) => {
        const rollup = new WindowRollup(10_000);
        let state: RollupState | undefined;
        let start = T0 + 3_000;
        for (const step of steps) {
          start += step * 1_000;
          const acc = new WindowAccumulator();
          acc.add(log(start, `s${step}`));
          const expected = rollup.add(start, acc);
          const next = rollupStep(state, start, acc, 10_000, 1_000);
          state = next.next;
          assert.deepEqual(
            next.emit.map((r) => r.acc.toStats(r.start, r.start + 10_000, OPTS)),
            expected,
          );
        }
      }),
    );
  });
});

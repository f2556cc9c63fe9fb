import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LogRecord } from '../protocol/log-record.js';
import { GapTracker } from './gap-tracker.js';
import {
  applyRuns,
  foldEntries,
  settledBefore,
  type GroupEntry,
  type ProducerMark,
  type ProducerRun,
} from './group-windows.js';

const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);
const W = 1_000;
const PLACE = { windowMs: W, latenessMs: 500, maxFutureMs: 5_000 };
/** The reader's clock: long after the backlog was appended. */
const NOW = T0 + 600_000;

function log(time: number, producer: { id: string; seq: number }): LogRecord {
  return {
    time,
    timeFromEvent: true,
    level: 'info',
    service: 'api',
    message: 'ok',
    latencyMs: undefined,
    fields: undefined,
    plain: false,
    raw: '',
    producer,
  };
}

/** A backlog: entries appended over some seconds, each producer numbering its logs, mostly consecutively. */
const backlogArb = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 0, max: 300 }),
      producer: fc.constantFrom('p1', 'p2', 'p3'),
      jump: fc.constantFrom(1, 1, 1, 1, 1, 1, 3, 0),
    }),
    { minLength: 1, maxLength: 200 },
  )
  .map((specs) => {
    let at = T0;
    const seqs = new Map<string, number>();
    return specs.map((s, i): GroupEntry => {
      at += s.gap;
      const seq = (seqs.get(s.producer) ?? 100) + s.jump;
      seqs.set(s.producer, seq);
      return { id: `${at}-${i}`, arrivalMs: at, log: log(at, { id: s.producer, seq }) };
    });
  });

/** What one analyzer's GapTracker finds reading the same entries in stream order. */
function single(entries: readonly GroupEntry[]): { missed: number; reordered: number } {
  const tracker = new GapTracker();
  for (const e of entries) {
    const p = e.log?.producer;
    if (p !== undefined) tracker.observe(p.id, p.seq, e.arrivalMs);
  }
  const { missed, reordered } = tracker.counts();
  return { missed, reordered };
}

/** One step of the group: a consumer commits its next batch, or the publisher publishes windows. */
type Step = { kind: 'commit'; consumer: number; duringPublish: boolean } | { kind: 'publish'; windows: number };

const stepArb = (consumers: number): fc.Arbitrary<Step> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('commit' as const),
      consumer: fc.integer({ min: 0, max: consumers - 1 }),
      duringPublish: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('publish' as const), windows: fc.integer({ min: 1, max: 6 }) }),
  );

/**
 * Runs a group over a backlog as its analyzers do: batches handed out in stream order, each
 * consumer committing its own in order, the publisher moving `next` on whenever `mayPublish`
 * lets it; then everything left is committed and published. Returns the total the windows report.
 */
function group(
  entries: readonly GroupEntry[],
  batchSize: number,
  owners: readonly number[],
  steps: readonly Step[],
  mayPublish: (start: number, uncommitted: readonly GroupEntry[][]) => boolean,
): { missed: number; reordered: number } {
  const batches: { consumer: number; entries: GroupEntry[] }[] = [];
  for (let i = 0; i * batchSize < entries.length; i++) {
    batches.push({
      consumer: owners[i % owners.length] ?? 0,
      entries: entries.slice(i * batchSize, (i + 1) * batchSize),
    });
  }
  const runs = new Map<number, ProducerRun[]>();
  const marks = new Map<string, ProducerMark>();
  const total = { missed: 0, reordered: 0 };
  let next = Math.floor((T0 - PLACE.latenessMs) / W) * W;
  let clock = NOW;
  const pending = (): GroupEntry[][] => batches.map((b) => b.entries);
  const commit = (index: number, busy: boolean): void => {
    const batch = batches.splice(index, 1)[0];
    if (batch === undefined) return;
    const placement = { ...PLACE, closedBefore: next, busyStart: busy ? next : undefined, nowMs: clock };
    for (const [start, p] of foldEntries(batch.entries, placement)) {
      runs.set(start, [...(runs.get(start) ?? []), ...p.runs]);
    }
  };
  const publish = (): void => {
    const order = (runs.get(next) ?? []).sort(
      (a, b) => Number(a.firstId.split('-')[1]) - Number(b.firstId.split('-')[1]),
    );
    const tally = applyRuns(marks, order, clock, 600_000);
    total.missed += tally.missed;
    total.reordered += tally.reordered;
    runs.delete(next);
    next += W;
  };
  for (const step of steps) {
    clock += 50;
    if (step.kind === 'commit') {
      const index = batches.findIndex((b) => b.consumer === step.consumer);
      const busy = step.duringPublish && mayPublish(next, pending());
      if (index >= 0) commit(index, busy);
      // The lease holder goes on to publish the window the commit was kept out of.
      if (busy) publish();
      continue;
    }
    for (let k = 0; k < step.windows && mayPublish(next, pending()); k++) publish();
  }
  while (batches.length > 0) commit(0, false);
  for (const start of [...runs.keys()].sort((a, b) => a - b)) {
    next = start;
    publish();
  }
  return total;
}

/** The group's rule: a window is published once every entry that can fall in it was committed. */
const whenSettled = (start: number, uncommitted: readonly GroupEntry[][]): boolean => {
  const oldest = Math.min(...uncommitted.map((b) => b[0]?.arrivalMs ?? Number.POSITIVE_INFINITY));
  return start < settledBefore(Number.isFinite(oldest) ? oldest : undefined, PLACE.latenessMs, W);
};

describe('a group working off a backlog', () => {
  it('reports the missed and reordered logs one analyzer finds when several consumers commit in any order', () => {
    fc.assert(
      fc.property(
        backlogArb,
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 12 }),
        fc.array(stepArb(3), { maxLength: 80 }),
        (entries, batchSize, owners, steps) => {
          assert.deepEqual(group(entries, batchSize, owners, steps, whenSettled), single(entries));
        },
      ),
    );
  });

  it('reports the missed and reordered logs one analyzer finds when its one consumer commits while windows are published', () => {
    fc.assert(
      fc.property(
        backlogArb,
        fc.integer({ min: 1, max: 40 }),
        fc.array(stepArb(1), { maxLength: 60 }),
        (entries, batchSize, steps) => {
          assert.deepEqual(
            group(entries, batchSize, [0], steps, () => true),
            single(entries),
          );
        },
      ),
    );
  });

  it('reports no missed log for consecutive numbers when the publisher overtakes the reader in the middle of a batch', () => {
    const entries = Array.from({ length: 4_000 }, (_, i): GroupEntry => {
      const at = T0 + Math.floor(i / 2);
      return { id: `${at}-${i}`, arrivalMs: at, log: log(at, { id: 'p1', seq: i + 1 }) };
    });
    const steps: Step[] = [
      { kind: 'commit', consumer: 0, duringPublish: false },
      { kind: 'publish', windows: 2 },
      { kind: 'commit', consumer: 0, duringPublish: false },
      { kind: 'publish', windows: 1 },
      { kind: 'commit', consumer: 0, duringPublish: true },
    ];
    assert.deepEqual(
      group(entries, 1_500, [0], steps, () => true),
      { missed: 0, reordered: 0 },
    );
  });
});

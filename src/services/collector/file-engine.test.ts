import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { waitFor } from '../../../test/helpers/wait-for.js';
import type { TimeRange } from '../../core/time-bound.js';
import { parsedToWire } from '../../ingest/normalise.js';
import { parseLine } from '../../ingest/parse-line.js';
import { LogEngine } from './engine.js';
import { FileEngine } from './file-engine.js';
import { FileStore } from './file-store.js';
import { TimeOrder } from './file-time-axis.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-file-engine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1);

function jsonLines(from: number, to: number, extra = ''): string {
  let text = '';
  for (let i = from; i <= to; i++)
    text += `{"time":${T0 + i},"level":"${i % 10 === 0 ? 'error' : 'info'}","msg":"event ${i}${extra}","user":"u${i % 3}"}\n`;
  return text;
}

async function open(paths: string[], range?: TimeRange): Promise<{ engine: FileEngine; store: FileStore }> {
  const wired: { engine?: FileEngine } = {};
  const store = await FileStore.open({
    paths,
    pollMs: 10,
    onChange: () => wired.engine?.changed(),
    onAppend: (seq) => wired.engine?.appended(seq),
    onExtend: (seq) => wired.engine?.extended(seq),
  });
  const engine = new FileEngine(store, range === undefined ? {} : { range });
  wired.engine = engine;
  return { engine, store };
}

function shownMessages(engine: FileEngine | LogEngine, height = 1000): string[] {
  return engine.snapshot({ anchor: undefined, height, margin: 0 }).rows.map((r) => r.message);
}

describe('FileEngine', () => {
  it('keeps every line of a file, newest first, and filters the whole of it', async () => {
    const path = join(dir, 'all.log');
    writeFileSync(path, jsonLines(1, 100_000));
    const { engine, store } = await open([path]);
    try {
      await waitFor(() => store.progress().done, 'the index', 20_000);
      const snap = engine.snapshot({ anchor: undefined, height: 3, margin: 0 });
      assert.equal(snap.total, 100_000);
      assert.deepEqual(
        snap.rows.map((r) => r.message),
        ['event 100000', 'event 99999', 'event 99998'],
      );
      const oldest = engine.snapshot({ anchor: snap.oldestSeq, height: 1, margin: 0 });
      assert.equal(oldest.rows.at(-1)?.message, 'event 1');
      assert.equal(engine.setFilter('/event\\s(7|99)$/'), undefined);
      await waitFor(() => engine.progress() === undefined, 'the filter scan', 20_000);
      assert.deepEqual(shownMessages(engine), ['event 99', 'event 7']);
      assert.equal(engine.setFilter('user:u1 level:error | stats count'), undefined);
      await waitFor(() => engine.progress() === undefined, 'the query scan', 20_000);
      // i % 10 === 0 and i % 3 === 1: i = 10, 40, 70, … up to 99,970.
      assert.deepEqual(engine.results()?.table.rows, [[3334]]);
    } finally {
      engine.stop();
      await store.stop();
    }
  });

  it('adds appended lines that match the filter in force', async () => {
    const path = join(dir, 'grow.log');
    writeFileSync(path, jsonLines(1, 50));
    const { engine, store } = await open([path]);
    try {
      await waitFor(() => store.progress().done, 'the index', 20_000);
      engine.setFilter('level:error');
      await waitFor(() => engine.progress() === undefined, 'the filter scan', 20_000);
      appendFileSync(path, jsonLines(51, 70));
      await waitFor(() => shownMessages(engine).length === 7, 'the appended matches', 20_000);
      assert.deepEqual(shownMessages(engine).slice(0, 2), ['event 70', 'event 60']);
    } finally {
      engine.stop();
      await store.stop();
    }
  });

  it('shows an appended log once a stack trace line that matches the filter joins it', async () => {
    const path = join(dir, 'trace.log');
    writeFileSync(path, '2026-01-01T00:00:01Z INFO started\n');
    const { engine, store } = await open([path]);
    try {
      await waitFor(() => store.progress().done, 'the index', 20_000);
      engine.setFilter('NullPointerException');
      await waitFor(() => engine.progress() === undefined, 'the filter scan', 20_000);
      appendFileSync(path, '2026-01-01T00:00:02Z ERROR request failed\n');
      await waitFor(() => store.order.total === 2, 'the appended line', 20_000);
      appendFileSync(path, '\tat java.lang.NullPointerException: at Foo.bar(Foo.java:1)\n');
      await waitFor(() => shownMessages(engine).length === 1, 'the joined trace', 20_000);
      assert.match(shownMessages(engine)[0] ?? '', /^request failed\n\tat java.lang.NullPointerException/);
    } finally {
      engine.stop();
      await store.stop();
    }
  });

  it('finds a search match anywhere in the file, and opens its full record', async () => {
    const path = join(dir, 'find.log');
    writeFileSync(path, jsonLines(1, 30_000));
    const { engine, store } = await open([path]);
    try {
      await waitFor(() => store.progress().done, 'the index', 20_000);
      const seq = await new Promise<number | undefined>((resolve) =>
        engine.find('event 3$', undefined, 'older', resolve),
      );
      assert.notEqual(seq, undefined);
      const record = engine.record(seq as number);
      assert.equal(record?.message, 'event 3');
      assert.equal(record?.time, T0 + 3);
      assert.deepEqual(record?.fields, { user: 'u0' });
    } finally {
      engine.stop();
      await store.stop();
    }
  });

  it('merges files by time, naming the file of each row; lines without a time stay by their neighbours', async () => {
    const a = join(dir, 'a.log');
    const b = join(dir, 'b.log');
    writeFileSync(a, `2026-01-01T00:00:01Z one\n  detail of one\n2026-01-01T00:00:03Z three\nno time here\n`);
    writeFileSync(b, `2026-01-01T00:00:02Z two\n2026-01-01T00:00:04Z four\n`);
    const { engine, store } = await open([a, b]);
    try {
      await waitFor(() => store.progress().done, 'the index', 20_000);
      const snap = engine.snapshot({ anchor: undefined, height: 10, margin: 0 });
      assert.deepEqual(snap.sources, ['a.log', 'b.log']);
      assert.deepEqual(
        snap.rows.map((r) => `${snap.sources?.[r.source ?? -1]} ${r.message}`),
        ['b.log four', 'a.log no time here', 'a.log three', 'b.log two', 'a.log one\n  detail of one'],
      );
    } finally {
      engine.stop();
      await store.stop();
    }
  });

  it('leaves out the rows outside --since/--until and counts them, as the live engine does', async () => {
    const path = join(dir, 'range.log');
    const lines = timeAxisLines(2000);
    writeFileSync(path, lines.join('\n') + '\n');
    const range = { since: T0 + 500_000, until: T0 + 1_200_000 };
    const { engine, store } = await open([path], range);
    const live = liveEngine(lines, range);
    try {
      await waitFor(() => store.progress().done && engine.progress() === undefined, 'the index and the range', 20_000);
      assert.deepEqual(shownMessages(engine, 5000), shownMessages(live, 5000));
      assert.equal(engine.counters().outOfRange, live.counters().outOfRange);
      assert.ok(live.counters().outOfRange > 0);
      // A filter applies within the range.
      engine.setFilter('level:error');
      live.setFilter('level:error');
      await waitFor(() => engine.progress() === undefined, 'the filter scan', 20_000);
      assert.deepEqual(shownMessages(engine, 5000), shownMessages(live, 5000));
      appendFileSync(path, `{"time":${T0 + 600_000},"level":"error","msg":"late in range"}\n`);
      appendFileSync(path, `{"time":${T0 + 5_000_000},"level":"error","msg":"late after the range"}\n`);
      await waitFor(() => store.order.total === lines.length + 2, 'the appended rows', 20_000);
      await waitFor(() => shownMessages(engine)[0] === 'late in range', 'the appended match', 20_000);
      assert.equal(engine.counters().outOfRange, live.counters().outOfRange + 1);
    } finally {
      engine.stop();
      await store.stop();
    }
  });

  it('counts the same histogram as the live engine, by time and level, filtered or not', async () => {
    const path = join(dir, 'histogram.log');
    const lines = timeAxisLines(3000);
    writeFileSync(path, lines.join('\n') + '\n');
    const { engine, store } = await open([path]);
    const live = liveEngine(lines);
    try {
      await waitFor(() => store.progress().done, 'the index', 20_000);
      const histogram = engine.histogram(80);
      assert.deepEqual(histogram, live.histogram(80));
      assert.equal(histogram?.total, lines.length);
      // Every level of the logs is counted as its own.
      assert.deepEqual(
        histogram?.bars.reduce((sum, bar) => sum.map((n, i) => n + (bar[i] ?? 0))),
        live.histogram(80)?.bars.reduce((sum, bar) => sum.map((n, i) => n + (bar[i] ?? 0))),
      );
      engine.setFilter('level:warn');
      live.setFilter('level:warn');
      await waitFor(() => engine.progress() === undefined, 'the filter scan', 20_000);
      assert.deepEqual(engine.histogram(30), live.histogram(30));
    } finally {
      engine.stop();
      await store.stop();
    }
  });

  it('jumps to the first shown row at or after a time as the live engine does, in time order or not', async () => {
    const ordered = timeAxisLines(1000);
    // The same logs with their times going back and forth.
    const shuffled = ordered.map((_, i) => ordered[(i * 389) % ordered.length] as string);
    for (const [name, lines] of [
      ['seek-ordered.log', ordered],
      ['seek-shuffled.log', shuffled],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, lines.join('\n') + '\n');
      const { engine, store } = await open([path]);
      const live = liveEngine(lines);
      const messageOf = (e: FileEngine | LogEngine, seq: number | undefined): string | undefined =>
        seq === undefined ? undefined : e.record(seq)?.message;
      try {
        await waitFor(() => store.progress().done, 'the index', 20_000);
        // In time order, a binary search finds the row; else a scan.
        assert.equal(new TimeOrder(store).holds(), lines === ordered, name);
        const asks: Array<[number, number | undefined, number]> = [
          [T0 - 1_000_000, undefined, 0],
          [T0 + 400_000, T0 + 400_500, 3],
          [T0 + 400_100, T0 + 400_200, 3],
          [T0 + 999_999_999, undefined, 10],
        ];
        for (let t = T0 - 500; t < T0 + 1_000_000; t += 12_345) asks.push([t, undefined, 5], [t, t + 3_000, 2]);
        // A log's own time, and a bar that ends at one.
        for (let i = 0; i < lines.length; i += 37) asks.push([T0 + i * 997, undefined, 1], [T0, T0 + i * 997, 0]);
        for (const query of ['', 'level:error']) {
          engine.setFilter(query);
          live.setFilter(query);
          await waitFor(() => engine.progress() === undefined, 'the filter scan', 20_000);
          for (const [from, to, newer] of asks) {
            const got = engine.seekTime(from, to, newer);
            const want = live.seekTime(from, to, newer);
            const what = `${name} ${query} ${from}..${to}`;
            assert.equal(messageOf(engine, got.seq), messageOf(live, want.seq), `seq in ${what}`);
            assert.equal(messageOf(engine, got.top), messageOf(live, want.top), `top in ${what}`);
            assert.notEqual(got.seq, undefined);
          }
        }
      } finally {
        engine.stop();
        await store.stop();
      }
    }
  });

  it('mines the patterns of every row, then of each appended one, and filters by a pattern id', async () => {
    const path = join(dir, 'patterns.log');
    const lines = timeAxisLines(3000);
    writeFileSync(path, lines.join('\n') + '\n');
    const { engine, store } = await open([path]);
    const live = liveEngine(lines);
    live.startPatterns();
    try {
      await waitFor(() => store.progress().done, 'the index', 20_000);
      assert.equal(engine.patternsSnapshot(), undefined);
      engine.startPatterns();
      await waitFor(() => engine.patternsVersion === lines.length, 'the rows mined', 20_000);
      const counts = (e: FileEngine | LogEngine): string[] =>
        (e.patternsSnapshot()?.rows ?? []).map((r) => `${r.count} ${r.template}`).sort();
      assert.deepEqual(counts(engine), counts(live));
      const disk = engine.patternsSnapshot()?.rows.find((r) => r.template.startsWith('disk'));
      assert.ok(disk !== undefined, JSON.stringify(engine.patternsSnapshot()?.rows));
      appendFileSync(path, `{"time":${T0 + 9_000_000},"level":"warn","msg":"disk 7 is 99% full"}\n`);
      await waitFor(() => engine.patternsVersion === lines.length + 1, 'the appended row mined', 20_000);
      assert.equal(engine.patternsSnapshot()?.rows.find((r) => r.id === disk.id)?.count, disk.count + 1);
      assert.equal(engine.setFilter(`pattern:${disk.id}`), undefined);
      await waitFor(() => engine.progress() === undefined, 'the filter scan', 20_000);
      const shown = shownMessages(engine, 5000);
      assert.equal(shown.length, disk.count + 1);
      assert.ok(
        shown.every((m) => m.startsWith('disk ')),
        shown.join('\n'),
      );
    } finally {
      engine.stop();
      await store.stop();
    }
  });
});

/**
 * Logs of several shapes and levels, a second or so apart: JSON with level names, pino's
 * numbers, and text lines with a level word.
 */
function timeAxisLines(n: number): string[] {
  const lines: string[] = [];
  const levels = ['info', 'warn', 'error', 'debug', 'info', 'info', 'fatal'];
  for (let i = 0; i < n; i++) {
    const t = T0 + i * 997;
    const level = levels[i % levels.length] as string;
    if (i % 5 === 0) lines.push(`${new Date(t).toISOString()} ${level.toUpperCase()} user u${i % 7} logged in`);
    else if (i % 5 === 1)
      lines.push(`{"time":${t},"level":${[30, 40, 50][i % 3]},"msg":"request ${i} took ${i % 90} ms"}`);
    else lines.push(`{"time":${t},"level":"${level}","msg":"disk ${i % 4} is ${i % 100}% full"}`);
  }
  return lines;
}

/** A live engine holding the same logs, in the order they were written, as `cat FILE | logstream` sends them. */
function liveEngine(lines: string[], range?: TimeRange): LogEngine {
  const now = T0 + 10_000_000;
  const live = new LogEngine(lines.length + 10, { now: () => now, ...(range === undefined ? {} : { range }) });
  for (const line of lines) live.ingest(parsedToWire(parseLine(line, now), { fallback: 'file' }));
  return live;
}

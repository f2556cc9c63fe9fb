import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { FileEngine } from './file-engine.js';
import { FileStore } from './file-store.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-file-engine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1);

function jsonLines(from: number, to: number, extra = ''): string {
  let text = '';
  for (let i = from; i <= to; i++)
    text += `{"time":${T0 + i},"level":"${i % 10 === 0 ? 'error' : 'info'}","msg":"event ${i}${extra}","user":"u${i % 3}"}\n`;
  return text;
}

async function open(paths: string[]): Promise<{ engine: FileEngine; store: FileStore }> {
  const wired: { engine?: FileEngine } = {};
  const store = await FileStore.open({
    paths,
    pollMs: 10,
    onChange: () => wired.engine?.changed(),
    onAppend: (seq) => wired.engine?.appended(seq),
    onExtend: (seq) => wired.engine?.extended(seq),
  });
  const engine = new FileEngine(store);
  wired.engine = engine;
  return { engine, store };
}

function shownMessages(engine: FileEngine, height = 1000): string[] {
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
});

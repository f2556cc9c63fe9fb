import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSendPool, type SendPoolOptions } from '../src/cli/commands/send-pool.js';

const STUB = new URL('./fixtures/send-worker-stub.js', import.meta.url);

/** A pool of stub threads (see fixtures/send-worker-stub.ts); `seed` picks how thread 2 misbehaves. */
function stubPool(opts: Partial<SendPoolOptions> = {}): { pool: ReturnType<typeof startSendPool>; said: string[] } {
  const said: string[] = [];
  const pool = startSendPool({
    redis: { url: 'redis://127.0.0.1:1' },
    channel: 'logs.ingest',
    rate: 1_000,
    threads: 3,
    workerUrl: STUB,
    onSay: (m) => said.push(m),
    ...opts,
  });
  return { pool, said };
}

/** Worker threads this process still holds (each keeps its message port open). */
const liveWorkers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

describe('the sender thread pool', () => {
  it('gives every thread its own producer id and adds up their counts', async () => {
    const { pool, said } = stubPool({ count: 95 });
    assert.equal(new Set(pool.producerIds).size, 3);
    for (const id of pool.producerIds) assert.match(id, /^send-[0-9a-z]{8}$/);
    const results = await pool.done;
    assert.deepEqual(
      results.map((r) => r.producerId),
      pool.producerIds,
    );
    assert.deepEqual(
      results.map((r) => r.counts.sent),
      [32, 32, 31],
    );
    assert.deepEqual(pool.progress(), { sent: 95, skipped: 0, lost: 0 });
    assert.deepEqual(said, ['connected to nowhere', 'connected to nowhere', 'connected to nowhere']);
    assert.equal(liveWorkers(), 0);
  });

  it('stops every thread and has each report its final counts', async () => {
    const { pool, said } = stubPool();
    // Every thread up and sending, however slowly this machine starts threads.
    const end = Date.now() + 10_000;
    while ((said.length < 3 || pool.progress().sent < 90) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(liveWorkers(), 3);
    await pool.stop();
    const results = await pool.done;
    assert.equal(results.length, 3);
    assert.ok(results.every((r) => r.counts.sent > 0));
    assert.equal(
      pool.progress().sent,
      results.reduce((n, r) => n + r.counts.sent, 0),
    );
    assert.equal(liveWorkers(), 0);
  });

  it('stops the others and names the thread when one throws', async () => {
    const { pool } = stubPool({ seed: 'throw' });
    await assert.rejects(pool.done, (err: Error) => {
      assert.match(
        err.message,
        new RegExp(`^thread 2 of 3 \\(${pool.producerIds[1]}\\) failed: boom at the second line$`),
      );
      return true;
    });
    assert.equal(liveWorkers(), 0);
  });

  it('reports a thread that exits before it is done', async () => {
    const { pool } = stubPool({ seed: 'exit', threads: 2 });
    await assert.rejects(pool.done, /^Error: thread 2 of 2 \(send-\w+\) exited \(code 3\) before it was done$/);
    await pool.stop();
    assert.equal(liveWorkers(), 0);
  });

  it('reports a thread script that cannot be loaded', async () => {
    const { pool } = stubPool({ workerUrl: new URL('./fixtures/no-such-worker.js', import.meta.url), threads: 2 });
    await assert.rejects(pool.done, /^Error: thread [12] of 2 \(send-\w+\) failed: Cannot find module/);
    assert.equal(liveWorkers(), 0);
  });
});

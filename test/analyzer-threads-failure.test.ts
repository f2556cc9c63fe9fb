import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryBus } from '../src/bus/memory-bus.js';
import { createLogGenerator } from '../src/sources/generator.js';
import { startAnalyzerThreads } from '../src/services/analyzer-threads/analyzer-threads.js';
import { BATCH_LOGS } from '../src/services/analyzer-threads/payload-batch.js';
import { waitFor } from './helpers/wait-for.js';

const FAILING = new URL('./fixtures/analyzer-worker-failing.js', import.meta.url);

/** Worker threads this process still holds (each keeps its message port open). */
const liveWorkers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

/**
 * A threaded analyzer whose second thread fails on its second batch (see the fixture), fed a
 * batch's worth of logs every 10 ms until it stops reading: which thread gets which batch
 * depends on how fast each one is.
 */
async function failing(maxLineBytes?: number) {
  const bus = createMemoryBus({ maxQueue: 1_000_000, highWaterMark: 1_000_000 });
  let windows = 0;
  await bus.subscribe('stats.update', () => windows++);
  const analyzer = await startAnalyzerThreads(bus, {
    logsChannel: 'logs.ingest',
    statsChannel: 'stats.update',
    threads: 2,
    workerUrl: FAILING,
    ...(maxLineBytes !== undefined ? { maxLineBytes } : {}),
  });
  const generator = createLogGenerator({ seed: 'failing' });
  let published = 0;
  const feed = setInterval(() => {
    for (let i = 0; i < BATCH_LOGS; i++) bus.publish('logs.ingest', generator.nextJson(Date.now()));
    published += BATCH_LOGS;
  }, 10);
  analyzer.done.catch(() => clearInterval(feed));
  return { bus, analyzer, windows: () => windows, published: () => published };
}

describe('a threaded analyzer whose thread fails', () => {
  it('names the thread and why, stops reading and ends its threads', async () => {
    const { bus, analyzer, windows, published } = await failing();
    await assert.rejects(analyzer.done, /^Error: decoding thread 2 of 2 failed: boom in its second batch$/);
    await waitFor(() => liveWorkers() === 0, 'every thread to end', 10_000);
    const received = analyzer.counters().received;
    assert.ok(received < published(), `${received} of ${published()} counted: the lost batch is not`);
    const windowsBefore = windows();
    bus.publish('logs.ingest', '{"message":"after the failure"}');
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(analyzer.counters().received, received, 'nothing more is read');
    assert.equal(windows(), windowsBefore, 'no window short of that thread’s logs is published');
    await analyzer.stop();
    await bus.close();
  });

  it('reports a thread that exits', async () => {
    const { bus, analyzer } = await failing(4321);
    await assert.rejects(analyzer.done, /^Error: decoding thread 2 of 2 exited \(code 3\)$/);
    await waitFor(() => liveWorkers() === 0, 'every thread to end', 10_000);
    await analyzer.stop();
    await bus.close();
  });
});

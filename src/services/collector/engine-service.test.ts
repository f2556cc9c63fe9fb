import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryBus } from '../../bus/memory-bus.js';
import type { FromEngine, ResultsSnapshot } from './engine-protocol.js';
import type { PatternsSnapshot } from './live-patterns.js';
import { startEngineService } from './engine-service.js';

const log = (service: string): string =>
  JSON.stringify({ timestamp: '2026-12-05T10:00:00.000Z', level: 'INFO', service, message: 'hello' });

describe('the engine service', () => {
  it('sends the results table right after a query with a pipeline, then again within a second as logs arrive', async () => {
    const bus = createMemoryBus();
    const results: { results: ResultsSnapshot }[] = [];
    const post = (msg: FromEngine): void => {
      if (msg.type === 'results') results.push({ results: msg.results });
    };
    const service = await startEngineService(bus, { logsChannel: 'logs', statsChannel: 'stats', capacity: 100 }, post);
    const received = async (n: number): Promise<void> => {
      while (service.engine.counters().received < n) await new Promise((r) => setTimeout(r, 5));
    };
    try {
      bus.publish('logs', log('api'));
      await received(1);
      service.handle({ type: 'filter', query: '| stats count by service', levelMin: undefined, id: 1 });
      assert.deepEqual(
        results.map((r) => r.results.table.rows),
        [[['api', 1]]],
      );
      bus.publish('logs', log('api'));
      bus.publish('logs', log('db'));
      await received(3);
      // Nothing asks again: the service's own timer sends the new table.
      const deadline = Date.now() + 10_000;
      while (results.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(results[1]?.results.table.rows, [
        ['api', 2],
        ['db', 1],
      ]);
      service.handle({ type: 'filter', query: 'service:api', levelMin: undefined, id: 2 });
      assert.equal(results.length, 2, 'no table for a plain filter');
    } finally {
      await service.stop();
      await bus.close();
    }
  });

  it('sends the patterns while the view watches them, at once and within a second of new logs, and stops after', async () => {
    const bus = createMemoryBus();
    const sent: PatternsSnapshot[] = [];
    const post = (msg: FromEngine): void => {
      if (msg.type === 'patterns') sent.push(msg.patterns);
    };
    const service = await startEngineService(bus, { logsChannel: 'logs', statsChannel: 'stats', capacity: 100 }, post);
    const received = async (n: number): Promise<void> => {
      while (service.engine.counters().received < n) await new Promise((r) => setTimeout(r, 5));
    };
    try {
      bus.publish('logs', log('api'));
      await received(1);
      assert.equal(sent.length, 0, 'nothing before the view opens');
      service.handle({ type: 'patterns', watch: true });
      assert.deepEqual(
        sent.map((p) => p.total),
        [1],
      );
      bus.publish('logs', log('db'));
      await received(2);
      const deadline = Date.now() + 10_000;
      while (sent.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(
        sent[1]?.rows.map((r) => [r.template, r.count]),
        [['hello', 2]],
      );
      service.handle({ type: 'patterns', watch: false });
      bus.publish('logs', log('db'));
      await received(3);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(sent.length, 2, 'no updates once the view closed');
      assert.equal(service.engine.patternsSnapshot()?.total, 3, 'mining goes on, so ids stay');
    } finally {
      await service.stop();
      await bus.close();
    }
  });

  it('answers the histogram and the jump to a time, and leaves out logs outside --since/--until', async () => {
    const bus = createMemoryBus();
    const answers: FromEngine[] = [];
    const range = { since: Date.parse('2026-12-05T10:00:00Z'), until: Date.parse('2026-12-05T11:00:00Z') };
    const service = await startEngineService(
      bus,
      { logsChannel: 'logs', statsChannel: 'stats', capacity: 100, range },
      (msg) => void answers.push(msg),
    );
    try {
      for (const time of ['09:59:59', '10:00:00', '10:00:30', '11:00:00'])
        bus.publish('logs', JSON.stringify({ timestamp: `2026-12-05T${time}Z`, level: 'INFO', message: time }));
      while (service.engine.counters().received < 4) await new Promise((r) => setTimeout(r, 5));
      assert.equal(service.engine.counters().outOfRange, 2);
      service.handle({ type: 'histogram', bars: 100 });
      service.handle({ type: 'seekTime', from: range.since + 10_000, to: undefined, newer: 0, id: 7 });
      const histogram = answers.find((m) => m.type === 'histogram');
      assert.equal(histogram?.type === 'histogram' ? histogram.histogram?.total : undefined, 2);
      assert.deepEqual(
        answers.find((m) => m.type === 'timeFound'),
        { type: 'timeFound', id: 7, seq: 1, top: 1 },
      );
    } finally {
      await service.stop();
      await bus.close();
    }
  });
});

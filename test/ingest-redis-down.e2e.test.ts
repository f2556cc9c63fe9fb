import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { createRedisBus } from '../src/bus/redis-bus.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

/** NDJSON of `n` small records. */
function records(n: number, tag: string): string {
  let body = '';
  for (let i = 0; i < n; i++) body += `{"message":"${tag} ${i}"}\n`;
  return body;
}

describe('logstream ingest --http while Redis is unreachable', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  let cli: CliProcess;
  let url: string;
  const messages: string[] = [];

  const post = async (body: string): Promise<{ status: number; retryAfter: string | null; body: string }> => {
    const res = await fetch(url, { method: 'POST', body });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
  };

  before(async () => {
    redis = await startRedisServer();
    bus = createRedisBus({ url: redis.url, name: 'ingest-down-e2e' });
    await bus.subscribe('logs.ingest', (p) => messages.push((JSON.parse(p.toString()) as { message: string }).message));
    cli = startCli(['ingest', '--http', '127.0.0.1:0', '--max-body-bytes', String(8 * 1024 * 1024), '--redis', redis.url]);
    await waitFor(() => /http listening on 127\.0\.0\.1:\d+/.test(cli.stderr()), 'the http server listening', 10_000);
    url = `http://127.0.0.1:${/listening on 127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1]}/`;
  });

  after(async () => {
    cli.child.kill('SIGKILL');
    await cli.exited;
    await bus.close();
    await redis.stop();
  });

  it('queues what fits, answers 503 with Retry-After for what is lost, and never holds a request until Redis returns', { timeout: 60_000 }, async () => {
    assert.equal((await post(records(1, 'before'))).status, 200);
    await waitFor(() => messages.includes('before 0'), 'the first record delivered', 5_000);

    await redis.kill();
    await waitFor(() => cli.stderr().includes('cannot reach'), 'ingest noticing Redis is gone', 10_000);
    // The bus queues up to 100,000 logs while Redis is away: these fit, and are answered at once.
    const queued = await post(records(60_000, 'queued'));
    assert.equal(queued.status, 200, queued.body);
    // These do not all fit: the client is told to send them again.
    const lost = await post(records(60_000, 'lost'));
    assert.equal(lost.status, 503, lost.body);
    assert.equal(lost.retryAfter, '5');
    assert.match(lost.body, /Redis is unreachable and the queue is full: 20000 of 60000 records were not accepted; retry later/);

    await redis.restart();
    await waitFor(() => /connected to/.test(cli.stderr().split('\n').slice(-3).join('\n')), 'ingest reconnected', 15_000);
    await waitFor(() => bus.status().state === 'ready', 'the test subscriber reconnected', 15_000);
    const again = await post(records(1, 'after'));
    assert.equal(again.status, 200, again.body);
    await waitFor(() => messages.includes('after 0'), 'a record sent after Redis returned delivered', 10_000);

    cli.child.kill('SIGTERM');
    await cli.exited;
    assert.match(cli.stderr(), /http: 120002 records in 4 requests \(1 refused\); dropped 20000 \(Redis unreachable and the queue full\)/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';
import { startSingleRedisServer, type RedisServerHandle } from './helpers/redis-server.js';

let redis: RedisServerHandle;
before(async () => {
  redis = await startSingleRedisServer();
  // A user that may publish but not ask CLUSTER SLOTS, as managed Redis services often set up.
  await redis.cli('ACL', 'SETUSER', 'shipper', 'on', '>secret', '~*', '&*', '+@all', '-cluster');
});
after(async () => {
  await redis.stop();
});

describe('a Redis user that may not run CLUSTER SLOTS', { timeout: 60_000 }, () => {
  it('is served as a single server, and the command says so once on stderr', async () => {
    const r = await runCli(['send', '--redis', `redis://shipper@127.0.0.1:${redis.port}`, '--count', '3'], {
      REDIS_PASSWORD: 'secret',
    });
    assert.equal(r.code, 0, r.stderr);
    const notices = r.stderr.split('\n').filter((l) => l.includes('cannot run CLUSTER SLOTS'));
    assert.deepEqual(
      notices,
      [
        `logstream send: cannot run CLUSTER SLOTS on redis://***@127.0.0.1:${redis.port} (no permission); ` +
          'treating it as a single server, pass --cluster if it is a Redis Cluster node',
      ],
      r.stderr,
    );
    assert.match(r.stderr, /sent 3 logs .* 0 dropped/, r.stderr);
  });
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startCli, type CliProcess } from './helpers/cli.js';
import { freePort, singleServerOnly, startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';

// compose.yaml's healthchecks run against real services here: the same node scripts, pointed
// at a Redis and an ingest port of this test instead of the compose network's.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Compose = { services: Record<string, { command?: string[]; healthcheck?: { test?: string[] } }> };
const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as Compose;

/** The node script of a service's healthcheck, aimed at `redisPort` and `httpPort`. */
function healthScript(service: string, redisPort: number, httpPort: number): string {
  const test = compose.services[service]?.healthcheck?.test ?? [];
  assert.deepEqual(test.slice(0, 3), ['CMD', 'node', '-e'], `${service} runs a node script`);
  const script = test[3] ?? '';
  const aimed = script
    .replace("connect(6379,'redis'", `connect(${redisPort},'127.0.0.1'`)
    .replace('127.0.0.1:8514/', `127.0.0.1:${httpPort}/`);
  assert.notEqual(aimed, script, `${service}: the script names Redis or the HTTP port as expected`);
  return aimed;
}

async function healthy(script: string): Promise<boolean> {
  return new Promise((resolve) =>
    execFile(process.execPath, ['-e', script], { timeout: 10_000 }, (error) => resolve(error === null)),
  );
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the compose healthchecks against running services', () => {
  let redis: RedisServerHandle;
  let httpPort: number;
  const running = new Map<string, CliProcess>();

  before(async () => {
    redis = await startRedisServer();
    httpPort = await freePort();
  });
  after(async () => {
    for (const p of running.values()) p.child.kill('SIGKILL');
    await redis.stop();
  });

  /** Starts a compose service's command, with Redis and the HTTP port swapped for this test's. */
  function start(service: string): CliProcess {
    const args = (compose.services[service]?.command ?? []).map((a) =>
      a
        .replace('redis://redis:6379', redis.url)
        .replace('0.0.0.0:8514', `127.0.0.1:${httpPort}`)
        .replace('0.0.0.0:24224', '127.0.0.1:0'),
    );
    const p = startCli(args);
    running.set(service, p);
    return p;
  }

  // The sender's and the analyzer's checks look for their connection in the CLIENT LIST of
  // compose.yaml's one Redis; the ingest's asks the ingest itself.
  const oneRedis = singleServerOnly("compose.yaml's check reads CLIENT LIST of its one Redis");
  for (const service of ['sender', 'analyzer', 'ingest']) {
    const skip = service === 'ingest' ? false : oneRedis;
    it(`passes for ${service} while it runs and fails once it is gone`, { skip }, async () => {
      const script = healthScript(service, redis.port, httpPort);
      assert.equal(await healthy(script), false, 'not healthy before it starts');
      const p = start(service);
      await eventually(() => healthy(script), `${service} to be healthy`);
      p.child.kill('SIGTERM');
      await p.exited;
      await eventually(async () => !(await healthy(script)), `${service} to be unhealthy after it stopped`);
    });
  }
});

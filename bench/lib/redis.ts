import { execFile } from 'node:child_process';
import { createRedisBus } from '../../src/bus/redis-bus.js';
import { payloadText } from '../../src/protocol/payload.js';
import { openRedisCommandClient, type RedisCommandClient } from '../../src/bus/resp/resp-command-client.js';
import { startRedisServer, type RedisServerHandle } from '../../test/helpers/redis-server.js';

/**
 * Pub/Sub has no backpressure: Redis queues every message for a slow subscriber in that
 * client's output buffer, and the default limit (`pubsub 32mb 8mb 60`) disconnects a
 * subscriber ~125k messages (32 MB of ~250-byte logs) behind, within a second at 200k logs/s.
 * The bench raises it so that a collector that falls behind for a moment shows up as lag and
 * reported loss rather than as a dropped connection (a production broker would do the same).
 */
export const PUBSUB_BUFFER_LIMIT = ['--client-output-buffer-limit', 'pubsub 256mb 128mb 60'];

/** A throw-away redis-server on a free loopback port with the bench's Pub/Sub limits. */
export function startBenchRedis(): Promise<RedisServerHandle> {
  return startRedisServer({ args: PUBSUB_BUFFER_LIMIT });
}

/** One subscriber as CLIENT LIST shows it. */
export interface SubscriberInfo {
  id: number;
  name: string;
  /** Output buffer memory: how far behind the subscriber is, bytes. */
  omem: number;
}

/** A side connection for reading counters (INFO, PUBSUB, CLIENT LIST) while a scenario runs. */
export class RedisProbe {
  private constructor(private readonly client: RedisCommandClient) {}

  /** Connects to `url`. */
  static async open(url: string): Promise<RedisProbe> {
    return new RedisProbe(await openRedisCommandClient({ url, name: 'bench-probe' }));
  }

  /** PUBLISH commands the server has processed since it started. */
  async publishCalls(): Promise<number> {
    const info = String(await this.client.command('INFO', 'commandstats'));
    return Number(/cmdstat_publish:calls=(\d+)/.exec(info)?.[1] ?? 0);
  }

  /** Subscribers of `channel` right now. */
  async subscribers(channel: string): Promise<number> {
    const reply = await this.client.command('PUBSUB', 'NUMSUB', channel);
    return Array.isArray(reply) ? Number(reply[1] ?? 0) : 0;
  }

  /** Clients subscribed to something, with their output buffer size. */
  async subscriberClients(): Promise<SubscriberInfo[]> {
    const list = String(await this.client.command('CLIENT', 'LIST', 'TYPE', 'pubsub'));
    return list
      .split('\n')
      .filter((line) => line.includes('id='))
      .map((line) => ({
        id: Number(/\bid=(\d+)/.exec(line)?.[1] ?? 0),
        name: /\bname=(\S*)/.exec(line)?.[1] ?? '',
        omem: Number(/\bomem=(\d+)/.exec(line)?.[1] ?? 0),
      }));
  }

  /** CONFIG SET `name` `value`. */
  async configSet(name: string, value: string): Promise<void> {
    await this.client.command('CONFIG', 'SET', name, value);
  }

  /** The server's version string. */
  async version(): Promise<string> {
    return /redis_version:(\S+)/.exec(String(await this.client.command('INFO', 'server')))?.[1] ?? 'unknown';
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Counts messages on `channel` with their arrival time (for low-volume channels such as stats.update). */
export async function collectMessages(
  url: string,
  channel: string,
): Promise<{ messages: { at: number; text: string }[]; close: () => Promise<void> }> {
  const bus = createRedisBus({ url, name: 'bench-stats' });
  const messages: { at: number; text: string }[] = [];
  await bus.subscribe(channel, (payload) => {
    messages.push({ at: Date.now(), text: payloadText(payload) });
  });
  return { messages, close: () => bus.close() };
}

/** Runs `redis-benchmark` with `args` against `port`; resolves with its stdout. */
export function redisBenchmark(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'redis-benchmark',
      ['-h', '127.0.0.1', '-p', String(port), ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error) reject(new Error('redis-benchmark failed', { cause: error }));
        else resolve(stdout);
      },
    );
  });
}

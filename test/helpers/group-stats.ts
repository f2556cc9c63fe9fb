import type { RedisRequestClient } from '../../src/bus/redis-request-client.js';
import { decodeStats } from '../../src/protocol/stats-codec.js';
import type { WindowStats } from '../../src/protocol/stats.js';
import type { CliProcess } from './cli.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every statistics message on a stats stream, in order. */
export async function statsOf(client: RedisRequestClient, key: string): Promise<WindowStats[]> {
  const reply = await client.call(['XRANGE', key, '-', '+']);
  const out: WindowStats[] = [];
  if (!Array.isArray(reply)) return out;
  for (const entry of reply) {
    const fields = Array.isArray(entry) ? entry[1] : undefined;
    const payload = Array.isArray(fields) ? fields[1] : undefined;
    if (Buffer.isBuffer(payload)) out.push(...decodeStats(payload));
  }
  return out;
}

/** The windows of one length (in seconds). */
export const seconds = (windows: WindowStats[], length: number): WindowStats[] =>
  windows.filter((w) => w.window_seconds === length);

/** Logs counted in the 1 s windows. */
export const total = (windows: WindowStats[]): number => seconds(windows, 1).reduce((n, w) => n + w.total_count, 0);

/**
 * Stops `p` (SIGSTOP) at a moment when it holds entries it has not acknowledged on one of
 * `streams` (each read through the client of the same index) in `group`; false if it never did.
 */
export async function stopHolding(
  p: CliProcess,
  name: string,
  clients: RedisRequestClient[],
  streams: string[],
  group = 'g',
): Promise<boolean> {
  const held = async (): Promise<boolean> => {
    for (const [k, client] of clients.entries()) {
      const pending = await client.call(['XPENDING', streams[k] ?? '', group, '-', '+', '10', name]);
      if (Array.isArray(pending) && pending.length > 0) return true;
    }
    return false;
  };
  for (let i = 0; i < 2_000; i++) {
    p.child.kill('SIGSTOP');
    // A commit already on its way to Redis when the process stopped would still acknowledge
    // them: held means still pending a moment later.
    if (await held()) {
      await sleep(200);
      if (await held()) return true;
    }
    p.child.kill('SIGCONT');
    await sleep(10 + (i % 7));
  }
  return false;
}

/**
 * Reads the stats of a group and of a single analyzer until both count `n` logs in 1 s windows
 * (or `timeoutMs` passed), then once more a moment later: a window published twice would show
 * up by then, next to its first copy.
 */
export async function settledStats(
  readGroup: () => Promise<WindowStats[]>,
  readOne: () => Promise<WindowStats[]>,
  n: number,
  timeoutMs: number,
): Promise<{ group: WindowStats[]; one: WindowStats[] }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (total(await readGroup()) >= n && total(await readOne()) >= n) break;
    await sleep(250);
  }
  await sleep(1_500);
  return { group: await readGroup(), one: await readOne() };
}

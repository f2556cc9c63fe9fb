import type { RedisRequestClient } from '../../bus/redis-request-client.js';
import { RespError } from '../../bus/resp/resp-parser.js';

/** What `appendStats` did with each payload. */
export interface AppendTally {
  appended: number;
  /** Already there under its ID: appended by an earlier attempt at the same window. */
  repeated: number;
  /** The stream had newer entries (another writer): appended with an ID Redis chose. */
  ahead: number;
}

/** The ID of the `n`th statistics entry of the window ending at `endMs`. */
export const statsEntryId = (endMs: number, n: number): string => `${endMs}-${n}`;

/**
 * Appends a window's statistics to a stats stream that no script of the group can reach (another
 * hash slot of a Redis Cluster), so that doing it again appends nothing: the `n`th payload of
 * the window ending at `endMs` gets the ID `<endMs>-<n>`, and Redis refuses an ID not greater
 * than the stream's last, so a repeat (the publisher died before moving `next`, another one
 * publishes the window again) finds its entries there and adds none. Throws when Redis answers
 * with another error, so that `next` does not move past a window whose statistics are missing.
 */
export async function appendStats(
  client: RedisRequestClient,
  stream: string,
  trim: readonly string[],
  endMs: number,
  payloads: readonly string[],
): Promise<AppendTally> {
  const tally: AppendTally = { appended: 0, repeated: 0, ahead: 0 };
  for (const [n, payload] of payloads.entries()) {
    const id = statsEntryId(endMs, n);
    const reply = await client.call(['XADD', stream, ...trim, id, 'p', payload]);
    if (!(reply instanceof RespError)) {
      tally.appended++;
      continue;
    }
    if (!/equal or smaller/i.test(reply.message)) throw new Error(`XADD ${stream}: ${reply.message}`);
    const there = await client.call(['XRANGE', stream, id, id]);
    if (Array.isArray(there) && there.length > 0) {
      tally.repeated++;
      continue;
    }
    const again = await client.call(['XADD', stream, ...trim, '*', 'p', payload]);
    if (again instanceof RespError) throw new Error(`XADD ${stream}: ${again.message}`);
    tally.ahead++;
  }
  return tally;
}

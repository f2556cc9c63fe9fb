import type { StreamEntriesPage } from './resp/stream-entries-reader.js';
import { idAfter, idBefore } from './stream-position.js';

/** What a reader loads of a stream's recent past when it first reads it. */
export interface StreamBackfill {
  /** Streams (channels) to load the past of; others start at their end. */
  channels: string[];
  /** At most this many of the newest entries. */
  count?: number;
  /** Only entries of the last `sinceMs` milliseconds. */
  sinceMs?: number;
}

/** What loading a past needs of the reader it runs in. */
export interface PastLink {
  /** Sends an XRANGE or XREVRANGE; `onPage` gets what its reply holds, or `undefined` if it will never come. False when not sent. */
  range(args: string[], onPage: (page: StreamEntriesPage | undefined) => void): boolean;
  /** False once nobody reads the stream any more (the bus closed, the last handler left). */
  alive(): boolean;
  deliver(payload: Buffer): void;
}

// Entries per XREVRANGE. A page's reply is read and dropped while young; one reply of the
// whole past kept every entry alive until the end, for the old generation's collector to trace
// (bench/bus.bench.ts, the backfill row).
const PAGE = 8192;
// Payloads handed over per macrotask.
const SLICE = 4096;

/**
 * Loads the past of stream `key` up to `endId` (inclusive): the newest `spec.count` entries,
 * or those since `spec.sinceMs` before `nowMs`, keeping only each entry's payload, delivered
 * oldest first, a slice per macrotask so that the thread (the collector's worker) answers its
 * other requests while a big past loads. When where it starts is known (a time, or a count not
 * below the `retained` entries), it is read oldest first in pages, each delivered while the next
 * is on its way; otherwise newest first in pages, delivered once the last came. `done` is called
 * once everything is delivered, or as soon as the stream is no longer read; not when the
 * connection is lost (the reader starts over then).
 */
export function loadPast(
  key: string,
  endId: string,
  spec: StreamBackfill,
  nowMs: number,
  retained: number | undefined,
  link: PastLink,
  done: () => void,
): void {
  const start = spec.sinceMs === undefined ? '-' : String(Math.max(0, nowMs - spec.sinceMs));
  if (spec.count === undefined || (retained !== undefined && spec.count >= retained)) {
    loadForward(key, start, endId, link, done);
    return;
  }
  const pages: Buffer[][] = []; // newest page first, each newest entry first
  let wanted = spec.count;

  const page = (end: string): void => {
    const count = Math.min(PAGE, wanted);
    const sent = link.range(['XREVRANGE', key, end, start, 'COUNT', String(count)], (reply) => {
      if (reply === undefined) return;
      if (!link.alive()) return done();
      pages.push(reply.payloads);
      wanted -= reply.entries;
      // Inclusive ranges: the next page ends just before this page's oldest entry.
      const before = reply.lastId === undefined ? undefined : idBefore(reply.lastId);
      if (reply.entries === count && wanted > 0 && before !== undefined) page(before);
      else deliverPages();
    });
    if (!sent) done();
  };

  const deliverPages = (): void => {
    let p = pages.length - 1;
    let next = (pages[p]?.length ?? 0) - 1;
    const slice = (): void => {
      if (!link.alive()) return done();
      for (let budget = SLICE; budget > 0 && p >= 0; budget--) {
        if (next < 0) {
          pages.length = p; // a delivered page can be collected
          p--;
          next = (pages[p]?.length ?? 0) - 1;
          continue;
        }
        link.deliver((pages[p] as Buffer[])[next--] as Buffer);
      }
      if (p < 0) done();
      else setImmediate(slice);
    };
    slice();
  };

  page(endId);
}

/**
 * Reads `start`..`endId` oldest first with XRANGE pages. The next page is asked for as soon as
 * one came, so Redis builds it while this thread delivers the last: reading and ingesting
 * overlap (bench/README-bus.md, Backfill).
 */
function loadForward(key: string, start: string, endId: string, link: PastLink, done: () => void): void {
  const pages: Buffer[][] = []; // oldest first, as they came
  let fetched = false;
  let delivering = false;
  let p = 0;
  let next = 0;

  const page = (from: string): void => {
    const sent = link.range(['XRANGE', key, from, endId, 'COUNT', String(PAGE)], (reply) => {
      if (reply === undefined) return;
      if (!link.alive()) return done();
      // Inclusive ranges: the next page starts just after this page's newest entry.
      const after = reply.lastId === undefined ? undefined : idAfter(reply.lastId);
      if (reply.entries === PAGE && after !== undefined) page(after);
      else fetched = true;
      pages.push(reply.payloads);
      if (!delivering) {
        delivering = true;
        slice();
      }
    });
    if (!sent) done();
  };

  const slice = (): void => {
    if (!link.alive()) return done();
    for (let budget = SLICE; budget > 0 && p < pages.length; budget--) {
      const current = pages[p] as Buffer[];
      if (next >= current.length) {
        pages[p] = []; // a delivered page can be collected
        p++;
        next = 0;
        continue;
      }
      link.deliver(current[next++] as Buffer);
    }
    if (p < pages.length) setImmediate(slice);
    else if (fetched) done();
    else delivering = false; // the next page starts delivering when it comes
  };

  page(start);
}

/** The Redis keys a consumer group of analyzers shares, besides the stream itself. */
export interface GroupKeys {
  stream: string;
  group: string;
  /** Start (epoch ms) of the next 1 s window to publish; windows before it are published. */
  next: string;
  /** `consumer@start` while that analyzer publishes the window at `start` (SET NX PX). */
  lease: string;
  /** Sorted set of the window starts that have partials, so that skipping empty windows never skips one. */
  windows: string;
  /** Changes whenever an entry is claimed (CLAIM_SCRIPT), so that commits know when to check theirs one by one. */
  claims: string;
  /** Per producer `seq:seenMs`: the highest sequence number of the windows published. */
  producers: string;
  /** Hash of the partials of the window at `start`, one field per commit. */
  partials(start: number): string;
  /** A longer window being built from the published 1 s ones. */
  rollup(ms: number): string;
}

/**
 * The hash tag that puts a key in the slot of `stream` on a Redis Cluster: the stream's own tag
 * when it has one (`logs{3}` hashes as `3`), else the whole name; undefined for a name that no
 * tag can hash like (one with a `}` but no tag), whose group then runs on a single Redis only.
 */
export function slotTagOf(stream: string): string | undefined {
  const open = stream.indexOf('{');
  const close = open >= 0 ? stream.indexOf('}', open + 1) : -1;
  if (close > open + 1) return stream.slice(open, close + 1);
  return stream.includes('}') ? undefined : `{${stream}}`;
}

/**
 * Keys of `group` on `stream`, all under `logstream:group:<tag>:<stream>:<group>:`, where the
 * tag puts them in the stream's hash slot, so that one script may touch them and the stream on
 * a Redis Cluster. With `part`, the keys of the group's publication when it is kept apart from
 * the keys the commits touch (group-analyzer.ts).
 */
export function groupKeys(stream: string, group: string, part?: 'publication'): GroupKeys {
  const tag = slotTagOf(stream);
  // A space, which no group name holds, keeps the publication's keys apart from any group's.
  const name = part === undefined ? group : `${group} ${part}`;
  const base = tag === undefined ? `logstream:group:${stream}:${name}:` : `logstream:group:${tag}:${stream}:${name}:`;
  return {
    stream,
    group,
    next: `${base}next`,
    lease: `${base}lease`,
    producers: `${base}producers`,
    windows: `${base}windows`,
    claims: `${base}claims`,
    partials: (start) => `${base}w:${start}`,
    rollup: (ms) => `${base}rollup:${ms}`,
  };
}

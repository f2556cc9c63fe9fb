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
  /** Per producer `seq:seenMs`: the highest sequence number of the windows published. */
  producers: string;
  /** Hash of the partials of the window at `start`, one field per commit. */
  partials(start: number): string;
  /** A longer window being built from the published 1 s ones. */
  rollup(ms: number): string;
}

/** Keys of `group` on `stream`, all under `logstream:group:<stream>:<group>:`. */
export function groupKeys(stream: string, group: string): GroupKeys {
  const base = `logstream:group:${stream}:${group}:`;
  return {
    stream,
    group,
    next: `${base}next`,
    lease: `${base}lease`,
    producers: `${base}producers`,
    windows: `${base}windows`,
    partials: (start) => `${base}w:${start}`,
    rollup: (ms) => `${base}rollup:${ms}`,
  };
}

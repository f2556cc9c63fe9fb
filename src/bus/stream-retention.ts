/** How much of a stream Redis keeps: the newest `count` entries, or those of the last `spanMs`. */
export type StreamRetention = { kind: 'count'; count: number } | { kind: 'span'; spanMs: number };

/** About a million entries: a few hundred MB of typical logs, several minutes of a fast sender. */
export const DEFAULT_RETENTION: StreamRetention = { kind: 'count', count: 1_000_000 };

/** The one field of each stream entry, holding the payload bytes exactly as Pub/Sub carries them. */
export const STREAM_FIELD = 'p';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Reads a span such as `500ms`, `30s`, `15m`, `2h`, `1d`; undefined when it is not one. */
export function parseSpan(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (m === null) return undefined;
  const ms = Math.round(Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN));
  return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
}

/** Reads `--retention`: a whole count of entries (`1000000`) or a span (`15m`, `2h`); undefined otherwise. */
export function parseRetention(text: string): StreamRetention | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const count = Number(t);
    return Number.isSafeInteger(count) && count > 0 ? { kind: 'count', count } : undefined;
  }
  const spanMs = parseSpan(t);
  return spanMs === undefined ? undefined : { kind: 'span', spanMs };
}

/** The trimming arguments of an XADD: `MAXLEN ~ N` or `MINID ~ <now - span>`. */
export function trimArgs(retention: StreamRetention, nowMs: number): string[] {
  if (retention.kind === 'count') return ['MAXLEN', '~', String(retention.count)];
  return ['MINID', '~', String(Math.max(0, Math.floor(nowMs - retention.spanMs)))];
}

/** The bytes of `XADD key <trim> * p ` up to the payload's bulk string: a frame head for PublishEncoder. */
export function xaddHead(key: string, retention: StreamRetention, nowMs: number): Buffer {
  const args = ['XADD', key, ...trimArgs(retention, nowMs), '*', STREAM_FIELD];
  const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n`, 'latin1')];
  for (const arg of args) {
    const bytes = Buffer.from(arg, 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, Buffer.from('\r\n', 'latin1'));
  }
  return Buffer.concat(parts);
}

// Heads cached per channel; a time cap moves its MINID once a second, which is precise enough
// for a cap of minutes and keeps the per-message cost to a map lookup.
const MAX_CACHED_HEADS = 256;

/**
 * A `frameHead` for PublishEncoder that writes XADDs with `retention` (or the channel's own in
 * `byChannel`), cached per channel.
 */
export function xaddHeads(
  retention: StreamRetention,
  now: () => number = Date.now,
  byChannel: Readonly<Record<string, StreamRetention>> = {},
): (channel: string) => Buffer {
  const heads = new Map<string, Buffer>();
  const timed = retention.kind === 'span' || Object.values(byChannel).some((r) => r.kind === 'span');
  let second = -1;
  return (channel) => {
    if (timed) {
      const s = Math.floor(now() / 1_000);
      if (s !== second) {
        second = s;
        heads.clear();
      }
    }
    let head = heads.get(channel);
    if (head === undefined) {
      if (heads.size >= MAX_CACHED_HEADS) heads.clear();
      head = xaddHead(channel, byChannel[channel] ?? retention, now());
      heads.set(channel, head);
    }
    return head;
  };
}

import { randomInt } from 'node:crypto';
import { STAMP_KEY } from './log-decode.js';
import type { ProducerStamp } from './log-record.js';

/** Numbers a producer's logs: `"_ls":{"p":<id>,"s":1,2,3...}` appended to each JSON object. */
export interface Stamper {
  readonly producerId: string;
  /** The last sequence number given out. */
  readonly last: number;
  /** Appends the next stamp to a JSON object's text (which must end with `}`). */
  stamp(json: string): string;
}

/** A stamper with a new producer id: `prefix` and 8 random base-36 characters. */
export function createStamper(prefix: string): Stamper {
  let id = prefix;
  for (let i = 0; i < 8; i++) id += randomInt(36).toString(36);
  const head = `,"${STAMP_KEY}":{"p":${JSON.stringify(id)},"s":`;
  let seq = 0;
  return {
    producerId: id,
    get last() {
      return seq;
    },
    stamp(json) {
      const end = json.lastIndexOf('}');
      // Not an object (cannot happen for encodeLog output): leave it unstamped rather than break it.
      if (end < 0) return json;
      seq++;
      const body = json.slice(0, end).trimEnd();
      return body.endsWith('{') ? `${body}${head.slice(1)}${seq}}}` : `${body}${head}${seq}}}`;
    },
  };
}

const STAMP_OPEN = `,"${STAMP_KEY}":{"p":"`;
const STAMP_MIDDLE = '","s":';

/**
 * Length of the producer stamp `,"_ls":{"p":…,"s":…}` that ends `text` just before its closing
 * brace, as LogStream's producers write it (compact, last), given the stamp decoded from it;
 * 0 when `text` does not end that way. A consumer that has read the stamp can keep the log
 * without it (the collector's buffer saves ~40 bytes per log: bench/buffer.bench.ts). The
 * length follows from the stamp, so checking it costs a few comparisons, not a scan.
 */
export function stampLength(text: string, stamp: ProducerStamp): number {
  const { id, seq } = stamp;
  let digits = 1;
  for (let rest = seq; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  const length = STAMP_OPEN.length + id.length + STAMP_MIDDLE.length + digits + 1;
  const end = text.length - 2; // the stamp's closing brace; the log's own follows it
  const at = end - length + 1;
  if (at < 1 || text.charCodeAt(end) !== 125 || text.charCodeAt(end + 1) !== 125 || !text.startsWith(STAMP_OPEN, at))
    return 0;
  // Compared character by character, with no string made: this runs for every log.
  let k = at + STAMP_OPEN.length;
  for (let i = 0; i < id.length; i++, k++) {
    const c = id.charCodeAt(i);
    if (c !== text.charCodeAt(k) || c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return 0;
  }
  if (!text.startsWith(STAMP_MIDDLE, k)) return 0;
  k += STAMP_MIDDLE.length;
  for (let rest = seq, i = end - 1; i >= k; i--, rest = Math.floor(rest / 10)) {
    if (text.charCodeAt(i) !== 0x30 + (rest % 10)) return 0;
  }
  return length;
}

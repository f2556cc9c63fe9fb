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
/** A producer id that is written as it is: printable ASCII, no quote or backslash. */
const PLAIN_ID = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Length of the producer stamp `,"_ls":{"p":…,"s":…}` that ends `text` just before its closing
 * brace, as LogStream's producers write it (compact, last), given the stamp decoded from it;
 * 0 when `text` does not end that way. A consumer that has read the stamp can keep the log
 * without it (the collector's buffer saves ~40 bytes per log, 11% of the sender's logs). The
 * length follows from the stamp, so checking it costs a few comparisons, not a scan.
 */
export function stampLength(text: string, stamp: ProducerStamp): number {
  const seq = String(stamp.seq);
  const length = STAMP_OPEN.length + stamp.id.length + STAMP_MIDDLE.length + seq.length + 1;
  const at = text.length - 1 - length;
  if (at < 1 || text.charCodeAt(text.length - 1) !== 125 || text.charCodeAt(text.length - 2) !== 125) return 0;
  if (!text.startsWith(STAMP_OPEN, at) || !text.startsWith(stamp.id, at + STAMP_OPEN.length)) return 0;
  if (!text.startsWith(STAMP_MIDDLE, at + STAMP_OPEN.length + stamp.id.length) || !text.endsWith(seq, text.length - 2)) return 0;
  return PLAIN_ID.test(stamp.id) ? length : 0;
}

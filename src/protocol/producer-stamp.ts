import { randomInt } from 'node:crypto';
import { STAMP_KEY } from './log-decode.js';

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

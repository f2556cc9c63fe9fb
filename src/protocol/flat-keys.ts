import { KEYS } from './log-values.js';

/*
 * The keys the flat JSON scan looks at (flat-scan.ts): the keys of a role (see KEYS), the keys
 * that make `name` a logger's name, and `stream`; found in a line by their characters without a
 * string made of any key.
 */

/** Keys whose presence makes `name` a logger's name (see decodeLog's hasLoggerContext). */
const LOGGER_CONTEXT = ['hostname', 'pid', 'v', 'levelname'];

/** A key the scan looks at: its role slot (see KEYS) or -1, whether it names a logger context, whether it is `stream`. */
export interface KnownKey {
  key: string;
  slot: number;
  context: boolean;
  stream: boolean;
}
/**
 * The keys the scan looks at, in lists by a hash of their length and first and last characters:
 * most keys of a line are none of them and cost one look in a typed array (bench: query-file).
 */
const HASH_BITS = 12;
const BY_HASH = new Int16Array(1 << HASH_BITS);
const LISTS: KnownKey[][] = [[]];
const hashOf = (length: number, first: number, last: number): number =>
  (length * 961 + first * 31 + last) & ((1 << HASH_BITS) - 1);
/** The key of each role slot. */
export const KEY_OF: string[] = [];
for (const key of new Set([...KEYS.keys(), ...LOGGER_CONTEXT, 'stream'])) {
  const slot = KEYS.get(key) ?? -1;
  if (slot >= 0) KEY_OF[slot] = key;
  const h = hashOf(key.length, key.charCodeAt(0), key.charCodeAt(key.length - 1));
  if (BY_HASH[h] === 0) BY_HASH[h] = LISTS.push([]) - 1;
  LISTS[BY_HASH[h] as number]?.push({ key, slot, context: LOGGER_CONTEXT.includes(key), stream: key === 'stream' });
}

/** The known key at [start, end) of t, if it is one. */
export function knownKey(t: string, start: number, end: number): KnownKey | undefined {
  const length = end - start;
  const list = BY_HASH[hashOf(length, t.charCodeAt(start), t.charCodeAt(end - 1))] as number;
  if (list === 0) return undefined;
  const candidates = LISTS[list] as KnownKey[];
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as KnownKey;
    const key = c.key;
    if (key.length !== length) continue;
    // Compared in place: a call to startsWith costs more than these few characters.
    let m = 0;
    while (m < length && key.charCodeAt(m) === t.charCodeAt(start + m)) m++;
    if (m === length) return c;
  }
  return undefined;
}

import { readSync } from 'node:fs';
import { standsAlone } from './line-scan.js';

/** Bytes after a wanted split point searched for a line to split at. */
const SEARCH_BYTES = 64 * 1024;

/**
 * Splits `[0, end)` of a file into pieces of about `pieceBytes`, each starting at a line that
 * stands alone (see standsAlone), so that each can be scanned on its own and the rows of all
 * joined are one scan's. Returns the pieces' bounds: `[0, …, end]`. A piece grows when no such
 * line is found near its wanted end.
 */
export function splitPoints(fd: number, end: number, pieceBytes: number): number[] {
  const bounds = [0];
  const buf = Buffer.allocUnsafe(SEARCH_BYTES);
  for (let want = pieceBytes; want < end; want += pieceBytes) {
    const at = lineStartAfter(fd, buf, Math.max(want, (bounds[bounds.length - 1] as number) + 1), end);
    if (at !== undefined && at < end) bounds.push(at);
  }
  bounds.push(end);
  return bounds;
}

/** The first line that starts after `from` within the search window and stands alone. */
function lineStartAfter(fd: number, buf: Buffer, from: number, end: number): number | undefined {
  const n = readSync(fd, buf, 0, Math.min(buf.length, end - from), from);
  const window = buf.subarray(0, n);
  for (let nl = window.indexOf(10); nl >= 0;) {
    const next = window.indexOf(10, nl + 1);
    // The line must end in the window: whether it stands alone may depend on all of it.
    if (next < 0) return undefined;
    if (standsAlone(window, nl + 1, next)) return from + nl + 1;
    nl = next;
  }
  return undefined;
}

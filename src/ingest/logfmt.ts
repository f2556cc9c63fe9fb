/*
 * logfmt (`time=… level=info msg="hello world" duration=12ms`), as written by logrus, go-kit,
 * slog's TextHandler, Heroku and Grafana. Values stay strings: logfmt has no types.
 */

const KEY = /[^\s="]/;

/** Parses a logfmt line into an object; undefined unless it has at least two `key=value` pairs (or one plus `msg`). */
export function parseLogfmt(line: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let pairs = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && KEY.test(line[i] as string)) i++;
    if (i === keyStart) return undefined; // a quote or `=` where a key should start
    const key = line.slice(keyStart, i);
    let value = '';
    if (line[i] === '=') {
      i++;
      if (line[i] === '"') {
        i++;
        let buf = '';
        let closed = false;
        while (i < n) {
          const c = line[i] as string;
          if (c === '\\' && i + 1 < n) {
            const e = line[i + 1] as string;
            buf += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
            i += 2;
          } else if (c === '"') {
            i++;
            closed = true;
            break;
          } else {
            buf += c;
            i++;
          }
        }
        if (!closed) return undefined;
        value = buf;
      } else {
        const start = i;
        while (i < n && line[i] !== ' ' && line[i] !== '\t') i++;
        value = line.slice(start, i);
      }
      pairs++;
    } else if (i < n && line[i] !== ' ' && line[i] !== '\t') {
      return undefined;
    } else {
      // A bare word: logfmt's boolean flag. Plain sentences are full of them, so they do not count.
      value = 'true';
    }
    if (key === '__proto__') continue;
    out[key] = value;
  }
  const hasMessage = 'msg' in out || 'message' in out;
  const bare = Object.keys(out).length - pairs;
  // A sentence with one `a=b` in it is not logfmt.
  return pairs >= 2 && bare <= pairs || (pairs >= 1 && hasMessage && bare === 0) ? out : undefined;
}

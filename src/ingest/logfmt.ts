/*
 * logfmt (`time=… level=info msg="hello world" duration=12ms`), as written by logrus, go-kit,
 * slog's TextHandler, Heroku and Grafana. Values stay strings: logfmt has no types.
 */

const KEY = /[^\s="]/;
const OPENS_WITH_PAIR = /^[ \t]*[^\s="]+=/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};
const HEX_ESCAPE = { x: /^[0-9a-fA-F]{2}/, u: /^[0-9a-fA-F]{4}/, U: /^[0-9a-fA-F]{8}/ } as const;

/**
 * The escape after a backslash at `line[i]`, as Go's strconv.Quote writes them (slog, logrus):
 * `\n`, `\x1b`, `\u00a0`, `\U0001f600`; returns the text and how many characters it used.
 * A `\xNN` above 0x7f is a lone byte of invalid UTF-8: it stays written as `\xNN`, as line-text keeps such bytes.
 */
function unescape(line: string, i: number): [string, number] {
  const e = line[i] as string;
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return [simple, 1];
  if (e === 'x' || e === 'u' || e === 'U') {
    const digits = HEX_ESCAPE[e].exec(line.slice(i + 1, i + 9))?.[0];
    const code = digits !== undefined ? parseInt(digits, 16) : NaN;
    if (e === 'x' && code > 0x7f) return [`\\x${digits as string}`, 3];
    if (code <= 0x10ffff) return [String.fromCodePoint(code), 1 + (digits as string).length];
  }
  return [e, 1];
}

/**
 * Parses a logfmt line into an object; undefined unless it opens with a `key=value` pair and has
 * at least two (or one plus `msg`).
 */
export function parseLogfmt(line: string): Record<string, string> | undefined {
  // logfmt writers open with a pair (`time=`, `ts=`, `level=`, `at=`); a line that opens with a
  // word has a head of its own (a date, a syslog header, a logcat head) and `key=value` text after it.
  if (!OPENS_WITH_PAIR.test(line)) return undefined;
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
            const [text, used] = unescape(line, i + 1);
            buf += text;
            i += 1 + used;
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
  return (pairs >= 2 && bare <= pairs) || (pairs >= 1 && hasMessage && bare === 0) ? out : undefined;
}

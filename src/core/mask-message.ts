/** Longest pattern kept; longer messages are cut so one window's pattern map stays small. */
export const MAX_PATTERN_LENGTH = 200;

// A multi-kilobyte stack trace is cut before it is scanned: the pattern then depends on the
// first 1,000 characters only, which is plenty to fill MAX_PATTERN_LENGTH.
const MAX_INPUT_LENGTH = 1_000;

// One pass of a hand-written scanner rather than one combined regex, which (same rules, a
// replacer callback) tried every alternative at every position and was several times slower
// (bench/aggregate.bench.ts measures this one). Character classes mirror the regex ones (\w, \s, \b).

// charCodeAt past either end returns NaN, which makes V8 deoptimise the scanner; -1 keeps
// every character code a small integer and matches no class.
function at(s: string, i: number): number {
  return i >= 0 && i < s.length ? s.charCodeAt(i) : -1;
}

function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Exactly JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return c >= 0xa0 && isUnicodeSpace(c);
}

/** The white space of JavaScript's `\s` at or above U+00A0. */
export function isUnicodeSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `"..."` with backslash escapes; returns the end index or -1 when unterminated. */
function matchDoubleQuoted(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = at(s, j);
    if (c === 92) j++;
    else if (c === 34) return j + 1;
  }
  return -1;
}

/** `'...'` on one line, not glued to a word on the right (the caller checks the left). */
function matchSingleQuoted(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = at(s, j);
    if (c === 10) return -1;
    if (c === 39) {
      const next = at(s, j + 1);
      return isWord(next) || next === 39 ? -1 : j + 1;
    }
  }
  return -1;
}

/** `[\w.+-]+@[\w-]+(\.[\w-]+)+` */
function matchEmail(s: string, i: number): number {
  let j = i;
  for (let c = at(s, j); isWord(c) || c === 46 || c === 43 || c === 45; c = at(s, ++j));
  if (at(s, j) !== 64) return -1;
  let k = j + 1;
  let labels = 0;
  let end = -1;
  for (;;) {
    const start = k;
    for (let c = at(s, k); isWord(c) || c === 45; c = at(s, ++k));
    if (k === start) break;
    if (++labels >= 2) end = k;
    if (at(s, k) !== 46) break;
    k++;
  }
  return end;
}

const UUID_GROUPS = [8, 4, 4, 4, 12];

function matchUuid(s: string, i: number): number {
  let j = i;
  for (let g = 0; g < UUID_GROUPS.length; g++) {
    if (g > 0 && at(s, j++) !== 45) return -1;
    const end = j + (UUID_GROUPS[g] ?? 0);
    for (; j < end; j++) if (!isHex(at(s, j))) return -1;
  }
  return isWord(at(s, j)) ? -1 : j;
}

/** `\d{1,3}(\.\d{1,3}){3}` followed by a word boundary. */
function matchIpv4(s: string, i: number): number {
  let j = i;
  for (let part = 0; part < 4; part++) {
    if (part > 0 && at(s, j++) !== 46) return -1;
    const start = j;
    while (j - start < 3 && isDigit(at(s, j))) j++;
    if (j === start) return -1;
  }
  return isWord(at(s, j)) ? -1 : j;
}

/** Full (8 groups) or compressed (`::`) IPv6, optionally ending in an IPv4 (`::ffff:10.0.0.1`). */
function matchIpv6(s: string, i: number): number {
  let r = i;
  for (let c = at(s, r); isHex(c) || c === 58 || c === 46; c = at(s, ++r));
  while (at(s, r - 1) === 46) r--; // a sentence's full stop
  if (isWord(at(s, r))) return -1;
  let p = i;
  let groups = 0;
  let compressed = false;
  if (at(s, p) === 58) {
    if (at(s, p + 1) !== 58) return -1;
    compressed = true;
    p += 2;
  }
  while (p < r) {
    let q = p;
    while (q < r && isHex(at(s, q))) q++;
    if (q < r && at(s, q) === 46) {
      if (matchIpv4(s, p) !== r) return -1;
      groups += 2;
      break;
    }
    if (q === p || q - p > 4) return -1;
    groups++;
    p = q;
    if (p === r) break;
    if (at(s, p + 1) === 58) {
      if (compressed) return -1;
      compressed = true;
      p += 2;
    } else if (++p === r) {
      return -1;
    }
  }
  // A bare "::" is the unspecified address, common in "listening on [::]:8080".
  const valid = compressed ? groups <= 7 : groups === 8;
  return valid ? r : -1;
}

/** Digits, `.`/`,`-separated digit groups, then any word characters (a unit: 123ms, 1.5s). */
function matchNumber(s: string, i: number): number {
  let j = i;
  while (isDigit(at(s, j))) j++;
  for (let c = at(s, j); (c === 46 || c === 44) && isDigit(at(s, j + 1)); c = at(s, j)) {
    j += 2;
    while (isDigit(at(s, j))) j++;
  }
  while (isWord(at(s, j))) j++;
  return j;
}

/** Tries the masks that only apply where a word starts; records the placeholder via `hit`. */
function matchWordStart(s: string, i: number, c: number, hasAt: boolean, hasIpv6: boolean): number {
  if (hasAt) {
    const end = matchEmail(s, i);
    if (end !== -1) return hit(end, '<email>');
  }
  if (!isHex(c)) return -1;
  if (at(s, i + 8) === 45) {
    const end = matchUuid(s, i);
    if (end !== -1) return hit(end, '<uuid>');
  }
  if (hasIpv6 && at(s, i - 1) !== 58) {
    const end = matchIpv6(s, i);
    if (end !== -1) return hit(end, '<ip>');
  }
  if (isDigit(c)) {
    const end = matchIpv4(s, i);
    if (end !== -1) return hit(end, '<ip>');
  }
  const x = at(s, i + 1);
  const prefixed = c === 48 && (x === 120 || x === 88);
  let w = prefixed ? i + 2 : i;
  let digits = 0;
  for (let d = at(s, w); isHex(d); d = at(s, ++w)) if (isDigit(d)) digits++;
  const len = w - i;
  if (isWord(at(s, w))) return -1; // not all hex digits
  if (prefixed) return len > 2 ? hit(w, '<hex>') : -1;
  // A long run of decimal digits is left to the number rule, and a word of the letters a-f
  // only ("deadbeef") is more likely a word than an id.
  return len >= 8 && digits > 0 && digits < len ? hit(w, '<hex>') : -1;
}

// The placeholder of the last successful match; a module variable keeps the hot path free of
// allocations (the function is synchronous and not re-entrant).
let placeholder = '';
function hit(end: number, mask: string): number {
  placeholder = mask;
  return end;
}

/** An IPv6 address needs "::" or six colons (with an IPv4 tail); most messages have neither. */
function mayHoldIpv6(s: string): boolean {
  let k = s.indexOf(':');
  if (k === -1) return false;
  if (s.includes('::', k)) return true;
  for (let colons = 1; colons < 6; colons++) {
    k = s.indexOf(':', k + 1);
    if (k === -1) return false;
  }
  return true;
}

/**
 * Masks the variable parts of a message (uuids, hex ids, IPs, emails, numbers, quoted
 * strings), collapses whitespace and caps the length, so that variants of one error group
 * under one pattern. Its rate on error messages: bench/aggregate.bench.ts.
 */
export function maskMessage(message: string): string {
  const s = message.length > MAX_INPUT_LENGTH ? message.slice(0, MAX_INPUT_LENGTH) : message;
  // Scanning only between the first and last non-space characters trims for free.
  let n = s.length;
  while (n > 0 && isSpace(s.charCodeAt(n - 1))) n--;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  const hasAt = s.includes('@');
  const hasIpv6 = mayHoldIpv6(s);
  let out = '';
  let from = i;
  let prev = -1;
  while (i < n) {
    const c = s.charCodeAt(i);
    let end = -1;
    if (isWord(c)) {
      if (isWord(prev)) {
        // Inside a word only a digit starts something ("user42" -> "user<num>").
        if (isDigit(c)) end = hit(matchNumber(s, i), '<num>');
      } else {
        end = matchWordStart(s, i, c, hasAt, hasIpv6);
        if (end === -1 && isDigit(c)) end = hit(matchNumber(s, i), '<num>');
      }
    } else if (c === 34) {
      end = hit(matchDoubleQuoted(s, i), '"<str>"');
    } else if (c === 39) {
      if (!isWord(prev) && prev !== 39) end = hit(matchSingleQuoted(s, i), '"<str>"');
    } else if (isSpace(c)) {
      let j = i + 1;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (j - i > 1 || c !== 32) end = hit(j, ' ');
    } else if (c === 58 && hasIpv6 && prev !== 58 && !isWord(prev)) {
      end = hit(matchIpv6(s, i), '<ip>');
    }
    if (end === -1) {
      prev = c;
      i++;
      continue;
    }
    out += s.slice(from, i);
    out += placeholder;
    from = i = end;
    prev = s.charCodeAt(end - 1);
    if (out.length > MAX_PATTERN_LENGTH) break;
  }
  if (from < i) out += s.slice(from, i);
  if (out.length <= MAX_PATTERN_LENGTH) return out;
  // Do not split a surrogate pair (the pattern is shown and sent as JSON) or end on a space.
  const last = out.charCodeAt(MAX_PATTERN_LENGTH - 1);
  return out.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_PATTERN_LENGTH - 1 : MAX_PATTERN_LENGTH).trimEnd();
}

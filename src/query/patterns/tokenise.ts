import { isUnicodeSpace } from '../../core/mask-message.js';

/** The placeholder for a variable part, in masked tokens and in templates. */
export const WILD = '<*>';

/** Tokens looked at per message; the rest of a longer message is ignored for grouping. */
export const MAX_TOKENS = 256;

// Raw tokens looked at per message: runs collapse, so MAX_TOKENS alone would not bound the work.
const MAX_RAW_TOKENS = 4 * MAX_TOKENS;

/** Characters of masked tokens kept per message: what the miner stores and caches is bounded. */
export const MAX_CHARS = 4096;

/** The raw text of a token that several raw tokens collapsed into (never shown in a template). */
export const SEVERAL = ' ';

// A token longer than this is an encoded blob or a runaway line, never a template word.
const MAX_TOKEN_LENGTH = 200;

/** One message cut into tokens: the masked forms grouping compares, and the raw text of each. */
export interface Tokens {
  masked: string[];
  raw: string[];
}

// Month and weekday names are the words of timestamps ("at Fri Jul 22 09:38:47 2005").
const DATE_WORDS = new Set(
  (
    'Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec January February March April June July August September ' +
    'October November December Mon Tue Wed Thu Fri Sat Sun Monday Tuesday Wednesday Thursday Friday Saturday Sunday'
  )
    .split(' ')
    .flatMap((w) => [w, w.toUpperCase()]),
);

// A number and its unit are one value: "12 ms" varies with "<1 sec" and "00:02" alike, and
// "384.0 B" with "4.1 KB" (sizes and amounts are written in whichever unit reads best).
const UNITS = new Set(
  (
    'ms us ns s sec secs second seconds min mins minutes h hr hrs hours B KB MB GB TB kB KiB MiB GiB TiB Kb Mb Gb ' +
    'USD EUR JPY GBP CNY CHF CAD AUD INR'
  ).split(' '),
);

const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
// Keys, fingerprints and tokens: long runs of the base64 alphabet with digits in them.
const BASE64 = /[A-Za-z0-9+/]{20,}={0,2}/g;
const HOST_PORT = /^(?:[\w-]+[.-])+[\w]+:\d{2,5}$|^localhost:\d{2,5}$/;
const EMAIL = /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/;
// IPv6 and MAC addresses: hex groups joined by colons ("2607:f140::8:fecd:467f", "5c:50:15:4c:18:13").
const HEX_GROUPS = /^[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){3,}$/;
// Three or more names joined by dots: a host, a package, a class or a job ("com.apple.cts.daily").
const DOTTED = /^[\w-]+(?:\.[\w-]+){2,}$/;
// A part in capitals is a constant the program named (android.intent.action.SCREEN_ON).
const CONSTANT_PART = /(?:^|\.)[A-Z][A-Z0-9]*_[A-Z0-9_]+(?:\.|$)/;

function isSpace(c: number): boolean {
  if (c <= 32) return true; // controls count as separators: binary junk must not glue tokens
  if (c < 0xa0) return c === 0x7f;
  return isUnicodeSpace(c);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c > 127;
}

/** A name a program chose: all capitals (GET, RUNNING) or one capital then lower case (Started). */
export const NAME = /^(?:[A-Z]{2,}|[A-Z][a-z]+)$/;

const OPENERS = '([{<"\'';
const CLOSERS = ')]}>"\',;:.!?';

/** Whether the token, bare of its brackets and punctuation, is a path or a URL. */
function isPathLike(core: string): boolean {
  if (core.includes('://')) return true;
  const c0 = core.charCodeAt(0);
  if (c0 === 47 && core.length > 1) return true; // "/var/log/x"
  if (c0 === 92 || (core.charCodeAt(1) === 58 && core.charCodeAt(2) === 92)) return true; // "\\srv", "C:\"
  // Two slashes, or one between dotted names ("com.example.app/.MainActivity").
  let slashes = 0;
  for (let i = 0; i < core.length; i++) if (core.charCodeAt(i) === 47) slashes++;
  return slashes >= 2 || (slashes === 1 && core.includes('.'));
}

/**
 * Masks the variable runs inside one token: every letters-and-digits run holding a digit
 * (with a sign, and the separators joining several such runs: IPs, versions, times), hex runs,
 * UUIDs and base64. What stays is the token's constant skeleton ("blk_<*>", "onExtend:<*>").
 */
function maskRuns(core: string): string {
  let s = core.length >= 36 && core.includes('-') ? core.replace(UUID, '0') : core;
  if (s.length >= 20) s = s.replace(BASE64, (run) => (/\d/.test(run) ? '0' : run));
  let out = '';
  let i = 0;
  let lastWild = false;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (!isAlnum(c)) {
      // A separator between two masked runs joins them into one value ("10.0.0.1:80").
      const next = s.charCodeAt(i + 1);
      if (lastWild && (c === 46 || c === 58 || c === 45 || c === 44 || c === 47) && isDigit(next)) {
        i++;
        continue;
      }
      // A minus sign glued to a number is part of it ("blk_-1608", "offset=-12").
      if (c === 45 && isDigit(next) && !isAlnum(s.charCodeAt(i - 1))) {
        i++;
        continue;
      }
      out += s[i];
      lastWild = false;
      i++;
      continue;
    }
    let j = i;
    let digits = 0;
    let hex = true;
    while (j < s.length && isAlnum(s.charCodeAt(j))) {
      const d = s.charCodeAt(j);
      if (isDigit(d)) digits++;
      else if (!isHex(d)) hex = false;
      j++;
    }
    // A word of its own with one trailing digit is a name (ssh2, SOCKS5, eth0, utf8), not a
    // value; inside a longer token ("MININT-FNANLI5") it is part of an id.
    const named =
      i === 0 &&
      j === s.length &&
      digits === 1 &&
      j >= 4 &&
      isDigit(s.charCodeAt(j - 1)) &&
      !hex &&
      lettersOnly(s, 0, j - 1);
    // Seven hex letters and no digit is an id too: hardly a word is spelt with a-f alone at that
    // length ("defaced"), while short hashes ("ebfeaef") are common.
    const hash = hex && digits === 0 && j - i >= 7;
    if ((digits > 0 && !named) || hash) {
      if (!lastWild) out += WILD;
      lastWild = true;
    } else {
      out += s.slice(i, j);
      lastWild = false;
    }
    i = j;
  }
  return out;
}

function lettersOnly(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isLetter(s.charCodeAt(k)) || s.charCodeAt(k) > 127) return false;
  return true;
}

/** Whether a masked token holds a letter outside its placeholders. */
function hasWord(masked: string): boolean {
  const parts = masked.split(WILD);
  // Numbers joined by one- or two-letter tags are one id (a rack position "R<*>-M<*>-NE-C:J<*>-U<*>").
  const minRun = parts.length > 3 ? 3 : 1;
  for (const part of parts) {
    let run = 0;
    for (let i = 0; i < part.length; i++) {
      run = isLetter(part.charCodeAt(i)) ? run + 1 : 0;
      if (run >= minRun) return true;
    }
  }
  return false;
}

/** The masked form of one raw token (see `tokenise`). */
export function maskToken(token: string): string {
  shape = WILD;
  if (token.length > MAX_TOKEN_LENGTH) return WILD;
  let a = 0;
  let b = token.length;
  while (a < b && OPENERS.includes(token[a] as string)) a++;
  while (b > a && CLOSERS.includes(token[b - 1] as string)) b--;
  const core = token.slice(a, b);
  if (core === '') {
    shape = token;
    return token;
  }
  let masked: string;
  if (
    isPathLike(core) ||
    HOST_PORT.test(core) ||
    (core.includes('@') && EMAIL.test(core)) ||
    DATE_WORDS.has(core) ||
    (core.includes(':') && HEX_GROUPS.test(core) && /\d/.test(core)) ||
    (core.includes('.') && DOTTED.test(core) && !CONSTANT_PART.test(core))
  ) {
    masked = WILD;
  } else {
    const eq = core.indexOf('=');
    // key=value: a quoted or dotted value (free text, a class or package name) is a value
    // whatever it holds; a plain word stays, as a state worth telling apart (`force=false`).
    const value = core.slice(eq + 1);
    const masksValue =
      eq > 0 &&
      (value.charCodeAt(0) === 34 || value.charCodeAt(0) === 39 || value.includes('.')) &&
      /^[\w.-]+$/.test(core.slice(0, eq));
    masked = masksValue ? `${maskRuns(core.slice(0, eq))}=${WILD}` : maskRuns(core);
  }
  if (masked === core) {
    shape = token;
    return token;
  }
  shape = token.slice(0, a) + masked + token.slice(b);
  return hasWord(masked) ? shape : WILD;
}

// The masked token with its brackets and punctuation, as `maskToken` last saw it: runs of
// masked tokens collapse only when these agree ("blk_<*> blk_<*>", not "<*> (<*>):").
let shape = '';

// A double-quoted string may hold spaces (a search term, a request line): it is one token, up
// to a bounded length so that a stray quote cannot swallow the message.
const MAX_QUOTED = 120;

function tokenEnd(s: string, i: number): number {
  const n = s.length;
  let j = i;
  let quotes = 0;
  let firstQuote = -1;
  for (; j < n; j++) {
    const c = s.charCodeAt(j);
    if (isSpace(c)) break;
    if (c === 34 && quotes++ === 0) firstQuote = j;
  }
  // An opening quote (`"GET /x HTTP/1.1"`, `tag="View Lock",`) runs to its closing quote.
  if (quotes % 2 === 1 && (firstQuote === i || s.charCodeAt(firstQuote - 1) === 61)) {
    const close = s.indexOf('"', j);
    if (close !== -1 && close - i <= MAX_QUOTED) {
      j = close + 1;
      while (j < n && !isSpace(s.charCodeAt(j))) j++;
    }
  }
  return j;
}

function hasSpace(token: string): boolean {
  for (let i = 0; i < token.length; i++) if (isSpace(token.charCodeAt(i))) return true;
  return false;
}

/**
 * A quoted string with spaces is one value (`"<*>"`: a search term, a free-text reason), or,
 * when its first word is a name, two tokens: the name and the rest as one value (a request
 * line or a query: `"GET` `<*>"`, `"SELECT` `<*>"`).
 */
function splitQuoted(token: string): [first: string, rest: string] {
  let end = 1;
  while (end < token.length && !isSpace(token.charCodeAt(end))) end++;
  return [token.slice(0, end), token.slice(end).trimStart()];
}

// Longest group of tokens a list repeats per item ("node-31 0x1fffffffe <ok>" is three).
const MAX_PERIOD = 4;

function sameBlock(masked: readonly string[], a: number, b: number, k: number): boolean {
  for (let x = 0; x < k; x++) if (masked[a + x] !== masked[b + x]) return false;
  return true;
}

/**
 * A list whose items are several tokens ("node-<*> <*> <ok> node-<*> <*> <ok> ...") keeps one
 * item, as a run of alike single tokens does: the template is the same however long the list.
 * Only blocks holding a masked value count, so repeated words ("very very") stay.
 */
function collapseRepeats(masked: string[], raw: string[]): void {
  for (let k = 2; k <= MAX_PERIOD; k++) {
    for (let i = 0; i + 2 * k <= masked.length; i++) {
      let hasValue = false;
      for (let x = 0; x < k; x++) if ((masked[i + x] as string).includes(WILD)) hasValue = true;
      if (!hasValue) continue;
      let end = i + k;
      while (end + k <= masked.length && sameBlock(masked, i, end, k)) end += k;
      if (end === i + k) continue;
      masked.splice(i + k, end - i - k);
      raw.splice(i + k, end - i - k);
      for (let x = 0; x < k; x++) raw[i + x] = SEVERAL;
    }
  }
}

/**
 * Cuts a message into whitespace-separated tokens (at most MAX_TOKENS; a quoted string with
 * spaces counts as one) and masks the obvious variables in each. A number followed by a unit
 * becomes one value, a run of alike masked tokens one token and a repeated block of tokens one
 * block, so lists and durations of any length keep a template's shape.
 */
export function tokenise(message: string): Tokens {
  const masked: string[] = [];
  const raw: string[] = [];
  const n = message.length;
  let prevShape = '';
  let looked = 0;
  let chars = 0;
  let i = 0;
  while (i < n && masked.length < MAX_TOKENS && looked++ < MAX_RAW_TOKENS && chars < MAX_CHARS) {
    while (i < n && isSpace(message.charCodeAt(i))) i++;
    if (i >= n) break;
    const j = tokenEnd(message, i);
    let token = message.slice(i, j);
    i = j;
    let m: string;
    if (token.charCodeAt(0) === 34 && hasSpace(token)) {
      const [first, rest] = splitQuoted(token);
      if (NAME.test(first.slice(1))) {
        masked.push(first);
        raw.push(first);
        token = rest;
        m = WILD + token.slice(token.lastIndexOf('"'));
      } else {
        m = `"${WILD}${token.slice(token.lastIndexOf('"'))}`;
      }
      shape = m;
    } else {
      m = maskToken(token);
    }
    const last = masked.length - 1;
    const prev = masked[last];
    if (prev !== undefined && prev.includes(WILD)) {
      let bare = token.length - 1;
      while (bare > 0 && CLOSERS.includes(token[bare] as string)) bare--;
      if (prev === WILD && UNITS.has(token.slice(0, bare + 1))) {
        raw[last] = SEVERAL;
        continue;
      }
      if (m === prev && shape === prevShape) {
        raw[last] = SEVERAL;
        continue;
      }
    }
    prevShape = shape;
    masked.push(m);
    raw.push(token.length > MAX_TOKEN_LENGTH ? SEVERAL : token);
    chars += m.length + 1;
  }
  // A quoted name and its value count as two tokens and may overshoot by one.
  if (masked.length > MAX_TOKENS) {
    masked.length = MAX_TOKENS;
    raw.length = MAX_TOKENS;
  }
  collapseRepeats(masked, raw);
  return { masked, raw };
}

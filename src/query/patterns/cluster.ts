import { NAME, SEVERAL, WILD } from './tokenise.js';

// A position that has held different tokens: the cluster learnt it is a variable. Distinct from
// WILD (a token masked before grouping), which still has to agree with the message's token.
export const LEARNT = '\u0000';

/** One template being learnt: its tokens, what it has seen, and where it lives. */
export interface Cluster {
  readonly id: string;
  /** Masked tokens; LEARNT where messages disagreed. */
  tokens: string[];
  /** The raw token every message had at a position, or null once they differed. */
  raw: (string | null)[];
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Order of last use, for eviction (times from callers need not be monotonic). */
  tick: number;
  /** The first token it is filed under: its own, or WILD when that is masked. */
  readonly first: string;
  /** Set once it is merged into another or evicted: lookups follow `into` or miss. */
  alive: boolean;
  into: Cluster | undefined;
  /** The template text, rebuilt only after the tokens change. */
  text: string | undefined;
}

// Below this many messages a constant raw token may still be a variable that repeated by chance.
const RAW_SHOWN_FROM = 3;

/** A new cluster holding one message. */
export function newCluster(
  id: string,
  first: string,
  masked: string[],
  raw: string[],
  timeMs: number,
  tick: number,
): Cluster {
  return {
    id,
    first,
    tokens: masked.slice(),
    raw: raw.slice(),
    count: 1,
    firstSeen: timeMs,
    lastSeen: timeMs,
    tick,
    alive: true,
    into: undefined,
    text: undefined,
  };
}

/**
 * How well a message fits a cluster: the share of positions whose words agree, or -1 when it
 * does not fit (lengths differ, or agreement below `threshold`). Positions where both hold the
 * same masked value say nothing about the template and are left out, so a message of numbers
 * and one word is judged by that word. A learnt variable agrees with nothing, as in Drain: a
 * cluster that has generalised much must match the rest exactly. From three words up, one word
 * may always differ, whatever the threshold; of two words, one differing is a different message
 * ("startAnimation begin", "startAnimation end").
 * Never fits when a word differs in a name (see `distinctNames`).
 */
export function similarity(tokens: readonly string[], masked: readonly string[], threshold: number): number {
  const n = tokens.length;
  if (n !== masked.length) return -1;
  let same = 0;
  let compared = 0;
  // More disagreements than this can never fit, whatever the rest holds.
  const hopeless = Math.max(1, n * (1 - threshold));
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as string;
    const m = masked[i] as string;
    if (t === m) {
      if (t.includes(WILD)) continue;
      same++;
    } else if (t !== LEARNT && (compared - same >= hopeless || distinctNames(t, m))) {
      return -1;
    }
    compared++;
  }
  if (compared === 0) return 1;
  const score = same / compared;
  return score >= threshold || (compared >= 3 && compared - same <= 1) ? score : -1;
}

// Lone values the alignment may step over, on both sides together.
const MAX_SKIPS = 4;

function compatible(t: string, m: string): boolean {
  return t === m || t === LEARNT || (t.includes(WILD) && m.includes(WILD) && !distinctNames(t, m));
}

/**
 * `similarity` for a message that fits a cluster only once lone masked values are allowed to
 * be absent on either side (an optional "(1.2 KB)", a list one item longer): the alignment may
 * step over a `<*>` token of the message, or a `<*>` or learnt variable of the cluster, when the
 * next token then agrees. Every other word must agree. -1 when it does not fit.
 */
export function alignedSimilarity(tokens: readonly string[], masked: readonly string[], threshold: number): number {
  let skips = MAX_SKIPS;
  let i = 0;
  let j = 0;
  let same = 0;
  let compared = 0;
  const canSkipTemplate = (k: number): boolean => tokens[k] === WILD || tokens[k] === LEARNT;
  while (i < masked.length && j < tokens.length) {
    const t = tokens[j] as string;
    const m = masked[i] as string;
    if (compatible(t, m)) {
      i++;
      j++;
      if (t === m && t.includes(WILD)) continue;
      if (t === m) same++;
      compared++;
      continue;
    }
    if (skips-- === 0) return -1;
    if (m === WILD && i + 1 < masked.length && compatible(t, masked[i + 1] as string)) i++;
    else if (canSkipTemplate(j) && j + 1 < tokens.length && compatible(tokens[j + 1] as string, m)) j++;
    else return -1;
  }
  for (; i < masked.length; i++) if (masked[i] !== WILD || skips-- <= 0) return -1;
  for (; j < tokens.length; j++) if (!canSkipTemplate(j) || skips-- <= 0) return -1;
  if (compared === 0) return -1;
  const score = same / compared;
  return score >= threshold ? score : -1;
}

/** Whether a token may hold a name: a capital letter, or a flag word. One pass, no allocation. */
function mayHoldName(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
    if (c === 116 && s.startsWith('true', i)) return true;
    if (c === 102 && s.startsWith('false', i)) return true;
  }
  return false;
}

// Mixed case (setData, NlpWakeLock) is not a NAME: it reads as an identifier, i.e. a value.
// A flag (true, false) names a state as much as RUNNING does: `expand=true` and
// `expand=false` report different things.
function isName(w: string): boolean {
  return NAME.test(w) || w === 'true' || w === 'false';
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The names among a token's runs of letters ("LOGIN(uid=<*>)" → LOGIN), placeholders aside. */
function names(s: string): string[] {
  const out: string[] = [];
  const bare = s.includes(WILD) ? s.replaceAll(WILD, ' ') : s;
  let i = 0;
  while (i < bare.length) {
    if (!isAsciiLetter(bare.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < bare.length && isAsciiLetter(bare.charCodeAt(j))) j++;
    const w = bare.slice(i, j);
    if (isName(w)) out.push(w);
    i = j;
  }
  return out;
}

/**
 * Whether two different tokens differ in a name. Names are what a program chose to print (GET
 * and POST, RUNNING and FAILED, SCREEN_ON, Started and Stopped, true and false): two of them in
 * one place mean two events (`(uid=<*>)` and `LOGIN(uid=<*>)` too), while values (users, hosts)
 * are rarely written that way. A masked value on either side is a value slot: names do not count.
 */
function distinctNames(a: string, b: string): boolean {
  if (a === WILD || b === WILD || (!mayHoldName(a) && !mayHoldName(b))) return false;
  const na = names(a);
  const nb = names(b);
  if (na.length !== nb.length) return true;
  for (let i = 0; i < na.length; i++) if (na[i] !== nb[i]) return true;
  return false;
}

/** Number of learnt variables, the tie-break between equally similar clusters. */
export function learntCount(tokens: readonly string[]): number {
  let k = 0;
  for (const t of tokens) if (t === LEARNT) k++;
  return k;
}

/** Folds a message into a cluster: positions that disagree become variables. */
export function absorb(
  c: Cluster,
  masked: readonly string[],
  raw: readonly string[],
  timeMs: number,
  tick: number,
): void {
  for (let i = 0; i < c.tokens.length; i++) {
    const t = c.tokens[i];
    if (t !== LEARNT && t !== masked[i]) {
      c.tokens[i] = LEARNT;
      c.text = undefined;
    }
    const r = c.raw[i];
    if (r !== null && r !== raw[i]) {
      c.raw[i] = null;
      c.text = undefined;
    }
  }
  touch(c, timeMs, tick);
}

/** Counts a message that fits without changing the template (its length differs by lone values). */
export function touch(c: Cluster, timeMs: number, tick: number): void {
  // The template shows constant raw tokens from RAW_SHOWN_FROM messages on.
  if (++c.count === RAW_SHOWN_FROM) c.text = undefined;
  if (timeMs > c.lastSeen) c.lastSeen = timeMs;
  if (timeMs < c.firstSeen) c.firstSeen = timeMs;
  c.tick = tick;
}

/** Folds cluster `b` into `a` (same length): counts add up, disagreeing positions generalise. */
export function mergeInto(a: Cluster, b: Cluster): void {
  for (let i = 0; i < a.tokens.length; i++) {
    if (a.tokens[i] !== b.tokens[i]) a.tokens[i] = LEARNT;
    if (a.raw[i] !== b.raw[i]) a.raw[i] = null;
  }
  a.count += b.count;
  a.text = undefined;
  a.firstSeen = Math.min(a.firstSeen, b.firstSeen);
  a.lastSeen = Math.max(a.lastSeen, b.lastSeen);
  a.tick = Math.max(a.tick, b.tick);
  a.text = undefined;
  b.alive = false;
  b.into = a;
}

/** The template text: learnt variables as <*>, and masked tokens that never varied shown as they are. */
export function templateText(c: Cluster): string {
  if (c.text !== undefined) return c.text;
  const parts: string[] = [];
  for (let i = 0; i < c.tokens.length; i++) {
    const t = c.tokens[i] as string;
    const r = c.raw[i];
    if (t === LEARNT) parts.push(WILD);
    else if (r !== null && r !== undefined && r !== SEVERAL && t !== r && c.count >= RAW_SHOWN_FROM) parts.push(r);
    else parts.push(t);
  }
  c.text = parts.join(' ');
  return c.text;
}

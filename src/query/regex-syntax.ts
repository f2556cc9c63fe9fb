/*
 * A small parser for the JavaScript regex syntax a filter may use, enough to judge its cost
 * (regex-safety.ts) and to rewrite it for the linear-time engine (re2-syntax.ts). It expects a
 * pattern that `new RegExp(pattern, 'u')` already accepted: Unicode mode is strict (no Annex B
 * leniency such as a bare `{` or `]`), which keeps this parser small.
 */

/** A parsed regex: alternatives of sequences of terms. */
export interface RegexAlt {
  type: 'alt';
  branches: RegexNode[][];
}

/** What a group is: captures, plain grouping or one of the four lookarounds. */
export type GroupKind = 'capture' | 'group' | 'lookahead' | 'negativeLookahead' | 'lookbehind' | 'negativeLookbehind';

/** One term of a parsed regex. `source` is the exact text it came from. */
export type RegexNode =
  | { type: 'atom'; source: string }
  | { type: 'assertion'; source: string }
  | { type: 'backreference'; source: string }
  | { type: 'group'; kind: GroupKind; open: string; body: RegexAlt }
  | { type: 'quantifier'; min: number; max: number; lazy: boolean; source: string; body: RegexNode };

const GROUP_OPENERS: readonly (readonly [string, GroupKind])[] = [
  ['(?:', 'group'],
  ['(?=', 'lookahead'],
  ['(?!', 'negativeLookahead'],
  ['(?<=', 'lookbehind'],
  ['(?<!', 'negativeLookbehind'],
];

/** Parses a pattern that `new RegExp(pattern, 'u')` accepts; throws a SyntaxError on anything else. */
export function parseRegex(pattern: string): RegexAlt {
  const p = new Parser(pattern);
  const alt = p.alternation();
  if (p.pos < pattern.length) throw new SyntaxError(`unexpected '${pattern[p.pos] ?? ''}' at ${p.pos}`);
  return alt;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  alternation(): RegexAlt {
    const branches: RegexNode[][] = [[]];
    while (this.pos < this.s.length && this.s[this.pos] !== ')') {
      if (this.s[this.pos] === '|') {
        this.pos++;
        branches.push([]);
        continue;
      }
      branches[branches.length - 1]?.push(this.quantified(this.term()));
    }
    return { type: 'alt', branches };
  }

  private term(): RegexNode {
    const s = this.s;
    const start = this.pos;
    const c = s[start];
    if (c === '(') return this.group();
    if (c === '[') return { type: 'atom', source: s.slice(start, (this.pos = classEnd(s, start))) };
    if (c === '^' || c === '$') return { type: 'assertion', source: s[this.pos++] ?? '' };
    if (c === '\\') return this.escape();
    if (c === '*' || c === '+' || c === '?' || c === '{') throw new SyntaxError(`nothing to repeat at ${start}`);
    this.pos += (s.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    return { type: 'atom', source: s.slice(start, this.pos) };
  }

  private group(): RegexNode {
    const s = this.s;
    let open = '(';
    let kind: GroupKind = 'capture';
    for (const [prefix, k] of GROUP_OPENERS) {
      if (s.startsWith(prefix, this.pos)) {
        open = prefix;
        kind = k;
        break;
      }
    }
    if (kind === 'capture' && s.startsWith('(?<', this.pos)) open = s.slice(this.pos, after(s, '>', this.pos));
    this.pos += open.length;
    const body = this.alternation();
    if (s[this.pos] !== ')') throw new SyntaxError('unterminated group');
    this.pos++;
    return { type: 'group', kind, open, body };
  }

  private escape(): RegexNode {
    const s = this.s;
    const start = this.pos;
    const c = s[start + 1] ?? '';
    if (/[1-9]/.test(c)) {
      this.pos = start + 2;
      while (/[0-9]/.test(s[this.pos] ?? '')) this.pos++;
      return { type: 'backreference', source: s.slice(start, this.pos) };
    }
    if (c === 'k') {
      this.pos = after(s, '>', start);
      return { type: 'backreference', source: s.slice(start, this.pos) };
    }
    if (c === 'b' || c === 'B') {
      this.pos = start + 2;
      return { type: 'assertion', source: s.slice(start, this.pos) };
    }
    if ((c === 'p' || c === 'P' || c === 'u') && s[start + 2] === '{') this.pos = after(s, '}', start);
    else if (c === 'u') this.pos = start + (isSurrogatePairEscape(s, start) ? 12 : 6);
    else if (c === 'x') this.pos = start + 4;
    else if (c === 'c') this.pos = start + 3;
    else this.pos = start + 1 + ((s.codePointAt(start + 1) ?? 0) > 0xffff ? 2 : 1);
    return { type: 'atom', source: s.slice(start, this.pos) };
  }

  private quantified(node: RegexNode): RegexNode {
    const s = this.s;
    const start = this.pos;
    let min: number;
    let max: number;
    const c = s[start];
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(start, start + 48));
      if (m === null) throw new SyntaxError(`bad quantifier at ${start}`);
      this.pos += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' || m[3] === undefined ? Infinity : Number(m[3]);
    } else {
      return node;
    }
    const lazy = s[this.pos] === '?';
    if (lazy) this.pos++;
    return { type: 'quantifier', min, max, lazy, source: s.slice(start, this.pos), body: node };
  }
}

/** Index just past the next `ch` from `from`; throws when there is none (the parser must always advance). */
export function after(s: string, ch: string, from: number): number {
  const i = s.indexOf(ch, from);
  if (i < 0) throw new SyntaxError(`missing '${ch}'`);
  return i + 1;
}

/** Index just past the `]` closing the class that opens at `start`. */
function classEnd(s: string, start: number): number {
  let i = start + 1;
  if (s[i] === '^') i++;
  for (; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ']') return i + 1;
  }
  throw new SyntaxError('unterminated character class');
}

/** `\uD83D\uDE00`: in Unicode mode a pair of `\u` escapes forms one code point. */
export function isSurrogatePairEscape(s: string, start: number): boolean {
  const hi = parseInt(s.slice(start + 2, start + 6), 16);
  if (!(hi >= 0xd800 && hi <= 0xdbff) || s.slice(start + 6, start + 8) !== '\\u') return false;
  const lo = parseInt(s.slice(start + 8, start + 12), 16);
  return lo >= 0xdc00 && lo <= 0xdfff;
}

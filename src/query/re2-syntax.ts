import type { RegexAlt, RegexNode } from './regex-syntax.js';
import { after, isSurrogatePairEscape } from './regex-syntax.js';

/*
 * JavaScript regex syntax (Unicode mode) rewritten for RE2, so that a filter means the same
 * in both engines. Most of the syntax is shared; what differs is rewritten here: `.` and `\s`
 * (RE2's are narrower), `\u` escapes, `\cX`, `\0`, `[^]`/`[]`, named groups. Backreferences and
 * lookarounds have no RE2 equivalent and throw. (re2js has an opt-in for lookbehinds, but it
 * disagreed with V8 on `(?<!^[^]*)a*?`, so it is not used.) One known difference remains: re2js
 * also tests `\B` between the two halves of a surrogate pair, so `\B` next to an emoji can match
 * where V8 does not; and case-insensitive JavaScript counts ſ (U+017F) and the Kelvin sign
 * (U+212A) as word characters for `\w` and `\b`, RE2 does not.
 */

/** What JavaScript's `\s` matches (WhiteSpace and LineTerminator). */
const JS_SPACE: readonly (readonly [number, number])[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

const hex = (c: number): string => `\\x{${c.toString(16)}}`;
const ranges = (rs: readonly (readonly [number, number])[]): string =>
  rs.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');

function complement(rs: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of rs) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  out.push([next, 0x10ffff]);
  return out;
}

const SPACE = ranges(JS_SPACE);
const NON_SPACE = ranges(complement(JS_SPACE));
/** JavaScript's `.` stops at all four line terminators, RE2's only at '\n'. */
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const ANY = '\\x{0}-\\x{10ffff}';
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };
const PROPERTY_PREFIX = /^(?:Script|sc|General_Category|gc)=/;

/** The RE2 form of a parsed JavaScript regex; throws an Error naming a construct RE2 lacks. */
export function toRe2Syntax(tree: RegexAlt): string {
  return tree.branches.map((b) => b.map(nodeToRe2).join('')).join('|');
}

function nodeToRe2(node: RegexNode): string {
  switch (node.type) {
    case 'assertion':
      return node.source;
    case 'backreference':
      throw new Error(`backreference ${node.source}`);
    case 'quantifier':
      return nodeToRe2(node.body) + node.source;
    case 'group': {
      if (node.kind !== 'capture' && node.kind !== 'group') throw new Error(`lookaround ${node.open}`);
      const open = node.kind === 'capture' && node.open.startsWith('(?<') ? `(?P<${node.open.slice(3)}` : node.open;
      return `${open}${toRe2Syntax(node.body)})`;
    }
    case 'atom':
      return atomToRe2(node.source);
  }
}

function atomToRe2(src: string): string {
  if (src === '.') return DOT;
  if (src.startsWith('[')) return classToRe2(src);
  if (!src.startsWith('\\')) return src;
  if (src === '\\s') return `[${SPACE}]`;
  if (src === '\\S') return `[${NON_SPACE}]`;
  return escapeToRe2(src, false);
}

/** An escape (not `\s`/`\S`) as RE2 writes it; `inClass` for the meaning of `\b` and `\-`. */
function escapeToRe2(src: string, inClass: boolean): string {
  const c = src[1] ?? '';
  const control = CONTROL_ESCAPES[c];
  if (control !== undefined) return hex(control);
  if (c === 'b' && inClass) return hex(8);
  if (c === 'c') return hex((src.charCodeAt(2) || 0) % 32);
  if (c === 'u' && src[2] === '{') return `\\x${src.slice(2)}`;
  if (c === 'u')
    return hex(
      isSurrogatePairEscape(src, 0)
        ? (String.fromCharCode(parseInt(src.slice(2, 6), 16), parseInt(src.slice(8, 12), 16)).codePointAt(0) ?? 0)
        : parseInt(src.slice(2, 6), 16),
    );
  if (c === 'x') return hex(parseInt(src.slice(2, 4), 16));
  if (c === 'p' || c === 'P') return `\\${c}{${src.slice(3, -1).replace(PROPERTY_PREFIX, '')}}`;
  return src; // \d \D \w \W \b \B and escaped punctuation mean the same in RE2
}

function classToRe2(src: string): string {
  const negated = src[1] === '^';
  const body = src.slice(negated ? 2 : 1, -1);
  if (body === '') return negated ? `[${ANY}]` : `[^${ANY}]`;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (ch !== '\\') {
      out += ch === '[' ? '\\[' : ch;
      continue;
    }
    const end = escapeEnd(body, i);
    const esc = body.slice(i, end);
    i = end - 1;
    out += esc === '\\s' ? SPACE : esc === '\\S' ? NON_SPACE : esc === '\\-' ? '\\-' : escapeToRe2(esc, true);
  }
  return `[${negated ? '^' : ''}${out}]`;
}

/** Index just past the escape that starts at `i` (inside a class). */
function escapeEnd(s: string, i: number): number {
  const c = s[i + 1] ?? '';
  if ((c === 'p' || c === 'P' || c === 'u') && s[i + 2] === '{') return after(s, '}', i);
  if (c === 'u') return i + (isSurrogatePairEscape(s, i) ? 12 : 6);
  if (c === 'x') return i + 4;
  if (c === 'c') return i + 3;
  return i + 1 + ((s.codePointAt(i + 1) ?? 0) > 0xffff ? 2 : 1);
}

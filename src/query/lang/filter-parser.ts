import { errorAt, STAGE_NAMES, type Comparator, type Expr, type QueryError } from './ast.js';

/*
 * The filter part of a query, parsed straight from the text: what a chunk means depends on how
 * it starts, so there is no separate token stream. Compatibility with the older language rules
 * the edge cases: a chunk that is not clearly a term of the new language is a bare word (a
 * regex), so `(a+)+$`, `timeout|refused`, `/api/users` and `ERROR:` mean what they always did.
 */

/** Nesting deeper than this (parentheses, NOT, -) is refused: the parser recurses. */
export const MAX_NESTING = 64;

const FIELD_HEAD = /[A-Za-z_@][\w.@-]*?(>=|<=|>|<|:)/y;
const SPACE = /\s/;

export type FilterParse = { ok: true; expr: Expr; end: number } | QueryError;

/** Parses the filter from the start of `text`; stops at the end or at the `|` that starts the pipeline (`end`). */
export function parseFilter(text: string): FilterParse {
  const p = new FilterParser(text);
  const r = p.or(text.length, 0);
  if (!isExpr(r)) return r;
  return { ok: true, expr: r, end: p.pos };
}

function isExpr(r: Expr | QueryError): r is Expr {
  return !('ok' in r);
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.test(ch);
}

/** True when a `|` at `i` starts the pipeline: alone, or glued to a stage name (`|stats`). */
export function isPipeAt(text: string, i: number): boolean {
  if (text[i] !== '|') return false;
  if (i > 0 && !isSpace(text[i - 1])) return false;
  const next = text[i + 1];
  if (next === undefined || isSpace(next)) return true;
  return STAGE_NAMES.some(
    (name) =>
      text.startsWith(name, i + 1) && (i + 1 + name.length === text.length || isSpace(text[i + 1 + name.length])),
  );
}

class FilterParser {
  pos = 0;
  constructor(private readonly text: string) {}

  private skipSpace(end: number): void {
    while (this.pos < end && isSpace(this.text[this.pos])) this.pos++;
  }

  /** The chunk (up to whitespace or `end`) at the current position, without consuming it. */
  private chunkEnd(from: number, end: number): number {
    let i = from;
    while (i < end && !isSpace(this.text[i])) i++;
    return i;
  }

  private atKeyword(word: string, end: number): boolean {
    return this.text.startsWith(word, this.pos) && this.chunkEnd(this.pos, end) === this.pos + word.length;
  }

  or(end: number, depth: number): Expr | QueryError {
    if (depth > MAX_NESTING) return errorAt(this.pos, `expected fewer than ${MAX_NESTING} levels of nesting`);
    const terms: Expr[] = [];
    let orAt = -1;
    for (;;) {
      this.skipSpace(end);
      if (this.atKeyword('OR', end)) return errorAt(this.pos, 'expected a term before OR');
      const and = this.and(end, depth);
      if (!isExpr(and)) return and;
      if (and.kind === 'all' && terms.length > 0) return errorAt(orAt, 'expected a term after OR');
      terms.push(and);
      this.skipSpace(end);
      if (!this.atKeyword('OR', end)) break;
      orAt = this.pos;
      this.pos += 2;
    }
    return terms.length === 1 ? terms[0]! : { kind: 'or', terms };
  }

  private and(end: number, depth: number): Expr | QueryError {
    const terms: Expr[] = [];
    for (;;) {
      this.skipSpace(end);
      if (this.pos >= end || isPipeAt(this.text, this.pos) || this.atKeyword('OR', end)) break;
      if (this.atKeyword('AND', end)) {
        const at = this.pos;
        this.pos += 3;
        this.skipSpace(end);
        if (this.pos >= end || isPipeAt(this.text, this.pos) || this.atKeyword('OR', end) || terms.length === 0)
          return errorAt(at, 'expected a term on both sides of AND');
        continue;
      }
      const term = this.unary(end, depth);
      if (!isExpr(term)) return term;
      terms.push(term);
    }
    if (terms.length === 0) return { kind: 'all' };
    return terms.length === 1 ? terms[0]! : { kind: 'and', terms };
  }

  private unary(end: number, depth: number): Expr | QueryError {
    if (depth > MAX_NESTING) return errorAt(this.pos, `expected fewer than ${MAX_NESTING} levels of nesting`);
    const start = this.pos;
    if (this.atKeyword('NOT', end)) {
      this.pos += 3;
      this.skipSpace(end);
      if (this.pos >= end || isPipeAt(this.text, this.pos) || this.atKeyword('OR', end) || this.atKeyword('AND', end))
        return errorAt(start, 'expected a term after NOT');
      const term = this.unary(end, depth + 1);
      return isExpr(term) ? { kind: 'not', term, dash: false } : term;
    }
    if (this.text[start] === '-' && start + 1 < end && !isSpace(this.text[start + 1])) {
      this.pos++;
      const term = this.unary(end, depth + 1);
      return isExpr(term) ? { kind: 'not', term, dash: true } : term;
    }
    return this.primary(end, depth);
  }

  private primary(end: number, depth: number): Expr | QueryError {
    const start = this.pos;
    const ch = this.text[start];
    if (ch === '(') {
      const close = this.matchingParen(start, end);
      if (close !== undefined) {
        this.pos = start + 1;
        const inner = this.or(close, depth + 1);
        if (!isExpr(inner)) return inner;
        this.skipSpace(close);
        if (this.pos !== close) return errorAt(this.pos, 'expected ) to close the group');
        if (inner.kind === 'all') return errorAt(start, 'expected a term inside ( )');
        this.pos = close + 1;
        return inner;
      }
    }
    if (ch === '"') {
      const q = this.quoted(start, end);
      if ('ok' in q) return q;
      this.pos = q.next;
      return { kind: 'phrase', text: q.value };
    }
    const chunkEnd = this.chunkEnd(start, end);
    const chunk = this.text.slice(start, chunkEnd);
    if (chunk.length >= 3 && chunk.startsWith('/') && chunk.endsWith('/') && !escaped(chunk, chunk.length - 1)) {
      this.pos = chunkEnd;
      return { kind: 'regex', source: chunk.slice(1, -1), at: start };
    }
    const field = this.fieldTerm(start, end);
    if (field !== undefined) return field;
    this.pos = chunkEnd;
    return { kind: 'word', text: chunk, at: start };
  }

  /** `name:value`, `name>=value`, `name:[a TO b]`; undefined when the chunk is not one (then it is a bare word). */
  private fieldTerm(start: number, end: number): Expr | QueryError | undefined {
    FIELD_HEAD.lastIndex = start;
    const m = FIELD_HEAD.exec(this.text);
    if (m === null || FIELD_HEAD.lastIndex > end) return undefined;
    const op = m[1] as ':' | Comparator;
    const field = m[0].slice(0, -op.length);
    const v = FIELD_HEAD.lastIndex;
    const first = this.text[v];
    // `ERROR:` or `latency>` followed by nothing: a bare word, as before.
    if (v >= end || isSpace(first)) return undefined;
    if (first === '"') {
      const q = this.quoted(v, end);
      if ('ok' in q) return q;
      this.pos = q.next;
      return op === ':'
        ? { kind: 'match', field, value: q.value, quoted: true, at: start }
        : { kind: 'compare', field, op, value: q.value, at: start };
    }
    if (op === ':' && (first === '[' || first === '{')) return this.range(field, start, v, end);
    const valueEnd = this.chunkEnd(v, end);
    this.pos = valueEnd;
    const value = this.text.slice(v, valueEnd);
    return op === ':'
      ? { kind: 'match', field, value, quoted: false, at: start }
      : { kind: 'compare', field, op, value, at: start };
  }

  private range(field: string, start: number, open: number, end: number): Expr | QueryError {
    this.pos = open + 1;
    this.skipSpace(end);
    const lowAt = this.pos;
    while (this.pos < end && !isSpace(this.text[this.pos])) this.pos++;
    const low = this.text.slice(lowAt, this.pos);
    this.skipSpace(end);
    if (low === '' || !this.atKeyword('TO', end))
      return errorAt(this.pos, `expected "low TO high" in the range of ${field}`);
    this.pos += 2;
    this.skipSpace(end);
    const highAt = this.pos;
    while (
      this.pos < end &&
      !isSpace(this.text[this.pos]) &&
      this.text[this.pos] !== ']' &&
      this.text[this.pos] !== '}'
    )
      this.pos++;
    const high = this.text.slice(highAt, this.pos);
    this.skipSpace(end);
    const close = this.text[this.pos];
    if (high === '') return errorAt(this.pos, `expected the upper end of the range of ${field}`);
    if (this.pos >= end || (close !== ']' && close !== '}'))
      return errorAt(this.pos, `expected ] or } to close the range of ${field}`);
    this.pos++;
    return {
      kind: 'range',
      field,
      low,
      high,
      lowInclusive: this.text[open] === '[',
      highInclusive: close === ']',
      at: start,
    };
  }

  /** A `"..."` string at `at` (`\"` and `\\` escaped). */
  private quoted(at: number, end: number): { value: string; next: number } | QueryError {
    let value = '';
    for (let i = at + 1; i < end; i++) {
      const c = this.text[i]!;
      if (c === '"') return { value, next: i + 1 };
      if (c === '\\' && (this.text[i + 1] === '"' || this.text[i + 1] === '\\') && i + 1 < end) {
        value += this.text[i + 1];
        i++;
      } else value += c;
    }
    return errorAt(at, 'expected a closing quote (")');
  }

  /**
   * The `)` that closes the `(` at `open`, when it ends a chunk; undefined otherwise, and then
   * the chunk is a bare word (the regex `(a+)+$`).
   */
  private matchingParen(open: number, end: number): number | undefined {
    let depth = 0;
    let inQuote = false;
    for (let i = open; i < end; i++) {
      const c = this.text[i];
      if (inQuote) {
        if (c === '\\') i++;
        else if (c === '"') inQuote = false;
      } else if (c === '"') inQuote = true;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        const after = this.text[i + 1];
        return i + 1 >= end || isSpace(after) || after === ')' ? i : undefined;
      }
    }
    return undefined;
  }
}

/** True when the character at `i` is preceded by an odd number of backslashes. */
function escaped(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

import { errorAt, STAGE_NAMES, type Aggregate, type QueryError, type Stage } from './ast.js';

/*
 * The stages after `|`: `stats count(), p99(latency_ms) as slow by service`, `top 5 service`,
 * `sort -count`, `head 10`, `timechart span=10s count() by level`, `patterns`.
 */

interface Token {
  kind: 'word' | 'num' | 'sym';
  text: string;
  at: number;
}

const WORD = /[A-Za-z_@][\w.@-]*/y;
const NUMBER = /\d+(?:\.\d+)?[A-Za-z]*/y;
const SYMBOLS = '|(),=-';
const SPAN = /^(\d{1,9})(ms|s|m|h|d)$/;
const SPAN_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const QUANTILE = /^p(\d{1,2}(?:\.\d{1,3})?|100)$/;
const SIMPLE_AGGS = ['count', 'sum', 'avg', 'min', 'max', 'distinct'] as const;
/** Rows `top` and `head` give when no number is written. */
export const DEFAULT_ROWS = 10;
/** Largest N of `top N` and `head N`. */
export const MAX_ROWS = 1_000_000;

function tokenize(text: string, from: number): Token[] | QueryError {
  const out: Token[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let m: RegExpExecArray | null = null;
    for (const [kind, re] of [
      ['word', WORD],
      ['num', NUMBER],
    ] as const) {
      re.lastIndex = i;
      m = re.exec(text);
      if (m !== null) {
        out.push({ kind, text: m[0], at: i });
        i += m[0].length;
        break;
      }
    }
    if (m !== null) continue;
    if (!SYMBOLS.includes(c))
      return errorAt(i, `expected a name, a number or one of | ( ) , = - in the pipeline, not "${c}"`);
    out.push({ kind: 'sym', text: c, at: i });
    i++;
  }
  return out;
}

/** Parses the stages of `text` from the `|` at `from`. */
export function parseStages(text: string, from: number): Stage[] | QueryError {
  const tokens = tokenize(text, from);
  if (!Array.isArray(tokens)) return tokens;
  return new StageParser(tokens, text.length).stages();
}

class StageParser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly textEnd: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private at(): number {
    return this.peek()?.at ?? this.textEnd;
  }

  private isSym(s: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'sym' && t.text === s;
  }

  private isWord(w?: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'word' && (w === undefined || t.text === w);
  }

  private word(): string | undefined {
    return this.isWord() ? this.tokens[this.i++]!.text : undefined;
  }

  stages(): Stage[] | QueryError {
    const out: Stage[] = [];
    while (this.peek() !== undefined) {
      if (!this.isSym('|')) return errorAt(this.at(), 'expected "|" before the next stage');
      this.i++;
      const at = this.at();
      const name = this.word();
      if (name === undefined || !(STAGE_NAMES as readonly string[]).includes(name))
        return errorAt(at, `expected a stage after "|" (${STAGE_NAMES.join(', ')})`);
      const stage = this.stage(name, at);
      if ('ok' in stage) return stage;
      if (this.peek() !== undefined && !this.isSym('|'))
        return errorAt(this.at(), `expected "|" or the end after the ${name} stage`);
      out.push(stage);
    }
    return out;
  }

  private stage(name: string, at: number): Stage | QueryError {
    switch (name) {
      case 'stats': {
        const aggs = this.aggregates(name);
        if (!Array.isArray(aggs)) return aggs;
        if (aggs.length === 0)
          return errorAt(
            this.at(),
            'expected an aggregation after "stats" (count, sum(f), avg(f), min(f), max(f), p99(f), distinct(f))',
          );
        const by = this.by();
        return Array.isArray(by) ? { kind: 'stats', aggs, by, at } : by;
      }
      case 'timechart': {
        let span = '1m';
        if (this.isWord('span')) {
          this.i++;
          if (!this.isSym('=')) return errorAt(this.at(), 'expected "=" after span');
          this.i++;
          const t = this.peek();
          if (t === undefined || t.kind !== 'num' || !SPAN.test(t.text))
            return errorAt(this.at(), 'expected a span like 10s, 500ms, 5m, 1h or 1d');
          span = t.text;
          this.i++;
        }
        const m = SPAN.exec(span)!;
        const spanMs = Number(m[1]) * SPAN_MS[m[2]!]!;
        if (spanMs <= 0) return errorAt(this.at(), 'expected a span above zero');
        const aggs = this.aggregates(name);
        if (!Array.isArray(aggs)) return aggs;
        if (aggs.length === 0) aggs.push({ fn: 'count', field: undefined, name: 'count' });
        const by = this.by();
        return Array.isArray(by) ? { kind: 'timechart', span, spanMs, aggs, by, at } : by;
      }
      case 'top': {
        const n = this.count(name);
        if (typeof n !== 'number') return n;
        const field = this.word();
        if (field === undefined) return errorAt(this.at(), 'expected a field name after "top"');
        return { kind: 'top', n, field, at };
      }
      case 'head': {
        const n = this.count(name);
        return typeof n === 'number' ? { kind: 'head', n, at } : n;
      }
      case 'sort':
        return this.sort(at);
      default:
        return { kind: 'patterns', at };
    }
  }

  private count(stage: string): number | QueryError {
    const t = this.peek();
    if (t === undefined || t.kind !== 'num') return DEFAULT_ROWS;
    const n = Number(t.text);
    if (!/^\d+$/.test(t.text) || n < 1 || n > MAX_ROWS)
      return errorAt(t.at, `expected a whole number from 1 to ${MAX_ROWS} after "${stage}"`);
    this.i++;
    return n;
  }

  private aggregates(stage: string): Aggregate[] | QueryError {
    const out: Aggregate[] = [];
    while (this.isWord() && !this.isWord('by')) {
      const agg = this.aggregate();
      if ('ok' in agg) return agg;
      out.push(agg);
      if (!this.isSym(',')) break;
      this.i++;
      if (!this.isWord() || this.isWord('by'))
        return errorAt(this.at(), `expected an aggregation after "," in ${stage}`);
    }
    return out;
  }

  private aggregate(): Aggregate | QueryError {
    const at = this.at();
    const fnName = this.word()!;
    const q = QUANTILE.exec(fnName);
    if (!(SIMPLE_AGGS as readonly string[]).includes(fnName) && q === null) {
      return errorAt(
        at,
        `expected an aggregation (count, sum(f), avg(f), min(f), max(f), p50(f), p90(f), p99(f), distinct(f)), not "${fnName}"`,
      );
    }
    let field: string | undefined;
    if (this.isSym('(')) {
      this.i++;
      field = this.word();
      if (!this.isSym(')'))
        return errorAt(
          this.at(),
          field === undefined
            ? `expected a field name or ")" after "${fnName}("`
            : `expected ")" after "${fnName}(${field}"`,
        );
      this.i++;
    }
    if (fnName !== 'count' && field === undefined)
      return errorAt(this.at(), `expected a field in parentheses after "${fnName}", as in ${fnName}(latency_ms)`);
    let name = field === undefined ? fnName : `${fnName}(${field})`;
    if (this.isWord('as')) {
      this.i++;
      const alias = this.word();
      if (alias === undefined) return errorAt(this.at(), 'expected a column name after "as"');
      name = alias;
    }
    const fn = q !== null ? 'quantile' : (fnName as Aggregate['fn']);
    return q !== null ? { fn, field, q: Number(q[1]) / 100, name } : { fn, field, name };
  }

  private by(): string[] | QueryError {
    if (!this.isWord('by')) return [];
    this.i++;
    const out: string[] = [];
    for (;;) {
      const f = this.word();
      if (f === undefined)
        return errorAt(
          this.at(),
          out.length === 0 ? 'expected a field name after "by"' : 'expected a field name after ","',
        );
      out.push(f);
      if (!this.isSym(',')) return out;
      this.i++;
    }
  }

  private sort(at: number): Stage | QueryError {
    const keys: { column: string; desc: boolean; at: number }[] = [];
    for (;;) {
      const keyAt = this.at();
      const desc = this.isSym('-');
      if (desc) this.i++;
      let column = this.word();
      if (column === undefined)
        return errorAt(
          this.at(),
          keys.length === 0 ? 'expected a column name after "sort"' : 'expected a column name after ","',
        );
      // `p99(latency_ms)` names a column as written; `count()` is the column `count`.
      if (this.isSym('(')) {
        this.i++;
        const field = this.word();
        if (!this.isSym(')')) return errorAt(this.at(), `expected ")" in the column name "${column}(..."`);
        this.i++;
        if (field !== undefined) column = `${column}(${field})`;
      }
      keys.push({ column, desc, at: keyAt });
      if (!this.isSym(',')) return { kind: 'sort', keys, at };
      this.i++;
    }
  }
}

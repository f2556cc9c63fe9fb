import type { Aggregate, Expr, Query, Stage } from './ast.js';

/** The text of a query, which parses back to the same tree (positions aside). */
export function printQuery(q: Query): string {
  const filter = printExpr(q.filter);
  const stages = q.stages.map((s) => `| ${printStage(s)}`).join(' ');
  return filter === '' ? stages : stages === '' ? filter : `${filter} ${stages}`;
}

/** `"text"` with `"` and `\` escaped. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'all':
      return '';
    case 'and':
      return e.terms.map((t) => (t.kind === 'and' || t.kind === 'or' ? `(${printExpr(t)})` : printExpr(t))).join(' ');
    case 'or':
      return e.terms.map((t) => (t.kind === 'or' ? `(${printExpr(t)})` : printExpr(t))).join(' OR ');
    case 'not': {
      const inner = e.term.kind === 'and' || e.term.kind === 'or' ? `(${printExpr(e.term)})` : printExpr(e.term);
      return e.dash ? `-${inner}` : `NOT ${inner}`;
    }
    case 'word':
      return e.text;
    case 'regex':
      return `/${e.source}/`;
    case 'phrase':
      return quote(e.text);
    case 'match':
      return `${e.field}:${e.quoted ? quote(e.value) : e.value}`;
    case 'compare':
      return `${e.field}${e.op}${e.value}`;
    case 'range':
      return `${e.field}:${e.lowInclusive ? '[' : '{'}${e.low} TO ${e.high}${e.highInclusive ? ']' : '}'}`;
  }
}

function printAggs(aggs: Aggregate[]): string {
  return aggs
    .map((a) => {
      const fn = a.fn === 'quantile' ? `p${Math.round((a.q ?? 0) * 100_000) / 1000}` : a.fn;
      const written = a.field === undefined ? fn : `${fn}(${a.field})`;
      return written === a.name ? written : `${written} as ${a.name}`;
    })
    .join(', ');
}

function printBy(by: string[]): string {
  return by.length === 0 ? '' : ` by ${by.join(', ')}`;
}

export function printStage(s: Stage): string {
  switch (s.kind) {
    case 'stats':
      return `stats ${printAggs(s.aggs)}${printBy(s.by)}`;
    case 'timechart':
      return `timechart span=${s.span} ${printAggs(s.aggs)}${printBy(s.by)}`;
    case 'top':
      return `top ${s.n} ${s.field}`;
    case 'head':
      return `head ${s.n}`;
    case 'sort':
      return `sort ${s.keys.map((k) => `${k.desc ? '-' : ''}${k.column}`).join(', ')}`;
    case 'patterns':
      return 'patterns';
  }
}

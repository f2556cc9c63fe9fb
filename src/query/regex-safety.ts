import type { RegexAlt, RegexNode } from './regex-syntax.js';
import { parseRegex } from './regex-syntax.js';

/*
 * Whether the native (backtracking) RegExp engine can run a pattern in time linear in the
 * subject. The check is syntactic and conservative: "safe" must be provable from a few rules;
 * anything else goes to the linear-time engine (slower, never catastrophic). On V8, `(a+)+$`
 * is exponential and even a single quantifier followed by more pattern (`.*x`, `\d+$`) is
 * quadratic in the line: over 10,000 buffered lines, minutes (bench/filter.bench.ts).
 *
 * The rules, per top-level alternative (each is tried at every start position):
 * - no backreferences (they make matching NP-hard in general);
 * - a repeated group (`(...)+`, `(...){2}`) holds no variable quantifier and no alternation
 *   (`(a+)+`, `(a|aa)*`, `(a?){20}` are exponential);
 * - an unbounded quantifier (`*`, `+`, `{n,}`, or a range wider than WIDE_RANGE) may appear only
 *   in tail position (nothing after it; it then succeeds at once) with a minimum of 0 or 1, or
 *   once in an alternative anchored with `^` (only position 0 is tried);
 * - no unbounded quantifier inside a lookaround (it is evaluated at every position);
 * - the product of choices (alternatives, widths of bounded ranges such as `?`, `{1,3}`) stays
 *   under MAX_CHOICES and the expanded width under MAX_WIDTH, so each start position costs a
 *   bounded number of steps.
 */

const WIDE_RANGE = 64;
const MAX_CHOICES = 1024;
const MAX_WIDTH = 512;

/** The verdict on one pattern. */
export interface RegexSafety {
  /** True when the native engine provably runs in linear time on this pattern. */
  nativeSafe: boolean;
  /** Why it is not provably safe (empty when safe). */
  reason: string;
  /** A feature only a backtracking engine has (`backreference \1`, `lookahead (?=`), if used. */
  backtrackingFeature: string | undefined;
}

/** Judges a pattern that `new RegExp(pattern, 'u')` accepts (see the rules above). Never throws. */
export function checkRegexSafety(pattern: string): RegexSafety {
  let tree: RegexAlt;
  try {
    tree = parseRegex(pattern);
  } catch (err) {
    return {
      nativeSafe: false,
      reason: `not understood: ${err instanceof Error ? err.message : String(err)}`,
      backtrackingFeature: undefined,
    };
  }
  const feature = findBacktrackingFeature(tree);
  const cost = new Cost();
  for (const branch of tree.branches) {
    const anchored = branch[0]?.type === 'assertion' && branch[0].source === '^';
    cost.unboundedAllowed = anchored ? 1 : 0;
    cost.sequence(branch, true);
  }
  cost.choices *= tree.branches.length;
  if (cost.reason === '' && cost.choices > MAX_CHOICES) cost.reason = `too many alternatives to try (${cost.choices})`;
  if (cost.reason === '' && cost.width > MAX_WIDTH)
    cost.reason = `pattern too long for backtracking (${cost.width} steps per position)`;
  return { nativeSafe: cost.reason === '', reason: cost.reason, backtrackingFeature: feature };
}

class Cost {
  reason = '';
  choices = 1;
  width = 0;
  /** Non-tail unbounded quantifiers the current top-level alternative may still use. */
  unboundedAllowed = 0;

  fail(reason: string): void {
    if (this.reason === '') this.reason = reason;
  }

  sequence(nodes: readonly RegexNode[], tail: boolean, inLookaround = false): void {
    nodes.forEach((node, i) => this.node(node, tail && i === nodes.length - 1, inLookaround));
  }

  private node(node: RegexNode, tail: boolean, inLookaround: boolean): void {
    switch (node.type) {
      case 'atom':
        this.width++;
        return;
      case 'assertion':
        return;
      case 'backreference':
        this.fail(`backreference ${node.source}`);
        return;
      case 'group': {
        const look = node.kind !== 'capture' && node.kind !== 'group';
        if (node.body.branches.length > 1) this.choices *= node.body.branches.length;
        for (const branch of node.body.branches) this.sequence(branch, tail && !look, inLookaround || look);
        return;
      }
      case 'quantifier':
        this.quantifier(node, tail, inLookaround);
    }
  }

  private quantifier(q: Extract<RegexNode, { type: 'quantifier' }>, tail: boolean, inLookaround: boolean): void {
    const unbounded = q.max - q.min > WIDE_RANGE;
    if (q.max > 1 && hasVariablePart(q.body)) this.fail(`nested quantifier ${describe(q)}`);
    if (unbounded) {
      if (inLookaround) this.fail(`unbounded quantifier ${q.source} inside a lookaround`);
      else if (!(tail && q.min <= 1)) {
        if (this.unboundedAllowed > 0) this.unboundedAllowed--;
        else
          this.fail(
            tail ? `quantifier ${q.source} with a minimum above 1` : `quantifier ${q.source} followed by more pattern`,
          );
      }
    } else if (q.max > q.min) {
      this.choices *= q.max - q.min + 1;
    }
    const before = this.width;
    this.sequence([q.body], false, inLookaround);
    const bodyWidth = this.width - before;
    this.width = before + bodyWidth * Math.max(1, unbounded ? q.min : q.max);
  }
}

/** Whether a repeated body could match in more than one way: a variable quantifier or an alternation. */
function hasVariablePart(node: RegexNode): boolean {
  if (node.type === 'quantifier') return node.max !== node.min || hasVariablePart(node.body);
  if (node.type !== 'group') return false;
  return node.body.branches.length > 1 || node.body.branches.some((b) => b.some(hasVariablePart));
}

function describe(q: Extract<RegexNode, { type: 'quantifier' }>): string {
  return q.body.type === 'group'
    ? `${q.body.open}…)${q.source}`
    : `${q.body.type === 'atom' ? q.body.source : '…'}${q.source}`;
}

/** The first backreference or lookaround in a pattern: what the linear-time engine cannot do. */
function findBacktrackingFeature(tree: RegexAlt): string | undefined {
  for (const branch of tree.branches) {
    for (const node of branch) {
      const found = featureIn(node);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function featureIn(node: RegexNode): string | undefined {
  if (node.type === 'backreference') return `backreference ${node.source}`;
  if (node.type === 'quantifier') return featureIn(node.body);
  if (node.type !== 'group') return undefined;
  if (node.kind !== 'capture' && node.kind !== 'group')
    return `${node.kind.replace(/[A-Z]/g, (c) => ' ' + c.toLowerCase())} ${node.open}`;
  return findBacktrackingFeature(node.body);
}

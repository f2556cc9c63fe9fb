import { RE2JS } from 're2js';
import { toRe2Syntax } from './re2-syntax.js';
import { checkRegexSafety } from './regex-safety.js';
import { parseRegex } from './regex-syntax.js';

/*
 * A user's regex (a filter, a search, a highlight rule from the config file) must never freeze
 * the view, whatever the logs hold. Patterns the native engine provably runs in linear time
 * (regex-safety.ts) use native RegExp; the rest run on re2js, a pure-JS port of RE2 (linear
 * time, no backtracking). Patterns that need backreferences or lookarounds and are not provably
 * safe are refused. (filter.ts says how the two engines compare.)
 */

/** Which engine runs a compiled pattern. */
export type PatternEngine = 'native' | 're2';

/** A start and end (UTF-16 indexes, end excluded) of a match. */
export type MatchRange = readonly [start: number, end: number];

/** A compiled pattern: the same questions, whichever engine answers them. */
export interface TextPattern {
  readonly engine: PatternEngine;
  /** True when the pattern matches somewhere in `text`. */
  test(text: string): boolean;
  /** The first `limit` non-empty matches in `text`, left to right, without overlaps. */
  ranges(text: string, limit: number): MatchRange[];
}

/** The result of compiling a pattern: the pattern, or a one-line reason it is refused. */
export type CompiledPattern = { ok: true; pattern: TextPattern } | { ok: false; error: string };

/**
 * Largest RE2 program accepted. RE2's time is linear in the subject but also proportional to
 * the program (`\p{L}{1000}` is 1,002 instructions), and the pattern runs on every log.
 */
const MAX_RE2_PROGRAM = 400;

/** Longer patterns are refused before any work: compiling a very long one is slow in itself. */
export const MAX_PATTERN_CHARS = 1000;

/** Compiles JavaScript regex syntax (Unicode mode) on the engine that runs it in linear time. Never throws. */
export function compileTextPattern(text: string, opts: { ignoreCase?: boolean } = {}): CompiledPattern {
  const ignoreCase = opts.ignoreCase === true;
  if (text.length > MAX_PATTERN_CHARS)
    return { ok: false, error: `pattern too long (${text.length} characters, at most ${MAX_PATTERN_CHARS})` };
  let native: RegExp;
  try {
    native = new RegExp(text, ignoreCase ? 'iu' : 'u');
  } catch (err) {
    return { ok: false, error: oneLine(err).replace(/^Invalid regular expression: /, '') };
  }
  const safety = checkRegexSafety(text);
  if (safety.nativeSafe) return { ok: true, pattern: nativePattern(native) };
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(toRe2Syntax(parseRegex(text)), ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    if (safety.backtrackingFeature !== undefined) {
      const why = safety.reason === safety.backtrackingFeature ? '' : ` (and ${safety.reason})`;
      return {
        ok: false,
        error: `pattern needs backtracking features that could freeze the view: ${safety.backtrackingFeature}${why}`,
      };
    }
    return {
      ok: false,
      error: `pattern could freeze the view (${safety.reason}) and the linear-time engine cannot run it: ${oneLine(err).replace(/^error parsing regexp: /, '')}`,
    };
  }
  if (re2.programSize() > MAX_RE2_PROGRAM) {
    return {
      ok: false,
      error: `pattern too large to run on every log (${re2.programSize()} steps, at most ${MAX_RE2_PROGRAM})`,
    };
  }
  return { ok: true, pattern: re2Pattern(re2) };
}

/** A native RegExp as a TextPattern; only for patterns that run in linear time (see checkRegexSafety). */
export function nativePattern(regex: RegExp): TextPattern {
  const once = new RegExp(regex.source, regex.flags.replace(/[gy]/g, ''));
  const all = new RegExp(regex.source, `${once.flags}g`);
  return {
    engine: 'native',
    test: (text) => once.test(text),
    ranges(text, limit) {
      const out: MatchRange[] = [];
      all.lastIndex = 0;
      for (let m = all.exec(text); m !== null && out.length < limit; m = all.exec(text)) {
        if (m[0].length === 0) {
          // Step over an empty match, and over a whole surrogate pair as the `u` flag does.
          all.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
          continue;
        }
        out.push([m.index, m.index + m[0].length]);
      }
      return out;
    },
  };
}

function re2Pattern(re2: RE2JS): TextPattern {
  return {
    engine: 're2',
    test: (text) => re2.test(text),
    ranges(text, limit) {
      const out: MatchRange[] = [];
      const m = re2.matcher(text);
      while (out.length < limit && m.find()) {
        const start = m.start();
        const end = m.end();
        if (end > start) out.push([start, end]);
      }
      return out;
    },
  };
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // The pattern itself may hold line breaks, and engines quote it in their messages.
  return message.replace(/[\r\n\u2028\u2029]+/g, ' ').trim() || 'invalid pattern';
}

import type { LogRecord } from '../../protocol/log-record.js';
import type { LogPredicate } from './log-store.js';

/** The result of compiling what the user typed in the filter box. */
export type CompiledFilter =
  | { ok: true; text: string; predicate: LogPredicate | undefined }
  | { ok: false; text: string; error: string };

/** The text a filter regex is matched against, as in the original: `LEVEL service message`. */
export function filterSubject(log: LogRecord): string {
  return `${log.level.toUpperCase()} ${log.service} ${log.message}`;
}

/**
 * Compiles a filter. An empty pattern shows everything; an invalid regex yields its error
 * (one line) so the filter box can show it while the previous filter stays in force.
 */
export function compileFilter(text: string): CompiledFilter {
  if (text.trim() === '') return { ok: true, text: '', predicate: undefined };
  let re: RegExp;
  try {
    re = new RegExp(text, 'u');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, text, error: message.replace(/^Invalid regular expression: /, '').split('\n')[0] ?? 'invalid pattern' };
  }
  return { ok: true, text, predicate: (log) => re.test(filterSubject(log)) };
}

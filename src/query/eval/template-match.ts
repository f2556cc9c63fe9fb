import { WILD } from '../patterns/tokenise.js';
import { patternText } from '../pipeline/patterns-stage.js';

/** The field name of the template term: `pattern:"user <*> logged in from <*>"`. */
export const PATTERN_FIELD = 'pattern';

/**
 * A test of whether a message belongs to a pattern's template, as `| patterns` shows it: its
 * first line, with runs of white space read as one space, is the template with each `<*>` standing
 * for one or more characters. Templates are stable where the miner's ids are not (ids number the
 * patterns of one run), so a filter by pattern is written with the template. The literal parts are
 * found left to right, each at its first place after the last: a glob match, linear in the text.
 */
export function templateTest(template: string): (message: string) => boolean {
  const parts = template.trim().replace(/\s+/g, ' ').split(WILD);
  const head = parts[0] ?? '';
  const tail = parts.length > 1 ? (parts[parts.length - 1] ?? '') : undefined;
  const middle = parts.slice(1, -1);
  return (message) => {
    const text = patternText(message).trim().replace(/\s+/g, ' ');
    if (tail === undefined) return text === head;
    if (!text.startsWith(head)) return false;
    let pos = head.length;
    for (const part of middle) {
      // `<*>` stands for at least one character.
      const at = text.indexOf(part, pos + 1);
      if (at < 0) return false;
      pos = at + part.length;
    }
    return text.length - tail.length >= pos + 1 && text.endsWith(tail);
  };
}

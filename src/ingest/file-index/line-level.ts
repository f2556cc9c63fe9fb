import { LEVELS, LEVEL_RANK, levelOfTextWord, type Level } from '../../protocol/level.js';
import { guessLevel, levelOf } from '../../protocol/log-values.js';

// The usual level keys of JSON logs (see protocol/log-values.ts) with a string or number value.
// Digits, quoted or not, are read as a number at once (as levelOf reads them, sooner).
const JSON_LEVEL = /"(level|severity|lvl|loglevel|levelname|@l|PRIORITY)" *: *(?:"?(\d+)"?|"([^"]{1,32})")/g;
/** Words of a text line's start where a level word may stand (after a date, a time, a name). */
const TEXT_WORDS = 6;
const INFO = LEVEL_RANK.info;

/**
 * The level of one line (its rank in LEVELS), read cheaply from its head (see lineHead): a JSON
 * line's level key, else a level word among the first words of a text line, else a level word
 * the message's start gives away, else info. The index counts rows by level for the histogram;
 * the row itself is normalised in full when it is shown, and may say otherwise for a rare line.
 */
export function headLevel(head: string): number {
  let i = 0;
  while (i < head.length && (head.charCodeAt(i) === 32 || head.charCodeAt(i) === 9)) i++;
  const level = head.charCodeAt(i) === 123 /* { */ ? jsonLevel(head) : textLevel(head.slice(i));
  return level === undefined ? INFO : LEVEL_RANK[level];
}

function jsonLevel(head: string): Level | undefined {
  JSON_LEVEL.lastIndex = 0;
  for (let m = JSON_LEVEL.exec(head); m !== null; m = JSON_LEVEL.exec(head)) {
    const value = m[2] !== undefined ? Number(m[2]) : m[3];
    // journald's PRIORITY is a syslog severity, never a pino number.
    const level = levelOf(value, m[1] === 'PRIORITY');
    if (level !== undefined) return level;
  }
  return undefined;
}

function textLevel(text: string): Level | undefined {
  const words = text.split(/[\s[\]():|<>]+/, TEXT_WORDS);
  for (const w of words) {
    const level = w.length > 0 && w.length <= 13 ? levelOfTextWord(w) : undefined;
    if (level !== undefined) return level;
  }
  return guessLevel(text);
}

/** The name of a level rank the index holds. */
export function levelName(rank: number): Level {
  return LEVELS[rank] ?? 'info';
}

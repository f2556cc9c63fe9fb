import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ERROR_LEVELS,
  isErrorLevel,
  LEVEL_WORDS,
  LEVELS,
  levelOfTextWord,
  TEXT_LEVEL_WORDS,
  type Level,
} from '../protocol/level.js';
import { decodeLog } from '../protocol/log-decode.js';
import { levelOfPri } from './level-words.js';
import { parseLine } from './parse-line.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

// The spellings each reader knew when it kept its own list: every one must keep its level
// (verbose, once debug here and trace in logcat's reader, is trace everywhere).
const READ_IN_A_LEVEL_FIELD: Readonly<Record<Level, readonly string[]>> = {
  trace: ['trace', 'trc', 'finest', 'finer', 'silly', 'verbose', 'verb', 'vrb', 't', 'v'],
  debug: ['debug', 'dbg', 'fine', 'config', 'd'],
  info: ['info', 'inf', 'information', 'informational', 'notice', 'ntc', 'default', 'http', 'i'],
  warn: ['warn', 'warning', 'wrn', 'w'],
  error: ['error', 'err', 'eror', 'severe', 'e'],
  fatal: ['fatal', 'ftl', 'crit', 'critical', 'crt', 'alert', 'emerg', 'emergency', 'panic', 'dpanic', 'f'],
};
const READ_IN_PLAIN_TEXT: Readonly<Record<Level, readonly string[]>> = {
  trace: ['trace', 'trc', 'finest', 'finer', 'verbose'],
  debug: ['debug', 'dbg', 'fine'],
  info: ['info', 'inf', 'notice', 'information'],
  warn: ['warn', 'warning', 'wrn'],
  error: ['error', 'err', 'eror', 'severe'],
  fatal: ['fatal', 'ftl', 'crit', 'critical', 'panic', 'emerg', 'alert', 'dpanic'],
};

const cases = (s: string): string[] => [s, s.toUpperCase(), s.charAt(0).toUpperCase() + s.slice(1)];
const fieldLevel = (word: string): Level => decodeLog(JSON.stringify({ level: word, message: 'm' }), NOW).level;
const textLevels = (word: string): Level[] => [
  parseLine(`2026-11-28T11:00:00Z [${word}] disk almost full`, NOW).level,
  parseLine(`2026-11-28 11:00:00,123 ${word.toUpperCase()} disk almost full`, NOW).level,
  parseLine(`${word.toUpperCase()} disk almost full`, NOW).level,
];

describe('the level vocabulary', () => {
  it('still reads every spelling a level field was read in, in the usual cases, as the same level', () => {
    for (const level of LEVELS) {
      for (const word of READ_IN_A_LEVEL_FIELD[level]) {
        for (const spelling of cases(word)) assert.equal(fieldLevel(spelling), level, spelling);
      }
    }
  });

  it('still reads every level word a plain-text line was read with as the same level', () => {
    for (const level of LEVELS) {
      for (const word of READ_IN_PLAIN_TEXT[level]) assert.deepEqual(textLevels(word), [level, level, level], word);
    }
  });

  it('reads every word a plain-text line knows in a level field too, as the same level', () => {
    for (const word of TEXT_LEVEL_WORDS) {
      const level = levelOfTextWord(word);
      assert.notEqual(level, undefined, word);
      assert.equal(fieldLevel(word), level, word);
      assert.deepEqual(textLevels(word), [level, level, level], word);
    }
  });

  it('reads a single letter, HTTP or CONFIG opening a line of text as text, not as a level', () => {
    for (const word of ['I', 'E', 'W', 'HTTP', 'CONFIG', 'DEFAULT']) {
      assert.equal(levelOfTextWord(word), undefined, word);
      assert.equal(parseLine(`2026-11-28T11:00:00Z ${word} am here`, NOW).message.startsWith(word), true, word);
    }
  });

  it('reads every word of the table in a level field as its level, in any mix of cases', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LEVEL_WORDS.keys()),
        fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
        (word, upper) => {
          const spelling = [...word].map((ch, i) => (upper[i] === true ? ch.toUpperCase() : ch)).join('');
          return fieldLevel(spelling) === LEVEL_WORDS.get(word);
        },
      ),
    );
  });

  it('reads verbose as one level: a logcat V, a level field of V or verbose, a VERBOSE word in text', () => {
    const logcat = (letter: string): Level =>
      parseLine(`03-17 16:13:38.811  1702  2395 ${letter} WindowManager: window shown`, NOW).level;
    const verbose = [
      logcat('V'),
      fieldLevel('V'),
      fieldLevel('verbose'),
      ...textLevels('verbose'),
      parseLine('verbose: cache warmed', NOW).level,
    ];
    assert.deepEqual(verbose, Array<Level>(verbose.length).fill('trace'));
    assert.deepEqual(['V', 'D', 'I', 'W', 'E', 'F', 'A'].map(logcat), [
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'fatal',
      'fatal',
    ]);
    for (const letter of ['V', 'D', 'I', 'W', 'E', 'F']) assert.equal(logcat(letter), fieldLevel(letter), letter);
  });

  it('reads syslog severities the same way in a PRI and in a PRIORITY field', () => {
    for (let severity = 0; severity < 8; severity++) {
      const field = decodeLog(JSON.stringify({ PRIORITY: String(severity), MESSAGE: 'm' }), NOW).level;
      assert.equal(levelOfPri(8 * 3 + severity), field, String(severity));
    }
    assert.deepEqual(
      [0, 3, 4, 5, 7].map((s) => levelOfPri(s)),
      ['fatal', 'error', 'warn', 'info', 'debug'],
    );
  });

  it('counts error and fatal as errors, and nothing else', () => {
    assert.deepEqual(LEVELS.filter(isErrorLevel), ['error', 'fatal']);
    assert.deepEqual(ERROR_LEVELS, ['error', 'fatal']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LEVEL_RANK } from '../../protocol/level.js';
import { parseLine } from '../parse-line.js';
import { headLevel } from './line-level.js';
import { lineHead } from './line-time.js';

function levelOf(line: string): number {
  const b = Buffer.from(line);
  return headLevel(lineHead(b, 0, b.length));
}

function parsedLevel(line: string): number {
  return LEVEL_RANK[parseLine(line, 0).level];
}

const word = fc
  .stringMatching(/^[a-z]{1,8}$/)
  .filter((w) => !/err|warn|debug|fatal|panic|crit|alert|emerg|exception|traceback/.test(w));
const message = fc.array(word, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));

describe('headLevel', () => {
  it('reads the level the full line parser reads from JSON logs with a usual level key', () => {
    const key = fc.constantFrom('level', 'severity', 'lvl', 'loglevel', 'levelname');
    const value = fc.oneof(
      fc.constantFrom(
        'trace',
        'debug',
        'info',
        'warn',
        'warning',
        'error',
        'fatal',
        'INFO',
        'ERROR',
        'Warning',
        'crit',
      ),
      fc.constantFrom(10, 20, 30, 40, 50, 60),
    );
    fc.assert(
      fc.property(key, value, message, (k, v, msg) => {
        const line = JSON.stringify({ time: '2026-12-05T10:00:00Z', [k]: v, msg });
        assert.equal(levelOf(line), parsedLevel(line), line);
      }),
    );
  });

  it("reads journald's PRIORITY as a syslog severity", () => {
    for (const p of ['0', '3', '4', '6', '7']) {
      const line = `{"__REALTIME_TIMESTAMP":"1764928800000000","PRIORITY":"${p}","MESSAGE":"started"}`;
      assert.equal(levelOf(line), parsedLevel(line), line);
    }
  });

  it('reads the level word of a text line after its time, and info when there is none', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('TRACE', 'DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR', 'FATAL', '[error]', '[Warn]'),
        message,
        (lvl, msg) => {
          const line = `2026-12-05 10:00:00,123 ${lvl} ${msg}`;
          assert.equal(levelOf(line), parsedLevel(line), line);
        },
      ),
    );
    assert.equal(levelOf('2026-12-05T10:00:00Z started the server'), LEVEL_RANK.info);
    assert.equal(levelOf('{"msg":"no level here"}'), LEVEL_RANK.info);
    assert.equal(levelOf(''), LEVEL_RANK.info);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLogfmt } from './logfmt.js';
import { parseLine } from './parse-line.js';

const NOW = Date.UTC(2026, 10, 28, 12);

describe('parseLogfmt', () => {
  it('reads bare and quoted values, keeping them as strings', () => {
    assert.deepEqual(parseLogfmt('time=2026-11-28T11:00:00Z level=info msg="hello world" duration=12ms count=3'), {
      time: '2026-11-28T11:00:00Z',
      level: 'info',
      msg: 'hello world',
      duration: '12ms',
      count: '3',
    });
  });

  it('unescapes quotes, backslashes and control characters inside quoted values', () => {
    assert.deepEqual(parseLogfmt(String.raw`msg="say \"hi\"\tthen\nleave" path="C:\\tmp"`), {
      msg: 'say "hi"\tthen\nleave',
      path: 'C:\\tmp',
    });
  });

  it("unescapes Go's \\x, \\u and \\U escapes (slog, logrus) and keeps a lone high byte written as \\xNN", () => {
    assert.deepEqual(parseLogfmt(String.raw`level=warn msg="\x1b[31mred\u00a0\U0001F600 \xff"`), {
      level: 'warn',
      msg: '\x1b[31mred\u00a0😀 \\xff',
    });
  });

  it('keeps a backslash escape it does not know as the escaped character', () => {
    assert.deepEqual(parseLogfmt(String.raw`msg="a\qb\x" level=info`), { msg: 'aqbx', level: 'info' });
  });

  it('takes `=` and spaces inside quotes as part of the value', () => {
    assert.deepEqual(parseLogfmt('query="a=1 b=2" level=debug'), { query: 'a=1 b=2', level: 'debug' });
  });

  it('reads an empty value and an empty quoted value', () => {
    assert.deepEqual(parseLogfmt('a= b="" level=info'), { a: '', b: '', level: 'info' });
  });

  it('reads bare keys as true flags when enough pairs show it is logfmt', () => {
    assert.deepEqual(parseLogfmt('level=info msg=started debug'), { level: 'info', msg: 'started', debug: 'true' });
  });

  it('reads unicode keys and values', () => {
    assert.deepEqual(parseLogfmt('msg="héllo 日本" ユーザー=太郎 level=info'), {
      msg: 'héllo 日本',
      ユーザー: '太郎',
      level: 'info',
    });
  });

  it('accepts tabs between pairs', () => {
    assert.deepEqual(parseLogfmt('a=1\tb=2'), { a: '1', b: '2' });
  });

  it('accepts one pair when it is the message', () => {
    assert.deepEqual(parseLogfmt('msg="just this"'), { msg: 'just this' });
  });

  it('refuses sentences that merely contain a key=value', () => {
    assert.equal(parseLogfmt('retrying request with timeout=5s after failure'), undefined);
    assert.equal(parseLogfmt('x=1'), undefined);
    assert.equal(parseLogfmt('a=1 b=2 and then some words'), undefined);
  });

  it('refuses a line that opens with a word, however many pairs follow it: that word starts a head of its own', () => {
    assert.equal(
      parseLogfmt(
        'Mar  3 04:10:27 web2 sshd[28190]: auth failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.8',
      ),
      undefined,
    );
    assert.equal(parseLogfmt('ok a=1 b=2 c=3'), undefined);
  });

  it('refuses an unclosed quote, a stray quote, and a value glued to its key by a quote', () => {
    assert.equal(parseLogfmt('a=1 msg="unclosed'), undefined);
    assert.equal(parseLogfmt('a=1 "b"=2'), undefined);
    assert.equal(parseLogfmt('a=1 b"c"=2'), undefined);
    assert.equal(parseLogfmt('a=1 =2'), undefined);
  });

  it('does not let a __proto__ key reach the prototype', () => {
    const out = parseLogfmt('__proto__=x a=1 b=2');
    assert.deepEqual(out, { a: '1', b: '2' });
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it('never throws on any input', () => {
    const piece = fc.constantFrom(
      'a',
      'k=',
      '="',
      '"',
      '\\',
      ' ',
      '\t',
      '=',
      'msg=',
      'é',
      '\\x',
      '\\u12',
      '\\U0010ffff',
      '\\U00110000',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
        ),
        (s) => {
          const out = parseLogfmt(s);
          assert.ok(out === undefined || typeof out === 'object');
        },
      ),
    );
  });

  it('round-trips values written by a logfmt encoder', () => {
    const quote = (v: string): string =>
      `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
    const key = fc.stringMatching(/^[a-z_][a-z0-9_.]{0,8}$/).filter((k) => k !== '__proto__');
    fc.assert(
      fc.property(fc.dictionary(key, fc.string(), { minKeys: 2, maxKeys: 6 }), (rec) => {
        const line = Object.entries(rec)
          .map(([k, v]) => `${k}=${quote(v)}`)
          .join(' ');
        assert.deepEqual(parseLogfmt(line), { ...rec });
      }),
    );
  });
});

describe('logfmt lines through parseLine', () => {
  it('takes level, time, message, service and latency from their usual keys and keeps the rest as fields', () => {
    const p = parseLine(
      'time=2026-11-28T11:00:00.250Z level=error msg="db down" service=api duration=12ms user=7',
      NOW,
    );
    assert.equal(p.format, 'logfmt');
    assert.equal(p.level, 'error');
    assert.equal(p.time, Date.UTC(2026, 10, 28, 11, 0, 0, 250));
    assert.equal(p.timeFromEvent, true);
    assert.equal(p.message, 'db down');
    assert.equal(p.service, 'api');
    assert.equal(p.latencyMs, 12);
    assert.deepEqual(p.fields, { user: '7' });
  });

  it("reads go-kit's and logrus's spellings (ts, lvl, caller)", () => {
    const p = parseLine('ts=2026-11-28T11:00:00Z lvl=warn caller=main.go:12 msg="slow query" app=worker', NOW);
    assert.equal(p.level, 'warn');
    assert.equal(p.time, Date.UTC(2026, 10, 28, 11));
    assert.equal(p.service, 'worker');
    assert.equal(p.message, 'slow query');
  });

  it('uses the arrival time when the line has no time', () => {
    const p = parseLine('level=info msg=ok', NOW);
    assert.equal(p.time, NOW);
    assert.equal(p.timeFromEvent, false);
  });

  it('reads a logfmt line behind a timestamp (`kubectl logs --timestamps`): its keys, the stamp as its time', () => {
    const p = parseLine('2026-11-28T11:00:00.5Z level=warn msg="slow query" took=2s', NOW);
    assert.deepEqual(
      [p.format, p.time, p.timeFromEvent, p.level, p.message],
      ['logfmt', Date.UTC(2026, 10, 28, 11, 0, 0, 500), true, 'warn', 'slow query'],
    );
  });

  it('keeps the message of a syslog or logcat line whose text is full of key=value pairs', () => {
    const pam = parseLine(
      'Mar  3 04:10:27 web2 sshd(pam_unix)[28190]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=198.51.100.23  user=admin',
      NOW,
    );
    assert.deepEqual(
      [pam.format, pam.time, pam.service, pam.message],
      [
        'syslog',
        Date.UTC(2026, 2, 3, 4, 10, 27),
        'sshd(pam_unix)',
        'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=198.51.100.23  user=admin',
      ],
    );
    const logcat = parseLine(
      '03-18 09:20:11.402  1533  1533 D PowerManagerService: release:lock=1043211, flg=0x0, tag="RILJ", name=com.android.phone", uid=1001',
      NOW,
    );
    assert.deepEqual(
      [logcat.level, logcat.message],
      ['debug', 'release:lock=1043211, flg=0x0, tag="RILJ", name=com.android.phone", uid=1001'],
    );
  });

  it('appends joined stack-trace lines to the message', () => {
    const p = parseLine('level=error msg="panic"\ngoroutine 1 [running]:', NOW);
    assert.equal(p.message, 'panic\ngoroutine 1 [running]:');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePlainText } from './plain-text.js';

const NOW = Date.UTC(2026, 10, 28, 12);

describe('parsePlainText: syslog', () => {
  it('reads RFC 3164 with PRI: time in the current year, tag as service, PRI as level', () => {
    assert.deepEqual(
      parsePlainText("<34>Nov 28 11:00:00 mymachine su: 'su root' failed for lonvick on /dev/pts/8", NOW),
      {
        format: 'syslog',
        time: Date.UTC(2026, 10, 28, 11),
        service: 'su',
        level: 'fatal',
        message: "'su root' failed for lonvick on /dev/pts/8",
        fields: { host: 'mymachine', facility: 4 },
      },
    );
  });

  it('reads RFC 3164 without PRI, with a pid, a one-digit day and fractional seconds', () => {
    assert.deepEqual(parsePlainText('Nov  3 09:05:07.250 web1 sshd[1234]: Accepted publickey for deploy', NOW), {
      format: 'syslog',
      time: Date.UTC(2026, 10, 3, 9, 5, 7, 250),
      service: 'sshd',
      message: 'Accepted publickey for deploy',
      fields: { host: 'web1', pid: '1234' },
    });
  });

  it('reads an RFC 3164 tag with a version after it, and a line with no tag at all', () => {
    const v = parsePlainText('Jun  9 06:06:20 combo syslogd 1.4.1: restart.', NOW);
    assert.deepEqual([v?.time, v?.service, v?.message], [Date.UTC(2026, 5, 9, 6, 6, 20), 'syslogd 1.4.1', 'restart.']);
    const bare = parsePlainText('Jul  8 08:10:46 mac-1 --- last message repeated 1 time ---', NOW);
    assert.deepEqual(
      [bare?.format, bare?.service, bare?.message, bare?.fields],
      ['syslog', undefined, '--- last message repeated 1 time ---', { host: 'mac-1' }],
    );
  });

  it("reads macOS's syslog tags: a name with spaces before its pid, and the sender's context after it", () => {
    const chrome = parsePlainText("Jul  4 08:12:40 mbp-7 Google Chrome Helper[812]: Couldn't set color", NOW);
    assert.deepEqual(
      [chrome?.service, chrome?.message, chrome?.fields],
      ['Google Chrome Helper', "Couldn't set color", { host: 'mbp-7', pid: '812' }],
    );
    const launchd = parsePlainText(
      'Jul  4 08:12:33 mbp-7 com.apple.xpc.launchd[1] (com.apple.mdworker.7[4821]): Service exited',
      NOW,
    );
    assert.deepEqual(
      [launchd?.service, launchd?.message, launchd?.fields],
      ['com.apple.xpc.launchd', 'Service exited', { host: 'mbp-7', pid: '1', context: 'com.apple.mdworker.7[4821]' }],
    );
    const sentence = parsePlainText('Jul  4 08:12:33 mbp-7 Started the job [12] ok', NOW);
    assert.deepEqual([sentence?.service, sentence?.message], [undefined, 'Started the job [12] ok']);
  });

  it('puts an RFC 3164 date that would lie in the future in the previous year', () => {
    const newYear = Date.UTC(2027, 0, 1, 0, 5);
    assert.equal(
      parsePlainText('Dec 31 23:59:58 host cron[1]: tick', newYear)?.time,
      Date.UTC(2026, 11, 31, 23, 59, 58),
    );
    // A little clock skew ahead of the reader is still this year.
    assert.equal(parsePlainText('Nov 28 12:30:00 host app: ahead', NOW)?.time, Date.UTC(2026, 10, 28, 12, 30));
  });

  it('maps syslog severities to levels', () => {
    const level = (pri: number): unknown => parsePlainText(`<${pri}>Nov 28 11:00:00 h app: m`, NOW)?.level;
    assert.deepEqual([8, 9, 10, 11, 12, 13, 14, 15].map(level), [
      'fatal',
      'fatal',
      'fatal',
      'error',
      'warn',
      'info',
      'info',
      'debug',
    ]);
  });

  it('reads RFC 5424 with structured data, a BOM before the message and every header field', () => {
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 42 ID47 [exampleSDID@32473 iut="3" eventSource="App] x"] \uFEFFAn application event';
    assert.deepEqual(parsePlainText(line, NOW), {
      format: 'syslog',
      level: 'info',
      time: Date.UTC(2003, 9, 11, 22, 14, 15, 3),
      service: 'evntslog',
      message: 'An application event',
      fields: {
        facility: 20,
        host: 'mymachine.example.com',
        pid: '42',
        msgid: 'ID47',
        structured_data: '[exampleSDID@32473 iut="3" eventSource="App] x"]',
      },
    });
  });

  it('reads RFC 5424 with nil values and no message', () => {
    assert.deepEqual(parsePlainText('<11>1 - - - - - -', NOW), {
      format: 'syslog',
      level: 'error',
      message: '',
      fields: { facility: 1 },
    });
  });

  it("reads rsyslog's RFC 3339 file format", () => {
    assert.deepEqual(parsePlainText('2026-11-28T11:00:00.123456+01:00 db1 postgres[77]: checkpoint complete', NOW), {
      format: 'syslog',
      service: 'postgres',
      message: 'checkpoint complete',
      fields: { host: 'db1', pid: '77' },
      time: Date.UTC(2026, 10, 28, 10, 0, 0, 123) + 0.456,
    });
  });

  it('does not take a level word after an RFC 3339 stamp for a syslog host', () => {
    for (const line of [
      '2026-11-28T11:00:00Z ERROR: db: connection refused',
      '2026-11-28T11:00:00Z [ERROR] db: connection refused',
      '2026-11-28T11:00:00Z ERROR db: connection refused',
    ]) {
      const p = parsePlainText(line, NOW);
      assert.equal(p?.format, 'text', line);
      assert.equal(p?.level, 'error', line);
      assert.equal(p?.message, 'db: connection refused', line);
    }
  });

  it('does not take JSON after an RFC 3339 stamp (kubectl logs --timestamps) for a syslog host and tag', () => {
    const line = '2026-11-28T11:00:00.123456789Z {"level":"error", "msg":"hello: world"}';
    assert.deepEqual(parsePlainText(line, NOW), {
      format: 'text',
      time: Date.UTC(2026, 10, 28, 11, 0, 0, 123) + 0.456789,
      message: '{"level":"error", "msg":"hello: world"}',
    });
  });
});

describe('parsePlainText: access logs', () => {
  it('reads the combined format with its zone, fields and a 5xx as error', () => {
    const line =
      '203.0.113.7 - alice [28/Nov/2026:11:00:00 +0100] "GET /api/items?id=3 HTTP/1.1" 502 157 "https://example.com/" "curl/8.5.0"';
    assert.deepEqual(parsePlainText(line, NOW), {
      format: 'access',
      time: Date.UTC(2026, 10, 28, 10),
      level: 'error',
      message: 'GET /api/items?id=3 HTTP/1.1 502 157',
      fields: {
        client_ip: '203.0.113.7',
        status: 502,
        user: 'alice',
        method: 'GET',
        path: '/api/items?id=3',
        protocol: 'HTTP/1.1',
        bytes: 157,
        referer: 'https://example.com/',
        user_agent: 'curl/8.5.0',
      },
    });
  });

  it('reads the common format, a 4xx as warn and a 2xx or 3xx as info', () => {
    const line = (status: number): string => `::1 - - [28/Nov/2026:11:00:00 -0000] "POST /login HTTP/1.0" ${status} -`;
    assert.deepEqual(parsePlainText(line(404), NOW), {
      format: 'access',
      time: Date.UTC(2026, 10, 28, 11),
      level: 'warn',
      message: 'POST /login HTTP/1.0 404 -',
      fields: { client_ip: '::1', status: 404, method: 'POST', path: '/login', protocol: 'HTTP/1.0' },
    });
    assert.equal(parsePlainText(line(200), NOW)?.level, 'info');
    assert.equal(parsePlainText(line(304), NOW)?.level, 'info');
  });

  it('keeps escaped quotes in the request and user agent, and what nginx appends after them', () => {
    const line =
      '10.0.0.1 - - [28/Nov/2026:11:00:00 +0000] "GET /\\"x HTTP/1.1" 200 5 "-" "Mozilla \\"5\\"" rt=0.003 uct="0.001"';
    const p = parsePlainText(line, NOW);
    assert.equal(p?.fields?.path, '/\\"x');
    assert.equal(p?.fields?.user_agent, 'Mozilla \\"5\\"');
    assert.equal(p?.fields?.referer, undefined);
    assert.equal(p?.fields?.extra, 'rt=0.003 uct="0.001"');
  });

  it('reads a request line that is not METHOD PATH PROTOCOL (a probe) without method or path', () => {
    const p = parsePlainText('1.2.3.4 - - [28/Nov/2026:11:00:00 +0000] "\\x16\\x03\\x01" 400 150 "-" "-"', NOW);
    assert.equal(p?.format, 'access');
    assert.equal(p?.level, 'warn');
    assert.equal(p?.fields?.method, undefined);
  });
});

describe('parsePlainText: timestamp and level layouts', () => {
  it("reads Python logging's default format with its logger as service", () => {
    assert.deepEqual(parsePlainText('2026-11-28 11:00:00,123 - myapp.db - ERROR - connection lost', NOW), {
      format: 'text',
      time: Date.UTC(2026, 10, 28, 11, 0, 0, 123),
      level: 'error',
      service: 'myapp.db',
      message: 'connection lost',
    });
  });

  it("reads winston's simple format (`warn: message`), leaving Go's `panic:` and Node's `Error:` in the message", () => {
    assert.deepEqual(parsePlainText('warn: disk almost full', NOW), {
      format: 'text',
      level: 'warn',
      message: 'disk almost full',
    });
    assert.equal(parsePlainText('panic: runtime error: index out of range', NOW), undefined);
    assert.equal(parsePlainText('Error: ENOENT: no such file', NOW), undefined);
  });

  it("reads Python's basicConfig format (LEVEL:logger:message), leaving the root logger unnamed", () => {
    assert.deepEqual(parsePlainText('WARNING:urllib3.connectionpool:Retrying', NOW), {
      format: 'text',
      level: 'warn',
      service: 'urllib3.connectionpool',
      message: 'Retrying',
    });
    assert.deepEqual(parsePlainText('ERROR:root:boom', NOW), { format: 'text', level: 'error', message: 'boom' });
  });

  it('reads Spring Boot 2 and 3 lines with pid and logger as fields', () => {
    const boot2 =
      '2026-11-28 11:00:00.123  INFO 4242 --- [           main] o.s.b.w.e.tomcat.TomcatWebServer         : Tomcat started on port(s): 8080';
    assert.deepEqual(parsePlainText(boot2, NOW), {
      format: 'text',
      time: Date.UTC(2026, 10, 28, 11, 0, 0, 123),
      level: 'info',
      message: 'Tomcat started on port(s): 8080',
      fields: { pid: 4242, logger: 'o.s.b.w.e.tomcat.TomcatWebServer' },
    });
    const boot3 = '2026-11-28T11:00:00.123+01:00  WARN 4242 --- [shop] [nio-8080-exec-1] c.e.shop.Api : slow';
    const p = parsePlainText(boot3, NOW);
    assert.equal(p?.time, Date.UTC(2026, 10, 28, 10, 0, 0, 123));
    assert.equal(p?.level, 'warn');
    assert.equal(p?.message, 'slow');
    assert.deepEqual(p?.fields, { pid: 4242, logger: 'c.e.shop.Api' });
  });

  it("reads log4j/logback's `stamp [thread] LEVEL logger - message`, the logger kept as a field", () => {
    const p = parsePlainText('2026-11-28 11:00:00.123 [main] ERROR com.example.App - failed', NOW);
    assert.equal(p?.level, 'error');
    assert.equal(p?.message, 'failed');
    assert.deepEqual(p?.fields, { logger: 'com.example.App' });
    // log4j 2's `%d %-5p [%t] %c - %m`: the thread after the level.
    const q = parsePlainText('2026-11-28 11:00:00,123 WARN  [pool-1-thread-2] org.example.Cache - evicted 3', NOW);
    assert.deepEqual([q?.level, q?.message, q?.fields], ['warn', 'evicted 3', { logger: 'org.example.Cache' }]);
  });

  it("reads Go's log package (slashed date, no level)", () => {
    assert.deepEqual(parsePlainText('2026/11/28 11:00:00 listening on :8080', NOW), {
      format: 'text',
      time: Date.UTC(2026, 10, 28, 11),
      message: 'listening on :8080',
    });
  });

  it('reads a bracketed stamp and a bracketed level', () => {
    assert.deepEqual(parsePlainText('[2026-11-28 11:00:00] [warn] disk 91% full', NOW), {
      format: 'text',
      time: Date.UTC(2026, 10, 28, 11),
      level: 'warn',
      message: 'disk 91% full',
    });
  });

  it('reads klog lines with severity, source and pid, inferring the year', () => {
    assert.deepEqual(parsePlainText('E1128 11:00:00.123456       1 reflector.go:138] Failed to watch *v1.Pod', NOW), {
      format: 'klog',
      time: Date.UTC(2026, 10, 28, 11, 0, 0, 123) + 0.456,
      level: 'error',
      message: 'Failed to watch *v1.Pod',
      fields: { pid: 1, source: 'reflector.go:138' },
    });
    assert.equal(parsePlainText('I1128 11:00:00.000000 7 main.go:1] ok', NOW)?.level, 'info');
    assert.equal(parsePlainText('W1128 11:00:00.000000 7 main.go:1] hm', NOW)?.level, 'warn');
    assert.equal(parsePlainText('F1128 11:00:00.000000 7 main.go:1] dead', NOW)?.level, 'fatal');
  });

  it('reads a leading level in brackets, in capitals, or before a timestamp', () => {
    assert.deepEqual(parsePlainText('[WARN] cache miss rate high', NOW), {
      format: 'text',
      level: 'warn',
      message: 'cache miss rate high',
    });
    assert.deepEqual(parsePlainText('ERROR: could not open file', NOW), {
      format: 'text',
      level: 'error',
      message: 'could not open file',
    });
    assert.deepEqual(parsePlainText('INFO 2026-11-28 11:00:00 ready', NOW), {
      format: 'text',
      time: Date.UTC(2026, 10, 28, 11),
      level: 'info',
      message: 'ready',
    });
  });

  it('leaves lines that look like nothing known alone', () => {
    for (const line of [
      '',
      'hello world',
      'error connecting to db',
      'Error: ENOENT: no such file',
      '{"a":1}',
      '12 apples',
      'Nov is a month',
      '[not a level] x',
      'I1128 nope',
      '<999>garbage',
    ]) {
      assert.equal(parsePlainText(line, NOW), undefined, line);
    }
  });

  it('never throws and always returns a message', () => {
    const piece = fc.constantFrom(
      '<34>',
      '<165>1 ',
      'Nov 28 11:00:00 ',
      '2026-11-28T11:00:00Z ',
      '2026/11/28 ',
      'E1128 11:00:00.123456 1 a.go:1] ',
      '[',
      ']',
      ' ',
      'ERROR',
      ':',
      '"',
      '-',
      '1.2.3.4 - - [28/Nov/2026:11:00:00 +0000] ',
      'x',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
        ),
        (s) => {
          const p = parsePlainText(s, NOW);
          if (p !== undefined) assert.equal(typeof p.message, 'string');
        },
      ),
    );
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLine, parseRecords } from './parse-line.js';

const NOW = Date.UTC(2026, 10, 28, 12);

describe('parseLine', () => {
  it('leaves the spaces and tabs at the end of a text line out of its message', () => {
    assert.equal(
      parseLine('2015-10-18 18:02:12,020 ERROR [main] org.example.App: ERROR IN CONTACTING RM. ', NOW).message,
      'ERROR IN CONTACTING RM.',
    );
    assert.equal(parseLine('just words \t', NOW).message, 'just words');
    assert.equal(
      parseLine('2026-11-28 11:00:00 ERROR failed \n\tat x.y(Z.java:1)', NOW).message,
      'failed \n\tat x.y(Z.java:1)',
    );
  });

  it('reads JSON lines with every shape decodeLog knows', () => {
    const p = parseLine('{"level":50,"time":1795863600000,"service":"api","msg":"boom"}', NOW);
    assert.deepEqual(
      [p.format, p.level, p.service, p.message, p.time],
      ['json', 'error', 'api', 'boom', Date.UTC(2026, 10, 28, 11)],
    );
  });

  it('reads the app JSON after a kubectl --timestamps stamp, its own time winning', () => {
    const p = parseLine('2026-11-28T11:00:00.5Z {"level":"warn", "msg":"slow: 2s", "service":"api"}', NOW);
    assert.deepEqual(
      [p.format, p.level, p.service, p.message, p.time],
      ['json', 'warn', 'api', 'slow: 2s', Date.UTC(2026, 10, 28, 11, 0, 0, 500)],
    );
  });

  it('names the service from a docker compose prefix unless the line names its own', () => {
    const p = parseLine('web-1  | [ERROR] upstream timed out', NOW);
    assert.deepEqual([p.service, p.level, p.message], ['web-1', 'error', 'upstream timed out']);
    assert.equal(parseLine('web-1  | {"service":"api","msg":"x"}', NOW).service, 'api');
    // A level is not a source.
    assert.equal(parseLine('ERROR | disk full', NOW).service, 'unknown');
  });

  it('guesses the level of plain text from its words and keeps it whole', () => {
    const p = parseLine('something went wrong: Exception in handler', NOW);
    assert.equal(p.format, 'plain');
    assert.equal(p.message, 'something went wrong: Exception in handler');
    assert.equal(p.time, NOW);
    assert.equal(p.timeFromEvent, false);
  });

  it('appends the joined lines of a stack trace to the parsed message', () => {
    const p = parseLine(
      '2026-11-28 11:00:00,123 - app - ERROR - failed\nTraceback (most recent call last):\n  File "a.py", line 1\nValueError: x',
      NOW,
    );
    assert.equal(p.level, 'error');
    assert.equal(p.service, 'app');
    assert.equal(p.message, 'failed\nTraceback (most recent call last):\n  File "a.py", line 1\nValueError: x');
  });

  it('reads an access line with its status level and fields', () => {
    const p = parseLine('10.0.0.1 - - [28/Nov/2026:11:00:00 +0000] "GET / HTTP/1.1" 503 0 "-" "curl/8"', NOW);
    assert.deepEqual([p.format, p.level, p.time], ['access', 'error', Date.UTC(2026, 10, 28, 11)]);
  });

  it('never throws and always gives a finite time and a message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), (s) => {
        const p = parseLine(s, NOW);
        assert.ok(Number.isFinite(p.time));
        assert.equal(typeof p.message, 'string');
      }),
    );
  });

  it('reads a CRI line: the app’s own time wins, else the runtime’s; the stream is kept', () => {
    const own = parseLine(
      '2024-05-01T10:00:05Z stdout F {"level":"error","ts":"2024-05-01T10:00:04Z","msg":"boom"}',
      NOW,
    );
    assert.deepEqual(
      [own.level, own.message, own.time, own.fields?.stream],
      ['error', 'boom', Date.UTC(2024, 4, 1, 10, 0, 4), 'stdout'],
    );
    const bare = parseLine('2024-05-01T10:00:05.5Z stderr F just text', NOW);
    assert.deepEqual(
      [bare.message, bare.time, bare.timeFromEvent, bare.fields],
      ['just text', Date.UTC(2024, 4, 1, 10, 0, 5, 500), true, { stream: 'stderr' }],
    );
  });

  it('reads the text line inside a Docker json-file record with the line parser, the driver’s time behind it', () => {
    const p = parseLine('{"log":"[WARN] cache full\\n","stream":"stderr","time":"2024-05-01T10:00:00.25Z"}', NOW);
    assert.deepEqual(
      [p.level, p.message, p.time, p.fields],
      ['warn', 'cache full', Date.UTC(2024, 4, 1, 10, 0, 0, 250), { stream: 'stderr' }],
    );
  });

  it('strips the compose prefix of every line of a joined record', () => {
    const p = parseLine(
      'api-1  | 2024-05-01 10:00:00,000 - api - ERROR - failed\napi-1  | Traceback (most recent call last):\napi-1  | ValueError: x',
      NOW,
    );
    assert.deepEqual(
      [p.service, p.level, p.message],
      ['api', 'error', 'failed\nTraceback (most recent call last):\nValueError: x'],
    );
  });

  it('reads Rust tracing’s nested message, MongoDB’s $date and one-letter severity, Grafana’s t=', () => {
    const rust = parseLine(
      '{"timestamp":"2024-05-01T10:00:00Z","level":"WARN","fields":{"message":"slow","ms":9},"target":"app"}',
      NOW,
    );
    assert.deepEqual([rust.level, rust.message, rust.fields], ['warn', 'slow', { target: 'app', ms: 9 }]);
    const mongo = parseLine('{"t":{"$date":"2024-05-01T10:00:00.000+00:00"},"s":"E","c":"NET","msg":"down"}', NOW);
    assert.deepEqual([mongo.level, mongo.message, mongo.time], ['error', 'down', Date.UTC(2024, 4, 1, 10)]);
    const grafana = parseLine('t=2024-05-01T12:00:00+0200 lvl=eror msg="failed" logger=x', NOW);
    assert.deepEqual([grafana.level, grafana.message, grafana.time], ['error', 'failed', Date.UTC(2024, 4, 1, 10)]);
  });

  it('turns one OTLP/JSON export line into one log per record', () => {
    const line = JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            { logRecords: [{ body: { stringValue: 'a' } }, { body: { stringValue: 'b' }, severityNumber: 17 }] },
          ],
        },
      ],
    });
    assert.deepEqual(
      parseRecords(line, NOW).map((p) => [p.format, p.level, p.message, p.time]),
      [
        ['otlp', 'info', 'a', NOW],
        ['otlp', 'error', 'b', NOW],
      ],
    );
    assert.equal(parseRecords('{"resourceLogs": broken', NOW).length, 1);
  });

  it('parseRecords never throws and returns at least one log, whatever the line and its heads', () => {
    const heads = fc.constantFrom(
      '',
      '2024-05-01T10:00:00Z stdout F ',
      'web-1  | ',
      '{"resourceLogs":',
      '{"log":',
      '24/05/01 10:00:00 ',
      '[pid: 1|app: 0|req: 1/1] ',
      '1:M 01 May 2024 ',
    );
    fc.assert(
      fc.property(heads, fc.string(), fc.boolean(), (head, rest, twoLines) => {
        const text = twoLines ? `${head}${rest}\n${head}${rest}` : `${head}${rest}`;
        const logs = parseRecords(text, NOW);
        assert.ok(logs.length >= 1 || text.startsWith('{"resourceLogs"'));
        for (const p of logs) assert.equal(typeof p.message, 'string');
      }),
    );
  });
});

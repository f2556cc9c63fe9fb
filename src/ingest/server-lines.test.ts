import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseApacheError,
  parseMysqlTail,
  parsePostgres,
  parseRedis,
  parseSpark,
  parseUwsgi,
  parseZap,
} from './server-lines.js';

const T = Date.UTC(2024, 4, 1, 10);

describe('server line layouts', () => {
  it('reads PostgreSQL lines in any known zone, LOG as info, with pid, user and database as fields', () => {
    assert.deepEqual(
      parsePostgres('2024-05-01 12:00:00.123 CEST [4242] app@shop ERROR:  relation "x" does not exist'),
      {
        format: 'text',
        time: T + 123,
        level: 'error',
        message: 'relation "x" does not exist',
        fields: { pid: 4242, severity: 'ERROR', user: 'app', database: 'shop' },
      },
    );
    assert.equal(parsePostgres('2024-05-01 10:00:00 UTC [1] LOG:  ready')?.level, 'info');
    assert.equal(parsePostgres('2024-05-01 10:00:00 UTC [1] DEBUG2:  x')?.level, 'debug');
    assert.equal(parsePostgres('2024-05-01 10:00:00 UTC [1] SOMETHING:  x'), undefined);
  });

  it('reads MySQL 8 and 5.7 error log lines after their stamp', () => {
    assert.deepEqual(parseMysqlTail('0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.', T), {
      format: 'text',
      time: T,
      level: 'warn',
      message: 'CA certificate ca.pem is self signed.',
      fields: { thread: 0, code: 'MY-010068', subsystem: 'Server' },
    });
    assert.equal(parseMysqlTail('3 [Note] InnoDB: started', T)?.level, 'info');
  });

  it("reads Redis's own log with its level marks and role", () => {
    assert.deepEqual(parseRedis('1234:M 01 May 2024 10:00:00.123 # WARNING overcommit_memory is set to 0'), {
      format: 'text',
      time: T + 123,
      level: 'warn',
      service: 'redis',
      message: 'WARNING overcommit_memory is set to 0',
      fields: { pid: 1234, role: 'master' },
    });
    assert.equal(parseRedis('7:C 01 May 2024 10:00:00.000 * Ready')?.level, 'info');
  });

  it("reads Apache's error log, 2.4 with module, pid and client (kept in the message too), and 2.2", () => {
    const p = parseApacheError(
      '[Wed May 01 10:00:00.500000 2024] [proxy:error] [pid 8:tid 9] [client 10.0.0.1:5000] AH00957: connect failed',
    );
    assert.deepEqual(p, {
      format: 'text',
      time: T + 500,
      level: 'error',
      message: '[client 10.0.0.1:5000] AH00957: connect failed',
      fields: { module: 'proxy', pid: 8, tid: 9, client: '10.0.0.1:5000' },
    });
    assert.equal(parseApacheError('[Wed May 01 10:00:00 2024] [notice] Apache configured')?.level, 'info');
    assert.equal(parseApacheError('[Wed May 01 10:00:00 2024] [core:trace3] x')?.level, 'trace');
  });

  it("reads uwsgi's request line: time, status as level, duration and request as fields", () => {
    const p = parseUwsgi(
      '[pid: 9|app: 0|req: 3/7] 10.0.0.2 () {36 vars in 650 bytes} [Wed May  1 10:00:00 2024] POST /x => generated 5 bytes in 250 micros (HTTP/1.1 503) 2 headers in 80 bytes (1 switches on core 0)',
    );
    assert.equal(p?.time, T);
    assert.equal(p?.level, 'error');
    assert.equal(p?.message, 'POST /x HTTP/1.1 503 5');
    assert.equal(p?.fields?.duration_ms, 0.25);
  });

  it("reads log4j 1's two-digit years (Spark, Hadoop)", () => {
    assert.deepEqual(parseSpark('24/05/01 10:00:00 WARN TaskSetManager: Lost task 0.0'), {
      format: 'text',
      time: T,
      level: 'warn',
      message: 'Lost task 0.0',
      fields: { logger: 'TaskSetManager' },
    });
  });

  it("reads zap's console encoder with and without a logger name, its JSON fields kept", () => {
    assert.deepEqual(parseZap('2024-05-01T10:00:00.000Z\tINFO\tmain.go:3\tstarted\t{"port": 80}'), {
      format: 'text',
      time: T,
      level: 'info',
      message: 'started',
      fields: { port: 80, caller: 'main.go:3' },
    });
    const named = parseZap('2024-05-01T10:00:00.000Z\tWARN\tdb\tstore/db.go:9\tslow');
    assert.deepEqual([named?.service, named?.message], ['db', 'slow']);
    assert.equal(parseZap('1.7145576e+09\tERROR\tboom')?.time, 1.7145576e12);
  });

  it('never throw, whatever the line', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        for (const parse of [parsePostgres, parseRedis, parseApacheError, parseUwsgi, parseSpark, parseZap]) parse(s);
        parseMysqlTail(s, T);
      }),
    );
  });
});

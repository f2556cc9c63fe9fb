import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LinePipeline } from '../ingest/line-pipeline.js';
import { decodeLog } from '../protocol/log-decode.js';
import type { LogRecord } from '../protocol/log-record.js';
import { compileLogQuery } from '../query/log-query.js';
import { createPipeline } from '../query/pipeline/pipeline.js';
import { logLine, tableText } from './query-output.js';

/*
 * `logstream query` over a file reads flat JSON lines straight into records whose values are
 * decoded when the query reads them; every other way decodes each log whole from its wire
 * form. Both must print the same, for any logs and any query that reads no key of `fields`.
 */

const NOW = Date.UTC(2024, 4, 1, 10);

/** What the query prints over `chunks`: through records (the file path) or the wire form decoded whole. */
function printed(query: string, chunks: Buffer[], records: boolean): string[] {
  const compiled = compileLogQuery(query);
  assert.ok(compiled.ok, query);
  assert.equal(compiled.readsFields, false, query);
  const started = createPipeline(compiled.stages);
  assert.ok(started.ok);
  const pipeline = started.pipeline;
  const out: string[] = [];
  const take = (log: LogRecord): boolean => {
    if (compiled.filter(log)) {
      if (pipeline.makesTable) pipeline.add(log);
      else out.push(logLine(log));
    }
    return true;
  };
  const lines = new LinePipeline({
    naming: { fallback: 'app' },
    publish: (wire) => take(decodeLog(wire, NOW)),
    ...(records ? { publishRecord: take } : {}),
    now: () => NOW,
  });
  for (const chunk of chunks) lines.push(chunk);
  lines.end();
  if (pipeline.makesTable) out.push(...tableText(pipeline.table()));
  return out;
}

const SERVICES = ['sshd', 'nginx', 'cron', ' api ', 'unknown', ''];
const WORDS = ['request', 'error', 'took', 'timeout', 'Traceback', 'héllo', '5'];

/** journald export lines and other loggers' JSON, a few nested or not JSON at all. */
const LOG_LINE = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        us: fc.integer({ min: 1_714_557_600_000_000, max: 1_714_557_900_000_000 }),
        priority: fc.constantFrom('3', '4', '6', '7', '0', 'x'),
        service: fc.constantFrom(...SERVICES),
        words: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }),
      })
      .map(
        ({ us, priority, service, words }) =>
          `{"__CURSOR": "s=1", "__REALTIME_TIMESTAMP": "${us}", "PRIORITY": "${priority}", ` +
          `"SYSLOG_IDENTIFIER": ${JSON.stringify(service)}, "_COMM": "comm", "MESSAGE": ${JSON.stringify(words.join(' '))}}`,
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        level: fc.constantFrom('error', 'WARN', 'info', 30, 50, 'debug'),
        app: fc.constantFrom(...SERVICES),
        msg: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }),
        ms: fc.oneof(fc.integer({ min: 0, max: 900 }), fc.constantFrom('1.5s', '250us', 'x')),
        ts: fc.constantFrom('2024-05-01T10:00:00Z', '2024-05-01T10:02:30.5Z', 1714557720, 'soon'),
      })
      .map((o) => JSON.stringify({ ts: o.ts, level: o.level, app: o.app, msg: o.msg.join(' '), latency_ms: o.ms })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"level":"error","req":{"id":1},"msg":"nested"}',
      '2024-05-01 10:00:00 ERROR [cron] plain text error',
      '{"msg":"tab\there","level":"warn"}',
      '{"level":"info","level":"error"}',
      '',
    ),
  },
);

const FILTER = fc.constantFrom(
  '',
  'level:error',
  'level:warn+',
  '-level:debug',
  'service:sshd',
  'service:ng*',
  'error',
  '"took"',
  'latency_ms>100',
  'time>=2024-05-01T10:02:00Z',
  'level:error OR service:cron',
  'NOT service:app',
);
const STAGES = fc.constantFrom(
  '',
  '| stats count by service',
  '| stats count, avg(latency_ms), max(time) by level',
  '| top service',
  '| timechart span=1m count by level',
  '| head 5',
  '| stats count by service, level | sort -count | head 3',
  '| patterns',
);

describe('logstream query over records', () => {
  it('prints what the wire form decoded whole gives, for random logs, queries and chunk cuts (property)', () => {
    const input = fc.record({
      lines: fc.array(LOG_LINE, { maxLength: 30 }),
      filter: FILTER,
      stages: STAGES,
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: 6000 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(input, ({ lines, filter, stages, cuts }) => {
        const bytes = Buffer.from(lines.join('\n'));
        const at = [0, ...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length];
        const chunks = at.slice(1).map((end, k) => bytes.subarray(at[k], end));
        const query = `${filter} ${stages}`.trim();
        assert.deepEqual(printed(query, chunks, true), printed(query, chunks, false), query);
      }),
      { numRuns: 400 },
    );
  });
});

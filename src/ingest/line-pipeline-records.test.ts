import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { decodeLog } from '../protocol/log-decode.js';
import type { LogRecord } from '../protocol/log-record.js';
import { KEYS } from '../protocol/log-values.js';
import { LinePipeline } from './line-pipeline.js';

const NOW = Date.UTC(2026, 10, 28, 11);
const FORMATS = fileURLToPath(new URL('../../../test/fixtures/formats/', import.meta.url));

type Seen = Pick<LogRecord, 'time' | 'level' | 'service' | 'message' | 'latencyMs'>;

function seen(log: LogRecord): Seen {
  return { time: log.time, level: log.level, service: log.service, message: log.message, latencyMs: log.latencyMs };
}

/** The logs of `chunks` read the usual way (wire form, decoded without fields) and as records. */
function bothWays(chunks: Buffer[], maxLineBytes?: number): { wire: Seen[]; records: Seen[] } {
  const wire: Seen[] = [];
  const records: Seen[] = [];
  const naming = { fallback: 'app' };
  const limit = maxLineBytes === undefined ? {} : { maxLineBytes };
  const viaWire = new LinePipeline({
    naming,
    publish: (w) => wire.push(seen(decodeLog(w, NOW, { skipFields: true }))) > 0,
    now: () => NOW,
    ...limit,
  });
  const direct = new LinePipeline({
    naming,
    publish: () => assert.fail('records are not published as wire'),
    publishRecord: (log) => records.push(seen(log)) > 0,
    now: () => NOW,
    ...limit,
  });
  for (const p of [viaWire, direct]) {
    for (const chunk of chunks) p.push(chunk);
    p.end();
  }
  return { wire, records };
}

/** Lines around JSON lines that the general way treats specially: joins, container parts, bytes to escape. */
const MIXED = [
  '{"level":"error","service":"api","message":"first","latency_ms":12}',
  '2026-11-28 11:00:00.000 UTC [42] DETAIL:  Key (id)=(1) already exists.',
  '{"time":"2026-11-28T11:00:01Z","msg":"second","lvl":"warn"}',
  'java.lang.IllegalStateException: boom',
  '\tat com.example.App.main(App.java:10)',
  '{"log":"partial line without newline","stream":"stdout","time":"2026-11-28T11:00:02Z"}',
  '{"log":" and its end\\n","stream":"stdout","time":"2026-11-28T11:00:02Z"}',
  '2026-11-28T11:00:03.000000000Z stdout P cut ',
  '{"msg":"after a CRI part","level":30,"hostname":"h","name":"svc"}',
  '2026-11-28T11:00:03.000000000Z stdout F end',
  '{"msg":"colour \u001b[31mred\u001b[0m"}',
  '{"msg":"tab\there","level":"info"}',
  '{"msg":"nested","req":{"id":1},"level":"debug"}',
  '{"message":"héllo wörld","severity":"ERROR"}',
  '',
  '{"msg":"last","level":"fatal"}',
].join('\n');

/** Flat JSON objects of ASCII text, with the keys that play a role and values shaped like theirs. */
const ASCII_OBJECT = fc
  .array(
    fc.tuple(
      fc.constantFrom(...KEYS.keys(), 'hostname', 'name', 'stream', 'req', 'x'),
      fc.oneof(
        fc.constantFrom('error', 'WARN', '3', 'api', ' /web ', '2026-11-28T11:00:00Z', '1714557600123456', '12ms', ''),
        fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '{', '}', '\n', 'e') }),
        fc.integer({ min: -5, max: 70 }),
        fc.constantFrom(null, true, { id: 1 }),
      ),
    ),
    { maxLength: 8 },
  )
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`);

describe('LinePipeline with publishRecord', () => {
  it('makes the logs the wire form makes, for every format of the corpus', () => {
    const files = readdirSync(FORMATS).filter((f) => f.endsWith('.log'));
    assert.ok(files.length > 10);
    for (const file of files) {
      const { wire, records } = bothWays([readFileSync(`${FORMATS}${file}`)]);
      assert.deepEqual(records, wire, file);
    }
  });

  it('makes the logs the wire form makes, however the bytes are cut (property)', () => {
    const bytes = Buffer.concat([Buffer.from(MIXED), Buffer.from([0xff, 0x7b, 0x0a]), Buffer.from(MIXED)]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = at.slice(1).map((end, k) => bytes.subarray(at[k], end));
        const { wire, records } = bothWays(chunks);
        assert.deepEqual(records, wire);
      }),
    );
  });

  it('makes the logs the wire form makes from ASCII JSON lines in large chunks, whatever their ends and lengths (property)', () => {
    const line = fc.oneof(
      { weight: 6, arbitrary: ASCII_OBJECT },
      { weight: 1, arbitrary: fc.constantFrom(...MIXED.split('\n').filter((l) => /^[\x20-\x7e]*$/.test(l))) },
      {
        weight: 1,
        arbitrary: fc.string({
          unit: fc.constantFrom('{', '}', '"', ':', ',', ' ', '\t', '\r', '\x1b', 'a', '1', '\\'),
        }),
      },
    );
    const input = fc.record({
      lines: fc.array(line, { maxLength: 40 }),
      crlf: fc.boolean(),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: 4000 }), { maxLength: 3 }),
      maxLineBytes: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(input, ({ lines, crlf, cuts, maxLineBytes }) => {
        const bytes = Buffer.from(lines.join(crlf ? '\r\n' : '\n'));
        const at = [0, ...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length];
        const chunks = at.slice(1).map((end, k) => bytes.subarray(at[k], end));
        const { wire, records } = bothWays(chunks, maxLineBytes);
        assert.deepEqual(records, wire);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a held JSON line to a PostgreSQL continuation that follows it', () => {
    const { records } = bothWays([Buffer.from(MIXED)]);
    assert.match(records[0]?.message ?? '', /"first".*\n.*DETAIL/);
  });

  it('emits the last JSON line when the input pauses, without waiting for the next line', async () => {
    const out: string[] = [];
    const p = new LinePipeline({
      naming: { fallback: 'app' },
      publish: () => true,
      publishRecord: (log) => out.push(log.message) > 0,
      idleFlushMs: 20,
    });
    p.push(Buffer.from('{"msg":"alone","level":"warn"}\n'));
    const deadline = Date.now() + 5000;
    while (out.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(out[0], 'alone');
    p.close();
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordJoiner, type IngestEvent } from './record-joiner.js';

type Wire = { message: string; service: string; stream?: string; container_id?: string; timestamp: string };

function setup(opts: { maxStreams?: number } = {}) {
  let now = 1_000;
  const out: Wire[] = [];
  const joiner = new RecordJoiner({
    publish: (w) => (out.push(JSON.parse(w) as Wire), true),
    now: () => now,
    idleFlushMs: 250,
    ...opts,
  });
  const docker = (container: string, log: string, stream = 'stderr', at = now): IngestEvent => ({
    record: { container_id: container, container_name: `/${container}`, source: stream, log: `${log}\n` },
    arrivalMs: at,
    eventTimeMs: at,
    naming: { fallback: 'docker.app' },
  });
  return { out, joiner, docker, advance: (ms: number) => (now += ms) };
}

const JAVA = [
  'Exception in thread "main" java.lang.IllegalStateException: cart is empty',
  '\tat com.shop.Cart.checkout(Cart.java:42)',
  '\tat com.shop.Main.main(Main.java:7)',
  'Caused by: java.lang.NullPointerException',
  '\t... 2 more',
];

describe('RecordJoiner', () => {
  it('joins a stack trace sent one line per record into one log with the first line’s fields and time', () => {
    const { out, joiner, docker, advance } = setup();
    const first = docker('abc', JAVA[0] as string);
    joiner.push(first);
    for (const line of JAVA.slice(1)) {
      advance(1);
      joiner.push(docker('abc', line));
    }
    assert.equal(out.length, 0, 'held while the trace may go on');
    joiner.push(docker('abc', 'next request served'));
    assert.equal(out.length, 1);
    assert.equal(out[0]?.message, JAVA.join('\n'));
    assert.equal(out[0]?.service, 'abc');
    assert.equal(out[0]?.stream, 'stderr');
    assert.equal(Date.parse(`${out[0]?.timestamp}Z`), 1_000);
  });

  it('keeps containers and streams apart', () => {
    const { out, joiner, docker } = setup();
    joiner.push(docker('a', JAVA[0] as string));
    joiner.push(docker('b', 'b says hello'));
    joiner.push(docker('a', JAVA[1] as string, 'stdout'));
    joiner.push(docker('a', JAVA[1] as string));
    joiner.flushAll();
    assert.deepEqual(out.map((w) => w.message).sort(), [`${JAVA[0]}\n${JAVA[1]}`, JAVA[1], 'b says hello'].sort());
  });

  it('sends what a stream holds before a record of that stream that is not a text line, keeping the order', () => {
    const { out, joiner, docker } = setup();
    joiner.push(docker('a', 'plain line'));
    joiner.push({
      record: { container_id: 'a', source: 'stderr', log: '{"level":"warn","msg":"json line"}' },
      arrivalMs: 1_000,
      eventTimeMs: 1_000,
      naming: { fallback: 'docker.app' },
    });
    assert.deepEqual(
      out.map((w) => w.message),
      ['plain line', 'json line'],
    );
  });

  it('sends a held record once its stream has been idle for idleFlushMs', () => {
    const { out, joiner, docker, advance } = setup();
    joiner.push(docker('a', 'lonely line'));
    advance(100);
    joiner.flushIdle();
    assert.equal(out.length, 0);
    advance(200);
    joiner.flushIdle();
    assert.deepEqual(
      out.map((w) => w.message),
      ['lonely line'],
    );
    assert.equal(joiner.held, 0);
  });

  it('sends the least recently used stream’s record when it tracks too many', () => {
    const { out, joiner, docker } = setup({ maxStreams: 2 });
    joiner.push(docker('a', 'from a'));
    joiner.push(docker('b', 'from b'));
    joiner.push(docker('a', 'again from a'));
    joiner.push(docker('c', 'from c'));
    assert.deepEqual(
      out.map((w) => w.message),
      ['from a', 'from b'],
    );
    assert.equal(joiner.held, 2);
  });

  it('joins a trace that Vector’s kubernetes_logs source sent line by line in `message`, per file', () => {
    const out: Wire[] = [];
    const joiner = new RecordJoiner({ publish: (w) => (out.push(JSON.parse(w) as Wire), true) });
    const vector = (file: string, message: string): IngestEvent => ({
      record: { file, message, source_type: 'kubernetes_logs', stream: 'stderr', timestamp: '2026-11-28T11:00:00Z' },
      arrivalMs: 0,
      eventTimeMs: undefined,
      naming: { fallback: 'http' },
    });
    joiner.push(vector('/var/log/pods/a/api/0.log', JAVA[0] as string));
    joiner.push(vector('/var/log/pods/b/web/0.log', 'GET / 200'));
    joiner.push(vector('/var/log/pods/a/api/0.log', JAVA[1] as string));
    joiner.flushAll();
    assert.deepEqual(out.map((w) => w.message).sort(), [`${JAVA[0]}\n${JAVA[1]}`, 'GET / 200'].sort());
  });

  it('passes the sink’s wait on', () => {
    const joiner = new RecordJoiner({ publish: () => false });
    assert.equal(
      joiner.push({ record: { message: 'whole' }, arrivalMs: 0, eventTimeMs: undefined, naming: { fallback: 'http' } }),
      false,
    );
  });
});

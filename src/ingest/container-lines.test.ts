import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PartialLineJoiner, lineBody, splitCri, splitSourcePrefix } from './container-lines.js';

describe('container heads', () => {
  it('cuts a CRI line into its stamp, stream, partial flag and body, keeping the body’s own spaces', () => {
    assert.deepEqual(splitCri('2024-05-01T10:00:00.123456789Z stderr P  indented'), {
      stamp: '2024-05-01T10:00:00.123456789Z',
      stream: 'stderr',
      partial: true,
      body: ' indented',
    });
    assert.deepEqual(splitCri('2024-05-01T12:00:00+02:00 stdout F')?.body, '');
    assert.equal(splitCri('2024-05-01T10:00:00Z INFO started'), undefined);
  });

  it('reads a docker compose prefix with its colours and erase-line, and the line after it', () => {
    assert.deepEqual(splitSourcePrefix('\x1b[2K\x1b[36mweb-1  | \x1b[0mhello'), { source: 'web-1', body: 'hello' });
    assert.deepEqual(splitSourcePrefix('\x1b[33mdb-1   |\x1b[0m ready'), { source: 'db-1', body: 'ready' });
    assert.equal(lineBody('plain line'), 'plain line');
  });

  it('joins the parts of a CRI line the runtime split into one full line with the first part’s stamp', () => {
    const out: string[] = [];
    const j = new PartialLineJoiner((l) => out.push(l));
    j.push('2024-05-01T10:00:00Z stdout P {"msg":"a long');
    j.push('2024-05-01T10:00:00.1Z stdout P  line');
    j.push('2024-05-01T10:00:00.2Z stdout F  split"}');
    j.push('not a CRI line');
    assert.deepEqual(out, ['2024-05-01T10:00:00Z stdout F {"msg":"a long line split"}', 'not a CRI line']);
  });

  it('joins Docker json-file records whose log has no newline yet into one record with the first part’s time', () => {
    const out: string[] = [];
    const j = new PartialLineJoiner((l) => out.push(l));
    j.push('{"log":"first ","stream":"stderr","time":"2024-05-01T10:00:00Z"}');
    j.push('{"log":"second\\n","stream":"stderr","time":"2024-05-01T10:00:01Z"}');
    j.push('{"log":"whole\\n","stream":"stdout","time":"2024-05-01T10:00:02Z"}');
    j.push('{"log":"cut at the end","stream":"stdout"}');
    j.flush();
    assert.deepEqual(out, [
      '{"log":"first second\\n","stream":"stderr","time":"2024-05-01T10:00:00Z"}',
      '{"log":"whole\\n","stream":"stdout","time":"2024-05-01T10:00:02Z"}',
      '{"log":"cut at the end","stream":"stdout"}',
    ]);
  });

  it('passes a held partial line on at the end of input and when it reaches its size limit', () => {
    const out: string[] = [];
    const j = new PartialLineJoiner((l) => out.push(l), 10);
    j.push('2024-05-01T10:00:00Z stdout P 0123456789ab');
    j.push('2024-05-01T10:00:01Z stdout P tail');
    j.flush();
    assert.deepEqual(out, ['2024-05-01T10:00:00Z stdout F 0123456789ab', '2024-05-01T10:00:01Z stdout F tail']);
  });

  it('never throws and never loses a line’s text, whatever the lines', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.string(), fc.constantFrom('2024-05-01T10:00:00Z stdout P ', '2024-05-01T10:00:00Z stderr F ')),
        ),
        (lines) => {
          const out: string[] = [];
          const j = new PartialLineJoiner((l) => out.push(l));
          for (const l of lines) j.push(l);
          j.flush();
          const bodies = (ls: string[]): string => ls.map((l) => splitCri(l)?.body ?? l).join('');
          assert.equal(bodies(out), bodies(lines));
        },
      ),
    );
  });
});

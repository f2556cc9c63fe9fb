import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LOGHUB_FORMATS, parseCsv } from '../bench/lib/loghub-formats.js';
import { evaluateLoghub } from '../bench/patterns-loghub.js';

// The evaluation's plumbing on a folder laid out as Loghub's, with lines made up for the test.
describe('Loghub evaluation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loghub-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads quoted CSV fields, with commas and doubled quotes inside', () => {
    const rows = parseCsv('LineId,Content,EventId\r\n1,"a, ""b""",E1\n2,plain,E2\n');
    assert.deepEqual(rows, [
      { LineId: '1', Content: 'a, "b"', EventId: 'E1' },
      { LineId: '2', Content: 'plain', EventId: 'E2' },
    ]);
  });

  it('rebuilds a raw line from the columns, leaving out an empty optional part', () => {
    const linux = LOGHUB_FORMATS.Linux as (r: Record<string, string>) => string;
    const row = { Month: 'Jun', Date: '14', Time: '15:16:01', Level: 'combo', Component: 'su', Content: 'x' };
    assert.equal(linux({ ...row, PID: '42' }), 'Jun 14 15:16:01 combo su[42]: x');
    assert.equal(linux({ ...row, PID: '' }), 'Jun 14 15:16:01 combo su: x');
  });

  it('scores each system found on its Content and on its raw lines read by the line parser', () => {
    mkdirSync(join(dir, 'Apache'));
    const rows = [
      ['Sun Dec 04 04:47:44 2005', 'notice', 'worker 12 started', 'E1'],
      ['Sun Dec 04 04:47:45 2005', 'error', 'disk /dev/sda1 full', 'E2'],
      ['Sun Dec 04 04:47:46 2005', 'notice', 'worker 13 started', 'E1'],
    ];
    const csv = ['LineId,Time,Level,Content,EventId', ...rows.map((r, i) => [i + 1, ...r].join(','))].join('\n');
    writeFileSync(join(dir, 'Apache', 'Apache_2k.log_structured.csv'), `${csv}\n`);
    const [apache, ...others] = evaluateLoghub(dir);
    assert.deepEqual(others, []);
    assert.deepEqual(apache, { system: 'Apache', rows: 3, content: 1, raw: 1, rawFromLog: false });
  });
});

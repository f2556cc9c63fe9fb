import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-query-range-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'days.log');
writeFileSync(
  file,
  [
    '{"timestamp":"2026-12-03T23:50:00Z","level":"INFO","service":"api","message":"the day before"}',
    '{"timestamp":"2026-12-04T10:00:00Z","level":"WARN","service":"api","message":"second day morning"}',
    '{"timestamp":"2026-12-04T12:00:00Z","level":"ERROR","service":"db","message":"second day noon"}',
    '{"timestamp":"2026-12-05T09:00:00Z","level":"INFO","service":"api","message":"third day"}',
    '',
  ].join('\n'),
);

describe('logstream query --since/--until', () => {
  it('prints only the logs whose own time is in the range, and counts only them in a table', async () => {
    const env = { TZ: 'UTC' };
    const logs = await runCli(['query', '', file, '--since', '2026-12-04', '--until', '2026-12-04T12:00'], env);
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, '2026-12-04T10:00:00.000Z WARN  api second day morning\n');
    const table = await runCli(
      ['query', '| stats count by service', file, '--since', '2026-12-04T11:00:00+01:00'],
      env,
    );
    assert.equal(table.stdout, 'service  count\napi          2\ndb           1\n');
    // Nothing in the range: exit 1, as for any query that matches nothing.
    assert.equal((await runCli(['query', '', file, '--since', '1h'], env)).code, 1);
  });

  it('refuses a time it cannot read, or an empty range, in one line (exit 2)', async () => {
    const bad = await runCli(['query', '', file, '--since', 'last week']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since <time>.*got "last week"/);
    const empty = await runCli(['query', '', file, '--since', '2026-12-05', '--until', '2026-12-04']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--until must be later than --since/);
  });
});

import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startCli } from './helpers/cli.js';
import { waitFor } from './helpers/wait-for.js';

type Wire = Record<string, unknown>;

describe('logstream ship follows files like tail -F', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logstream-tail-'));
  const app = join(dir, 'app.log');
  const late = join(dir, 'late.log');
  writeFileSync(app, 'INFO existing line\n');
  const cli = startCli(['ship', '--stdout', app, late]);
  const logs = (): Wire[] =>
    cli
      .stdout()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Wire);
  const seen = (message: string): boolean => logs().some((w) => w.message === message);

  after(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited;
  });

  it('reads what the file holds, naming the service after the file', async () => {
    // Generous: the first wait includes starting node on a busy machine.
    await waitFor(() => seen('existing line'), 'the existing line', 15_000);
    assert.equal(logs()[0]?.service, 'app');
  });

  it('picks up appended lines, including one written in two pieces', async () => {
    appendFileSync(app, '[ERROR] appended\nhalf a ');
    await waitFor(() => seen('appended'), 'the appended line', 5000);
    appendFileSync(app, 'line\n');
    await waitFor(() => seen('half a line'), 'the line completed later', 5000);
  });

  it('follows a rotation (rename, then a new file of the same name)', async () => {
    appendFileSync(app, 'last line of the old file\n');
    renameSync(app, `${app}.1`);
    appendFileSync(`${app}.1`, 'written to the old file after the rename\n');
    writeFileSync(app, 'first line of the new file\n');
    await waitFor(() => seen('first line of the new file'), 'the new file', 5000);
    assert.ok(seen('last line of the old file'));
    assert.ok(seen('written to the old file after the rename'));
  });

  it('starts again from the top after a truncation (copytruncate)', async () => {
    truncateSync(app, 0);
    await new Promise((r) => setTimeout(r, 500));
    appendFileSync(app, 'after truncation\n');
    await waitFor(() => seen('after truncation'), 'the line after truncation', 5000);
  });

  it('reads a file that appears later, merged with the others', async () => {
    writeFileSync(late, '{"level":"warn","msg":"late file"}\n');
    await waitFor(() => seen('late file'), 'the late file', 5000);
    assert.equal(logs().find((w) => w.message === 'late file')?.service, 'late');
  });
});

import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TerminalOutput } from './terminal-output.js';

const dir = mkdtempSync(join(tmpdir(), 'terminal-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function open(name: string): { fd: number; path: string } {
  const path = join(dir, name);
  return { fd: openSync(path, 'w'), path };
}

const drained = (out: TerminalOutput): Promise<void> =>
  new Promise((resolve) => {
    const off = out.onDrain(() => {
      off();
      resolve();
    });
  });

describe('TerminalOutput', () => {
  it('writes everything in order, queueing behind the write in flight, and reports the drain', async () => {
    const { fd, path } = open('order');
    const out = new TerminalOutput(fd, (err) => assert.fail(err));
    out.write('frame 1|');
    assert.equal(out.busy, true);
    out.write('frame 2 ✓|');
    out.write('frame 3');
    await drained(out);
    assert.equal(out.busy, false);
    closeSync(fd);
    assert.equal(readFileSync(path, 'utf8'), 'frame 1|frame 2 ✓|frame 3');
  });

  it('drops queued output once closed', async () => {
    const { fd, path } = open('closed');
    const out = new TerminalOutput(fd, (err) => assert.fail(err));
    out.write('in flight|');
    out.write('queued');
    out.close();
    out.write('after');
    await new Promise((resolve) => setTimeout(resolve, 50));
    closeSync(fd);
    assert.equal(readFileSync(path, 'utf8'), 'in flight|');
    assert.equal(out.busy, false);
  });

  it('reports a failed write once and writes nothing more', async () => {
    const fd = 1 << 20; // never open (far above the descriptor limit): every write fails with EBADF
    const errors: string[] = [];
    const out = new TerminalOutput(fd, (err) => errors.push(err.code ?? ''));
    out.write('lost');
    out.write('also lost');
    await new Promise((resolve) => setTimeout(resolve, 50));
    out.write('after the failure');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(errors, ['EBADF']);
    assert.equal(out.busy, false);
  });
});

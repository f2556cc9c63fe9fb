import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { followFile, type FollowEvent } from './file-follower.js';
import { inputProblem } from './input-check.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-follower-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function collect(path: string): { text: () => string; events: FollowEvent[]; done: Promise<void>; stop: () => void } {
  let text = '';
  const events: FollowEvent[] = [];
  const f = followFile({
    path,
    pollMs: 20,
    onData: (chunk) => void (text += chunk.toString()),
    onBreak: (event) => void events.push(event),
  });
  return { text: () => text, events, done: f.done, stop: () => f.stop() };
}

describe('followFile', () => {
  it('reads a FIFO as a stream that ends when its writer closes it', async () => {
    const fifo = join(dir, 'in.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const f = collect(fifo);
    // No writer yet: the FIFO is waited for, not taken as ended.
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(f.events, ['opened']);
    const writer = spawn('sh', ['-c', `printf 'one\\ntwo\\n' > '${fifo}'`], { stdio: 'ignore' });
    assert.equal(await new Promise((resolve) => writer.on('exit', resolve)), 0);
    await f.done;
    assert.equal(f.text(), 'one\ntwo\n');
    assert.deepEqual(f.events, ['opened', 'ended']);
  });

  it('reads a character device as a stream', async () => {
    const f = collect('/dev/null');
    await f.done;
    assert.deepEqual(f.events, ['opened', 'ended']);
  });

  it('stops reading a FIFO whose writer is idle at once when told to', async () => {
    const fifo = join(dir, 'idle.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const writer = spawn('sh', ['-c', 'exec 3>"$0"; printf "one\\n" >&3; exec sleep 30', fifo], { stdio: 'ignore' });
    try {
      const f = collect(fifo);
      const deadline = Date.now() + 5000;
      while (f.text() !== 'one\n' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(f.text(), 'one\n');
      f.stop();
      await f.done;
      assert.deepEqual(f.events, ['opened', 'ended']);
    } finally {
      writer.kill();
    }
  });

  it('fails naming the path when it is a directory', async () => {
    const f = collect(dir);
    await assert.rejects(f.done, { message: `${dir}: it is a directory` });
  });

  it('still follows a regular file after its end', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, 'first\n');
    const f = collect(file);
    const deadline = Date.now() + 5000;
    while (f.text() !== 'first\n' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    f.stop();
    await f.done;
    assert.equal(f.text(), 'first\n');
    assert.deepEqual(f.events, ['opened']);
  });
});

describe('inputProblem', () => {
  it('says why a path cannot be read, without opening it', () => {
    assert.equal(inputProblem(dir), 'it is a directory');
    assert.equal(inputProblem(join(dir, 'nothing-here')), 'no such file or directory');
    const file = join(dir, 'plain.log');
    writeFileSync(file, 'x\n');
    assert.equal(inputProblem(file), undefined);
    assert.equal(inputProblem(join(file, 'below')), 'a part of the path is not a directory');
    assert.equal(inputProblem('/dev/null'), undefined);
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RunQueueWait } from './run-queue-wait.js';

describe('RunQueueWait', () => {
  const linux = existsSync('/proc/thread-self/schedstat');

  it(
    'reads the thread’s total run-queue wait, which never goes back',
    { skip: !linux && 'no /proc/thread-self/schedstat' },
    () => {
      const wait = RunQueueWait.open();
      assert.ok(wait !== undefined);
      const first = wait.ms();
      assert.ok(first !== undefined && first >= 0);
      let x = 0;
      for (let i = 0; i < 1e6; i++) x = (x * 31 + i) | 0;
      const second = wait.ms();
      assert.ok(second !== undefined && second >= first, `${second} after ${first} (${x})`);
      wait.close();
      assert.equal(wait.ms(), undefined);
      wait.close(); // closing twice is harmless
    },
  );

  it('is absent, not failing, where the file does not exist', { skip: linux && 'this is Linux' }, () => {
    assert.equal(RunQueueWait.open(), undefined);
  });
});

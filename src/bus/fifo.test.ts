import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Fifo } from './fifo.js';

describe('Fifo', () => {
  it('returns items in the order they were pushed, across compactions', () => {
    const fifo = new Fifo<number>();
    let next = 0;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3000; i++) fifo.push(round * 3000 + i);
      for (let i = 0; i < 2500; i++) assert.equal(fifo.shift(), next++);
    }
    assert.equal(fifo.length, 5 * 500);
    while (fifo.length > 0) assert.equal(fifo.shift(), next++);
    assert.equal(fifo.shift(), undefined);
  });

  it('reports, when cleared, how many items it dropped', () => {
    const fifo = new Fifo<string>();
    fifo.push('a');
    fifo.push('b');
    fifo.shift();
    assert.equal(fifo.clear(), 1);
    assert.equal(fifo.length, 0);
  });
});

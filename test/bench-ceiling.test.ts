import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ceilingRatio } from '../bench/lib/scenarios/analyzer-threads.js';

const run = (analyzerUs: number, redisUs: number) => ({
  rate: 0,
  logs: 1_000_000,
  cpuSeconds: analyzerUs,
  redisCpuSeconds: redisUs,
});

describe('the scaling ceiling the analyzer-threads bench prints', () => {
  it('is 2× on two cores when Redis costs nothing and two workers cost what one does', () => {
    assert.equal(ceilingRatio(run(2, 0), run(2, 0), 2), 2);
  });

  it('shrinks by what Redis takes from the cores the second run needs', () => {
    // One thread: bound by its own core (1/2 per µs); two: 2 cores / (2 + 1 µs) = 2/3 per µs.
    assert.ok(Math.abs(ceilingRatio(run(2, 1), run(2, 1), 2) - 4 / 3) < 1e-9);
  });

  it('bounds the first run by the shared cores too when Redis costs more than the analyzer', () => {
    // One: min(1/1, 2/(1+3)) = 1/2 per µs; two: 2/(1+3) = 1/2 per µs.
    assert.equal(ceilingRatio(run(1, 3), run(1, 3), 2), 1);
  });
});

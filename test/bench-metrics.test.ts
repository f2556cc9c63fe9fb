import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameRows } from '../bench/lib/frame-rows.js';
import { summarizeMetrics, type MetricsLine } from '../bench/lib/metrics-file.js';

const line = (t: number, frameMs: number[], extra: Partial<MetricsLine> = {}): MetricsLine => ({
  t,
  frames: frameMs.length,
  frameMs: { p50: frameMs[0] ?? 0, p99: Math.max(...frameMs), max: Math.max(...frameMs) },
  newestAgeMs: { p50: 0, p99: 0, max: 0, count: 0 },
  keyToFrameMs: { p50: 0, p99: 0, max: 0, count: 0 },
  received: 0,
  buffered: 0,
  missed: 0,
  dropped: 0,
  rss: 1,
  samples: { frameMs, newestAgeMs: [], keyToFrameMs: [] },
  ...extra,
});

describe('bench metrics summary', () => {
  it('computes exact quantiles over the raw samples of every second', () => {
    // 99 fast frames and one slow one, spread over seconds whose own p99s are all "slow".
    const lines = [line(1000, [...Array<number>(49).fill(1), 40]), line(2000, Array<number>(50).fill(1))];
    const s = summarizeMetrics(lines)!;
    assert.equal(s.frameMs.count, 100);
    assert.equal(s.frameMs.p50, 1);
    assert.equal(s.frameMs.max, 40);
    // The 99th of 100 samples is a fast frame; merging the per-second summaries would say 40.
    assert.equal(s.frameMs.p99, 1);
  });

  it('leaves the warm-up out of the quantiles and reports its worst values apart', () => {
    const lines = [line(1500, [60]), line(2500, [9]), line(3500, [1, 2]), line(4500, [1, 3])];
    const s = summarizeMetrics(lines, 1000, Infinity, 2000)!;
    assert.equal(s.frameMs.max, 3);
    assert.deepEqual(s.warmup, { lines: 2, frameMaxMs: 60, newestAgeMaxMs: 0 });
    assert.equal(s.frames, 6);
  });

  it('falls back to the per-second summaries for files without samples', () => {
    const { samples: _a, ...old1 } = line(1000, [1, 30]);
    const { samples: _b, ...old2 } = line(2000, [2, 3]);
    const s = summarizeMetrics([old1, old2])!;
    assert.equal(s.frameMs.p99, 30);
  });

  it('gives frame time on a core from the total less the run-queue wait, and the share of frames that waited', () => {
    const withWait = (t: number, cpu: number[], wait: number[]): MetricsLine => {
      const l = line(
        t,
        cpu.map((c, i) => c + (wait[i] ?? 0)),
      );
      return { ...l, samples: { ...l.samples!, frameCpuMs: cpu, frameWaitMs: wait } };
    };
    const s = summarizeMetrics([withWait(1000, [0.5, 0.6], [0, 4]), withWait(2000, [0.7, 0.5], [0.05, 0])])!;
    assert.equal(s.frameCpu?.ms.max, 0.7);
    assert.equal(s.frameCpu?.ms.count, 4);
    assert.equal(s.frameCpu?.waitedShare, 0.25);
    // A collector that could not read the wait (not Linux) leaves it out: no on-core figure.
    assert.equal(summarizeMetrics([line(1000, [1, 2])])?.frameCpu, undefined);
  });

  it('says over how many frames the on-core p99 was taken, and which frame it is', () => {
    const samples = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
    const rowFor = (n: number): string => {
      const s = summarizeMetrics([
        line(1000, samples(n), {
          samples: {
            frameMs: samples(n),
            frameCpuMs: samples(n),
            frameWaitMs: samples(n).map(() => 0),
            newestAgeMs: [],
            keyToFrameMs: [],
          },
        }),
      ]);
      return String(frameRows(s)[0]?.baseline);
    };
    assert.match(rowFor(50), /^50 frames \(p99 is the slowest\); 0\.0% waited/);
    assert.match(rowFor(250), /^250 frames \(p99 is the 3rd slowest\)/);
    assert.match(rowFor(1000), /^1,000 frames \(p99 is the 11th slowest\)/);
    // The rank names the very sample the p99 is: 1..1000 ascending, the 11th slowest is 990.
    const s = summarizeMetrics([
      line(1000, samples(1000), {
        samples: {
          frameMs: samples(1000),
          frameCpuMs: samples(1000),
          frameWaitMs: samples(1000).map(() => 0),
          newestAgeMs: [],
          keyToFrameMs: [],
        },
      }),
    ]);
    assert.equal(s?.frameCpu?.ms.p99, 990);
  });
});

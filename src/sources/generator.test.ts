import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskMessage } from '../core/mask-message.js';
import { isErrorLevel } from '../protocol/level.js';
import { encodeLog } from '../protocol/log-encode.js';
import { createLogGenerator, DEFAULT_SERVICES, type GeneratedLog, type LogGeneratorOptions } from './generator.js';

const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);

/** `n` logs, `stepMs` of simulated time apart. */
function run(opts: LogGeneratorOptions, n: number, stepMs = 1): GeneratedLog[] {
  const gen = createLogGenerator(opts);
  return Array.from({ length: n }, (_, i) => gen.next(T0 + i * stepMs));
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.filter(test).length / items.length;
}

const isError = (log: GeneratedLog): boolean => isErrorLevel(log.level);

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const cellOf = (log: GeneratedLog): string => `${Math.floor(log.time / 1000)} ${log.service}`;

/** Per (second, service): how many logs, how many errors. */
function errorRates(logs: readonly GeneratedLog[]): Map<string, { n: number; errors: number }> {
  const cells = new Map<string, { n: number; errors: number }>();
  for (const log of logs) {
    const cell = cells.get(cellOf(log)) ?? { n: 0, errors: 0 };
    cell.n++;
    if (isError(log)) cell.errors++;
    cells.set(cellOf(log), cell);
  }
  return cells;
}

/** The (second, service) cells where a service with enough traffic failed more than 25%. */
function failingCells(logs: readonly GeneratedLog[]): Set<string> {
  return new Set([...errorRates(logs)].filter(([, c]) => c.n >= 50 && c.errors / c.n > 0.25).map(([k]) => k));
}

describe('createLogGenerator', () => {
  const quiet = run({ seed: 'mix', errorBursts: false }, 100_000);

  it('replays the same logs for the same seed and times', () => {
    assert.deepEqual(run({ seed: 42 }, 2_000, 7), run({ seed: '42' }, 2_000, 7));
  });

  it('produces different logs for different seeds', () => {
    const a = run({ seed: 1 }, 200).map((l) => l.message);
    const b = run({ seed: 2 }, 200).map((l) => l.message);
    assert.ok(a.filter((m, i) => m === b[i]).length < 20);
  });

  it('writes with nextJson exactly what encodeLog makes of next, extra members before the brace', () => {
    const services = [undefined, ['we"ird\\name', 'tab\tservice', 'lone\ud800', 'naïve-ünicode']];
    for (const [seed, names] of [
      [1, services[0]],
      ['storm', services[0]],
      [8, services[1]],
    ] as const) {
      const objects = createLogGenerator({ seed, services: names });
      const json = createLogGenerator({ seed, services: names });
      for (let i = 0; i < 60_000; i++) {
        const t = T0 + i * 3.7 + 0.0004;
        const want = encodeLog(objects.next(t));
        assert.equal(
          json.nextJson(t, i % 2 === 0 ? '' : `,"_ls":{"p":"p","s":${i}}`),
          i % 2 === 0 ? want : `${want.slice(0, -1)},"_ls":{"p":"p","s":${i}}}`,
        );
      }
    }
  });

  it('stamps each log with the time it was asked for', () => {
    const gen = createLogGenerator({ seed: 3 });
    assert.equal(gen.next(T0 + 12.5).time, T0 + 12.5);
  });

  it('mixes levels mostly info, then debug and warn, with a few errors and rare fatals', () => {
    const levels = (level: string): number => share(quiet, (l) => l.level === level);
    assert.ok(levels('info') > 0.62 && levels('info') < 0.78, `info ${levels('info')}`);
    assert.ok(levels('debug') > 0.1 && levels('debug') < 0.2, `debug ${levels('debug')}`);
    assert.ok(levels('warn') > 0.07 && levels('warn') < 0.14, `warn ${levels('warn')}`);
    assert.ok(levels('error') > 0.025 && levels('error') < 0.065, `error ${levels('error')}`);
    assert.ok(levels('fatal') > 0.005 && levels('fatal') < 0.02, `fatal ${levels('fatal')}`);
    assert.equal(levels('trace'), 0);
  });

  it('varies the level mix from service to service', () => {
    const rates = DEFAULT_SERVICES.map((s) =>
      share(
        quiet.filter((l) => l.service === s),
        isError,
      ),
    );
    assert.ok(Math.max(...rates) / Math.min(...rates) > 1.3, `error rates ${rates.join(' ')}`);
  });

  it('sends most traffic to the first services and little to the last, like Zipf', () => {
    const shares = DEFAULT_SERVICES.map((s) => share(quiet, (l) => l.service === s));
    assert.ok(
      shares.every((s) => s > 0.02),
      `shares ${shares.join(' ')}`,
    );
    assert.ok(shares[0]! > 0.3 && shares[0]! > 5 * shares.at(-1)!, `shares ${shares.join(' ')}`);
  });

  it('uses the given services instead of the defaults', () => {
    const logs = run({ seed: 5, services: ['billing', 'edge-proxy', 'thumbnailer'] }, 5_000);
    assert.deepEqual([...new Set(logs.map((l) => l.service))].sort(), ['billing', 'edge-proxy', 'thumbnailer']);
    // A name that says what a service does gets that kind's messages.
    assert.ok(logs.some((l) => l.service === 'billing' && /Payment|payment|Refund/.test(l.message)));
  });

  it('refuses an empty service list or an empty name', () => {
    assert.throws(() => createLogGenerator({ services: [] }), RangeError);
    assert.throws(() => createLogGenerator({ services: ['a', ' '] }), RangeError);
  });

  it('gives every log a trace id, a host and a pod of its service', () => {
    for (const log of quiet.slice(0, 5_000)) {
      assert.match(String(log.fields.trace_id), /^[0-9a-f]{32}$/);
      assert.match(String(log.fields.host), /^ip-10-0-\d+-\d+$/);
      assert.ok(String(log.fields.pod).startsWith(`${log.service}-`));
    }
    // Some logs continue a trace that an earlier log started.
    assert.ok(new Set(quiet.map((l) => l.fields.trace_id)).size < quiet.length * 0.8);
  });

  it('reports HTTP status codes that match the level', () => {
    const http = quiet.filter((l) => l.fields.http_status !== undefined);
    assert.ok(http.length > quiet.length / 3);
    for (const log of http) {
      const status = log.fields.http_status as number;
      assert.equal(typeof log.fields.method, 'string');
      assert.match(String(log.fields.path), /^\/(api|internal)\//);
      if (log.level === 'info' || log.level === 'debug') assert.ok(status < 400, `${status} ${log.message}`);
      if (log.level === 'warn') assert.ok(status >= 400 && status < 500, `${status} ${log.message}`);
      if (isError(log)) assert.ok(status >= 500, `${status} ${log.message}`);
    }
  });

  it('names the same order in the message and the path', () => {
    const pathOf = (l: GeneratedLog): string => (typeof l.fields.path === 'string' ? l.fields.path : '');
    const both = quiet.filter((l) => /ORD-\d+/.test(l.message) && /ORD-\d+/.test(pathOf(l)));
    assert.ok(both.length > 50);
    for (const log of both) assert.equal(/ORD-\d+/.exec(log.message)?.[0], /ORD-\d+/.exec(pathOf(log))?.[0]);
  });

  it('makes failed requests slower and the payment service heavier-tailed', () => {
    const latencies = (test: (l: GeneratedLog) => boolean): number[] =>
      quiet.filter((l) => test(l) && typeof l.fields.latency_ms === 'number').map((l) => l.fields.latency_ms as number);
    const ok = latencies((l) => l.service === 'api-gateway' && l.level === 'info');
    const failed = latencies((l) => l.service === 'api-gateway' && l.level === 'error');
    assert.ok(ok.every((x) => x >= 0) && failed.length > 100);
    assert.ok(quantile(failed, 0.5) > 2 * quantile(ok, 0.5));
    const tail = (xs: number[]): number => quantile(xs, 0.99) / quantile(xs, 0.5);
    const payment = latencies((l) => l.service === 'payment-service' && l.level === 'info');
    const users = latencies((l) => l.service === 'user-service' && l.level === 'info');
    assert.ok(tail(payment) > 1.5 * tail(users), `payment ${tail(payment)} users ${tail(users)}`);
  });

  it('writes errors whose masked messages fall into a small number of patterns', () => {
    const errors = quiet.filter(isError);
    const patterns = new Set(errors.map((l) => maskMessage(l.message)));
    assert.ok(errors.length > 3_000);
    assert.ok(patterns.size < 120, `${patterns.size} patterns`);
    assert.ok(patterns.size > 30, `${patterns.size} patterns`);
  });

  it('writes the odd Japanese or emoji message, from the notification service', () => {
    const wide = quiet.filter((l) => /[\u3040-\u30ff\u4e00-\u9fff]|\p{Extended_Pictographic}/u.test(l.message));
    assert.ok(wide.length > 20);
    assert.ok(wide.length < quiet.length * 0.01);
    assert.ok(wide.every((l) => l.service === 'notification-service'));
  });
});

describe('error bursts', () => {
  // 300 s of simulated time at 1,000 logs/s: enough for several bursts.
  const stormy = run({ seed: 'storm' }, 300_000);

  it('now and then make one service fail for a few seconds', () => {
    const failing = failingCells(stormy);
    assert.ok(failing.size >= 6, `${failing.size} failing service-seconds`);
    // Each burst hits one service at a time.
    const seconds = [...failing].map((cell) => cell.split(' ')[0]);
    assert.equal(new Set(seconds).size, seconds.length);
  });

  it('never happen when turned off', () => {
    assert.equal(failingCells(run({ seed: 'storm', errorBursts: false }, 300_000)).size, 0);
  });

  it('follow simulated time, not the wall clock', () => {
    const frozen = run({ seed: 'storm' }, 100_000, 0);
    assert.ok(share(frozen, isError) < 0.07);
  });

  it('slow the failing service down', () => {
    const failing = failingCells(stormy);
    const calm = new Map<string, number[]>();
    const burst = new Map<string, number[]>();
    for (const log of stormy) {
      if (log.level !== 'info' || typeof log.fields.latency_ms !== 'number') continue;
      const into = failing.has(cellOf(log)) ? burst : calm;
      const list = into.get(log.service) ?? [];
      list.push(log.fields.latency_ms);
      into.set(log.service, list);
    }
    let compared = 0;
    for (const [service, latencies] of burst) {
      if (latencies.length < 30) continue;
      compared++;
      assert.ok(quantile(latencies, 0.5) > 2 * quantile(calm.get(service) ?? [], 0.5), service);
    }
    assert.ok(compared >= 2, `${compared} services compared`);
  });
});

describe('streams of one seed', () => {
  /** The service → "host pod" pairs a run used. */
  const instances = (logs: readonly GeneratedLog[]): Map<string, Set<string>> => {
    const out = new Map<string, Set<string>>();
    for (const l of logs) {
      const set = out.get(l.service) ?? new Set<string>();
      set.add(`${String(l.fields.host)} ${String(l.fields.pod)}`);
      out.set(l.service, set);
    }
    return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
  };
  // 300 s of simulated time at 1,000 logs/s each, like the bursts above.
  const streams = [0, 1].map((stream) => run({ seed: 'storm', stream }, 300_000));

  it('simulate the same services on the same hosts and pods as the generator alone', () => {
    const alone = instances(run({ seed: 'storm', errorBursts: false }, 20_000));
    assert.equal(alone.size, DEFAULT_SERVICES.length);
    for (const logs of streams) assert.deepEqual(instances(logs), alone);
  });

  it('hit the same service with a burst at the same seconds', () => {
    const [a, b] = streams.map((logs) => failingCells(logs)) as [Set<string>, Set<string>];
    assert.ok(a.size >= 6, `${a.size} failing service-seconds`);
    // A burst's first and last second are partly quiet: whether they pass the threshold depends
    // on the draws. Every second inside a burst must fail in both streams.
    const inner = (cells: Set<string>): string[] =>
      [...cells].filter((cell) => {
        const [second, service] = cell.split(' ') as [string, string];
        return cells.has(`${Number(second) - 1} ${service}`) && cells.has(`${Number(second) + 1} ${service}`);
      });
    assert.ok(inner(a).length >= 4, `${inner(a).length} inner failing service-seconds`);
    for (const cell of inner(a)) assert.ok(b.has(cell), `${cell} fails in stream 0 only`);
    for (const cell of inner(b)) assert.ok(a.has(cell), `${cell} fails in stream 1 only`);
  });

  it('draw different logs, each stream replaying its own for the same seed', () => {
    const [a, b] = streams.map((logs) => logs.slice(0, 2_000).map(encodeLog)) as [string[], string[]];
    assert.ok(a.filter((line, i) => line === b[i]).length < 20);
    assert.deepEqual(run({ seed: 'storm', stream: 1 }, 2_000).map(encodeLog), b);
    const alone = run({ seed: 'storm' }, 2_000).map(encodeLog);
    assert.ok(alone.filter((line, i) => line === a[i]).length < 20);
  });

  it('line their bursts up from a common origin, however often each is asked', () => {
    const origin = T0 - 5_000;
    // Stream 0 asked every 1 ms, stream 3 every 0.5 ms: per second, the service failing (if any).
    const topErrors = (stream: number, stepMs: number): (string | undefined)[] => {
      const gen = createLogGenerator({ seed: 'storm', stream, burstOriginMs: origin });
      return Array.from({ length: 300 }, (_, s) => {
        const logs: GeneratedLog[] = [];
        for (let t = T0 + s * 1_000; t < T0 + (s + 1) * 1_000; t += stepMs) logs.push(gen.next(t));
        const [cell] = failingCells(logs);
        return cell?.split(' ')[1];
      });
    };
    const a = topErrors(0, 1);
    const b = topErrors(3, 0.5);
    const failing = a.flatMap((service, s) =>
      service !== undefined && a[s - 1] === service && a[s + 1] === service ? [s] : [],
    );
    assert.ok(failing.length >= 4, `${failing.length} seconds inside bursts`);
    for (const s of failing) assert.equal(b[s], a[s], `second ${s}`);
    assert.ok(new Set(a.filter((x) => x !== undefined)).size >= 2);
  });

  it('refuses a stream that is not a non-negative integer', () => {
    assert.throws(() => createLogGenerator({ stream: -1 }), RangeError);
    assert.throws(() => createLogGenerator({ stream: 1.5 }), RangeError);
  });
});

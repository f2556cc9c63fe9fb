import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { MAX_BUFFER_CAPACITY, LogBuffer } from '../services/collector/log-buffer.js';
import { activeConfig, initConfig } from '../config/cli-config.js';
import {
  DEFAULT_REDIS_URL,
  defaultRedisUrl,
  parseNumberIn,
  RANGES,
  retentionOption,
  spanOption,
  timeOption,
} from './options.js';

const ranges = Object.entries(RANGES);

describe('numeric options', () => {
  it('accept every whole number in their range, written plainly', () => {
    for (const [name, range] of ranges) {
      fc.assert(
        fc.property(
          fc.integer({ min: Math.ceil(range.min), max: Math.min(range.max, Number.MAX_SAFE_INTEGER) }),
          (n) => {
            assert.equal(parseNumberIn(range, String(n)), n, name);
          },
        ),
        { numRuns: 50 },
      );
    }
  });

  it('refuse what lies outside the range and say the largest value allowed', () => {
    for (const [name, range] of ranges) {
      for (const bad of [
        String(range.max + 1),
        '99999999999999999999',
        '-1',
        String(range.min - 1),
        '1e3',
        'NaN',
        'Infinity',
        '0x10',
        '',
        ' ',
        'ten',
      ]) {
        assert.throws(
          () => parseNumberIn(range, bad),
          (err: unknown) =>
            err instanceof InvalidArgumentError &&
            err.message.includes(`to ${range.max}`) &&
            err.message.includes(`"${bad}"`),
          `${name} ${JSON.stringify(bad)}`,
        );
      }
    }
  });

  it('take fractions only where a fraction means something', () => {
    assert.equal(parseNumberIn(RANGES.rate, '0.5'), 0.5);
    assert.equal(parseNumberIn(RANGES.rate, '.25'), 0.25);
    assert.throws(() => parseNumberIn(RANGES.rate, '0.0001'), /from 0\.001 to 1000000/);
    for (const range of [
      RANGES.buffer,
      RANGES.count,
      RANGES.lineBytes,
      RANGES.threads,
      RANGES.latenessMs,
      RANGES.top,
      RANGES.bodyBytes,
    ]) {
      assert.throws(() => parseNumberIn(range, '1.5'), /whole number/);
    }
  });

  it('allow no buffer larger than the collector can hold, and one that large works', () => {
    assert.equal(RANGES.buffer.max, MAX_BUFFER_CAPACITY);
    const buffer = new LogBuffer<string>(parseNumberIn(RANGES.buffer, String(MAX_BUFFER_CAPACITY)));
    buffer.push({ time: 1, timeFromEvent: false, level: 'info', service: 's', message: 'hello', plain: true }, 'hello');
    assert.equal(buffer.row(0)?.message, 'hello');
    assert.throws(() => new LogBuffer<string>(MAX_BUFFER_CAPACITY + 1), /from 1 to 10000000/);
  });
});

describe('the default of --redis', () => {
  it("is the config file's redis when $REDIS_URL is not set, and the environment is left as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logstream-options-'));
    try {
      const file = join(dir, 'config.toml');
      writeFileSync(file, '[defaults]\nredis = "redis://from-config:6380"\n');
      const env: NodeJS.ProcessEnv = { XDG_CONFIG_HOME: dir };
      await initConfig(['--config', file], env);
      assert.deepEqual(env, { XDG_CONFIG_HOME: dir });
      assert.equal(activeConfig()?.defaults?.redis, 'redis://from-config:6380');
      assert.equal(defaultRedisUrl(env), 'redis://from-config:6380');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is $REDIS_URL when set, else the built-in one', () => {
    const config = { defaults: { redis: 'redis://from-config:6380' } };
    assert.equal(defaultRedisUrl({ REDIS_URL: ' redis://from-env:6381 ' }, config), 'redis://from-env:6381');
    assert.equal(defaultRedisUrl({ REDIS_URL: '' }, config), 'redis://from-config:6380');
    assert.equal(defaultRedisUrl({}, {}), DEFAULT_REDIS_URL);
  });
});

describe('transport options', () => {
  it('reads --retention as a count or a time and --since as a time, refusing anything else in one line', () => {
    assert.deepEqual(retentionOption('1000000'), { kind: 'count', count: 1_000_000 });
    assert.deepEqual(retentionOption('2h'), { kind: 'span', spanMs: 7_200_000 });
    assert.equal(spanOption('5m'), 300_000);
    assert.throws(() => retentionOption('lots'), /count of entries .* or a time/);
    assert.throws(() => spanOption('5'), /a time such as 30s/);
  });

  it('reads --since and --until as how long ago or an ISO time, refusing anything else in one line', () => {
    const now = Date.UTC(2026, 11, 5, 12, 0, 0);
    assert.equal(timeOption('15m', now), now - 900_000);
    assert.equal(timeOption('2026-12-05T10:00:00Z', now), Date.UTC(2026, 11, 5, 10));
    assert.throws(() => timeOption('last tuesday', now), /how long ago \(15m, 2h, 1d\).*got "last tuesday"/);
  });
});

import { InvalidArgumentError } from 'commander';
import { activeConfig } from '../config/cli-config.js';
import type { ConfigFile } from '../config/schema.js';
import { parseRetention, parseSpan, type StreamRetention } from '../bus/stream-retention.js';
import { parseTime, TIME_FORMS } from '../core/time-bound.js';
import { DEFAULT_MAX_PATTERNS, DEFAULT_MAX_SERVICES } from '../core/window-accumulator.js';
import { DEFAULT_LOGS_CHANNEL, DEFAULT_STATS_CHANNEL } from '../protocol/channels.js';
import { MAX_BUFFER_CAPACITY } from '../services/collector/log-buffer.js';
import { MAX_SEND_THREADS } from './commands/send-plan.js';

/** Options every Redis-facing command takes. */
export interface BusOptions {
  redis: string;
  logsChannel: string;
  statsChannel: string;
}

/** The Redis URL used when neither --redis, $REDIS_URL nor the config file says otherwise. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Default for --redis: $REDIS_URL when set, else the config file's `redis`. */
export function defaultRedisUrl(
  env: NodeJS.ProcessEnv = process.env,
  config: ConfigFile | undefined = activeConfig(),
): string {
  const fromEnv = env.REDIS_URL?.trim();
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return config?.defaults?.redis ?? DEFAULT_REDIS_URL;
}

/**
 * The numeric options and the range each accepts, in one table: every number on the command
 * line is read by `numberOption`, so a value out of range is a one-line usage error (exit 2)
 * that says what is allowed, never a crash or a silent misbehaviour further on.
 */
export const RANGES = {
  /** --buffer: as many logs as the collector's buffer can hold (see MAX_BUFFER_CAPACITY). */
  buffer: { min: 1, max: MAX_BUFFER_CAPACITY, integer: true, unit: 'logs' },
  /** --rate: below one log every 1,000 s the pacing timer would overflow; above, one host cannot generate. */
  rate: { min: 0.001, max: 1_000_000, integer: false, unit: 'logs per second' },
  count: { min: 1, max: 1_000_000_000_000, integer: true, unit: 'logs' },
  threads: { min: 1, max: MAX_SEND_THREADS, integer: true, unit: 'threads' },
  /** --max-line-bytes: a line is held whole in memory (and up to 6 times that as JSON) before it is cut. */
  lineBytes: { min: 1, max: 64 * 1024 * 1024, integer: true, unit: 'bytes' },
  /** --lateness-ms: windows are held open this long, and the timer must not overflow. */
  latenessMs: { min: 0, max: 60_000, integer: true, unit: 'ms' },
  /** --top-services/--top-errors: the analyzer tracks at most this many of each per window. */
  top: { min: 1, max: Math.min(DEFAULT_MAX_SERVICES, DEFAULT_MAX_PATTERNS), integer: true, unit: 'entries' },
  /** --shards: one connection pair per shard and process; more than a cluster has masters spreads nothing further. */
  shards: { min: 1, max: 1_024, integer: true, unit: 'shards' },
  /** --max-body-bytes: a request body is held whole in memory. */
  bodyBytes: { min: 1, max: 1024 * 1024 * 1024, integer: true, unit: 'bytes' },
} as const satisfies Record<string, NumberRange>;

/** A numeric option's accepted values. */
export interface NumberRange {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer: boolean;
  /** What the number counts, for the error message. */
  unit: string;
}

/**
 * Reads a number in `range`; otherwise throws an InvalidArgumentError that states the range.
 * Only plain decimal notation is read (no hex, exponents or empty strings, which Number takes).
 */
export function parseNumberIn(range: NumberRange, value: string): number {
  const text = value.trim();
  const n = Number(text);
  const syntax = range.integer ? /^\d+$/ : /^(?:\d+\.?\d*|\.\d+)$/;
  if (!syntax.test(text) || !Number.isFinite(n) || n < range.min || n > range.max) {
    const kind = range.integer ? 'a whole number' : 'a number';
    throw new InvalidArgumentError(
      `expected ${kind} of ${range.unit} from ${range.min} to ${range.max}, got "${value}"`,
    );
  }
  return n;
}

/** The commander argument parser of a numeric option (see RANGES). */
export function numberOption(range: NumberRange): (value: string) => number {
  return (value) => parseNumberIn(range, value);
}

/** Parses a comma-separated list of names (empty entries are an error). */
export function nameList(value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.length === 0 || names.some((s) => s === ''))
    throw new InvalidArgumentError(`expected names separated by commas, got "${value}"`);
  return names;
}

/** Parses a channel name: non-empty, no whitespace. */
export function channelName(value: string): string {
  if (value === '' || /\s/.test(value))
    throw new InvalidArgumentError(`expected a channel name without spaces, got "${value}"`);
  return value;
}

/** Parses --retention: a count of entries or a time span. */
export function retentionOption(value: string): StreamRetention {
  const retention = parseRetention(value);
  if (retention === undefined)
    throw new InvalidArgumentError(`expected a count of entries (1000000) or a time such as 15m or 2h, got "${value}"`);
  return retention;
}

/** Parses a time span such as 30s, 5m or 2h into milliseconds. */
export function spanOption(value: string): number {
  const ms = parseSpan(value);
  if (ms === undefined) throw new InvalidArgumentError(`expected a time such as 30s, 5m or 2h, got "${value}"`);
  return ms;
}

/**
 * Parses --since/--until: a time as epoch ms, read when the command starts (a relative time
 * such as 15m is that long before then, not a sliding window); a zone-less time is local.
 */
export function timeOption(value: string, now: number = Date.now()): number {
  const parsed = parseTime(value, now, { utc: false });
  if (!parsed.ok) throw new InvalidArgumentError(`expected ${TIME_FORMS}, got "${value}"`);
  return parsed.ms;
}

export { DEFAULT_LOGS_CHANNEL, DEFAULT_STATS_CHANNEL };

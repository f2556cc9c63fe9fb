import { InvalidArgumentError } from 'commander';
import { DEFAULT_LOGS_CHANNEL, DEFAULT_STATS_CHANNEL } from '../protocol/channels.js';

/** Options every Redis-facing command takes. */
export interface BusOptions {
  redis: string;
  logsChannel: string;
  statsChannel: string;
}

/** The Redis URL used when neither --redis nor $REDIS_URL says otherwise. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Default for --redis: $REDIS_URL when set. */
export function defaultRedisUrl(): string {
  const env = process.env.REDIS_URL;
  return env !== undefined && env.trim() !== '' ? env.trim() : DEFAULT_REDIS_URL;
}

/** Parses a positive number (rates may be fractional: 0.5 = one log every 2 s). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

/** Parses a positive integer. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

/** A parser of positive integers up to `max` (`what`: the unit its error message names). */
export function positiveIntUpTo(max: number, what: string): (value: string) => number {
  return (value) => {
    const n = positiveInt(value);
    if (n > max) throw new InvalidArgumentError(`expected at most ${max} ${what}, got "${value}"`);
    return n;
  };
}

/** Parses a non-negative integer. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return n;
}

/** Parses a comma-separated list of names (empty entries are an error). */
export function nameList(value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.length === 0 || names.some((s) => s === '')) throw new InvalidArgumentError(`expected names separated by commas, got "${value}"`);
  return names;
}

/** Parses a channel name: non-empty, no whitespace. */
export function channelName(value: string): string {
  if (value === '' || /\s/.test(value)) throw new InvalidArgumentError(`expected a channel name without spaces, got "${value}"`);
  return value;
}

export { DEFAULT_LOGS_CHANNEL, DEFAULT_STATS_CHANNEL };

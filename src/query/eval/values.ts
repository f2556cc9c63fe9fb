import { parseTimestamp } from '../../protocol/timestamp.js';

/*
 * How field values compare: numbers when both sides are numbers (a numeric string counts),
 * times when both sides read as times, text otherwise. Nothing here throws on any value.
 */

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A number, or a string that is exactly one; undefined otherwise (and for NaN). */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  if (typeof v === 'string' && v.length <= 64 && NUMERIC.test(v)) return Number(v);
  return undefined;
}

/** Epoch ms of a time given as ISO 8601 text or an epoch number; undefined otherwise. */
export function asTime(v: unknown): number | undefined {
  if (typeof v === 'string' && v.length > 64) return undefined;
  return typeof v === 'string' || typeof v === 'number' ? parseTimestamp(v) : undefined;
}

/** The text of a scalar (`true`, `null`, `500`); undefined for objects and arrays. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null) return 'null';
  return undefined;
}

/** Elements of an array value looked at by a term (any of them may match). */
const MAX_ELEMENTS = 1000;

/** True when the value, or for an array any of its first elements, passes. */
export function anyValue(v: unknown, test: (x: unknown) => boolean): boolean {
  if (!Array.isArray(v)) return test(v);
  const n = Math.min(v.length, MAX_ELEMENTS);
  for (let i = 0; i < n; i++) if (test(v[i])) return true;
  return false;
}

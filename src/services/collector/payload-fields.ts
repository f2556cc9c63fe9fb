import { builtinOf, own } from '../../query/eval/field-path.js';
import { nestedEnd, REFUSE, scalar, skipSpace, valueEnd } from '../../protocol/flat-json.js';
import { durationMs, KEYS, LATENCY, ROLE_SHIFT } from '../../protocol/log-values.js';

/*
 * A query on a field of the payload (`host:ip-10-*`) over a buffer of logs would decode every
 * payload whole; when the keys it names cannot be taken for a role (message, level, ...), the
 * parsed payload answers them as `decodeLog`'s `fields` would, for about half the cost
 * (bench/buffer.bench.ts measures both). Whenever it could differ, the caller decodes whole.
 */

/** The top-level keys a query reads, and whether it reads the latency. */
export interface FieldPlan {
  keys: ReadonlySet<string>;
  latency: boolean;
  /** The keys to read of a payload: `keys`, and those a latency may come from when it is read. */
  read: ReadonlySet<string>;
}

/** The keys decodeLog reads a latency from, best first. */
const LATENCY_KEYS = [...KEYS.entries()]
  .filter(([, slot]) => slot >> ROLE_SHIFT === LATENCY)
  .sort((a, b) => a[1] - b[1])
  .map(([k]) => k);

/**
 * The keys to read for the fields a query names; undefined when one of them is a key `decodeLog`
 * may take for a role (a message, a level, ...), which only a whole decode settles.
 */
export function fieldPlan(names: readonly string[]): FieldPlan | undefined {
  const keys = new Set<string>();
  let latency = false;
  for (const name of names) {
    const builtin = builtinOf(name);
    if (builtin === 'latency') latency = true;
    if (builtin !== undefined) continue;
    // `a.b.c` may be the key `a`, `a.b` or `a.b.c` at the top.
    const parts = name.split('.');
    for (let i = 1; i <= parts.length; i++) keys.add(parts.slice(0, i).join('.'));
  }
  for (const k of keys) if (KEYS.has(k)) return undefined;
  return { keys, latency, read: new Set([...keys, ...(latency ? LATENCY_KEYS : [])]) };
}

/** What a query reads of a payload besides the buffer's columns. */
export interface PayloadFields {
  fields: Record<string, unknown> | undefined;
  latencyMs: number | undefined;
}

/**
 * The fields of a JSON object payload for a plan: the parsed object itself, whose planned keys
 * are exactly those decodeLog leaves in `fields` (the plan holds no key it may take for a role),
 * without the walk that sorts out the roles. Undefined when the text is not an object, or has a
 * `log` string Docker may have wrapped the app's JSON in: only a whole decode settles those.
 */
export function readPayloadFields(raw: string, plan: FieldPlan): PayloadFields | undefined {
  let i = 0;
  for (let c = raw.charCodeAt(0); c === 32 || c === 9 || c === 10 || c === 13; c = raw.charCodeAt(++i));
  if (raw.charCodeAt(i) !== 123) return undefined;
  const scanned = i === 0 ? readPlannedKeys(raw, plan.read) : undefined;
  if (scanned === LOG_STRING) return undefined;
  let fields: Record<string, unknown>;
  if (scanned !== undefined) fields = scanned;
  else {
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      return undefined;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
    fields = obj as Record<string, unknown>;
    if (typeof own(fields, 'log') === 'string') return undefined;
  }
  if (!plan.latency) return { fields, latencyMs: undefined };
  // As decodeLog: the best-ranked latency key holding a usable duration.
  for (const k of LATENCY_KEYS) {
    const latencyMs = Object.hasOwn(fields, k) ? durationMs(fields[k]) : undefined;
    if (latencyMs !== undefined) return { fields, latencyMs };
  }
  return { fields, latencyMs: undefined };
}

/** Wanted keys (and `log`) by length, so that a key is matched in place without a string made of it. */
type KeyIndex = Map<number, string[]>;
const indexes = new WeakMap<ReadonlySet<string>, KeyIndex>();

function indexOf(wanted: ReadonlySet<string>): KeyIndex {
  let index = indexes.get(wanted);
  if (index === undefined) {
    index = new Map();
    for (const key of new Set([...wanted, 'log'])) index.set(key.length, [...(index.get(key.length) ?? []), key]);
    indexes.set(wanted, index);
  }
  return index;
}

/** The wanted key (or `log`) at [start, end) of t, if it is one. */
function keyAt(index: KeyIndex, t: string, start: number, end: number): string | undefined {
  const candidates = index.get(end - start);
  if (candidates === undefined) return undefined;
  for (const key of candidates) if (t.startsWith(key, start)) return key;
  return undefined;
}

/** readPlannedKeys' answer for a payload with a `log` string, which readPayloadFields refuses. */
const LOG_STRING = 'log';

/**
 * The keys `wanted` of a JSON object payload (one decodeLog read as an object, so known to be
 * JSON) in one pass, without JSON.parse: only the values of wanted keys are made, a nested one
 * parsed alone; the others are stepped over. As JSON.parse, a repeated key keeps its last value.
 * LOG_STRING when a `log` key holds a string; undefined when a key is escaped (JSON.parse then
 * reads it). Being JSON, the text has no control characters in its strings, which end at the
 * next unescaped quote.
 */
export function readPlannedKeys(t: string, wanted: ReadonlySet<string>): Record<string, unknown> | 'log' | undefined {
  const index = indexOf(wanted);
  const escapes = t.includes('\\');
  const out: Record<string, unknown> = {};
  let logString = false;
  let i = skipSpace(t, 1);
  if (t.charCodeAt(i) === 125) return skipSpace(t, i + 1) === t.length ? out : undefined;
  for (;;) {
    if (t.charCodeAt(i) !== 34) return undefined;
    const keyStart = i + 1;
    const keyEnd = t.indexOf('"', keyStart);
    if (keyEnd < 0 || (escapes && t.lastIndexOf('\\', keyEnd) >= keyStart)) return undefined;
    i = skipSpace(t, keyEnd + 1);
    if (t.charCodeAt(i) !== 58) return undefined;
    const start = skipSpace(t, i + 1);
    const c = t.charCodeAt(start);
    const nested = c === 123 || c === 91;
    i = nested ? nestedEnd(t, start, escapes) : valueEnd(t, start, escapes);
    if (i === REFUSE) return undefined;
    const key = keyAt(index, t, keyStart, keyEnd);
    if (key === 'log') logString = c === 34;
    if (key !== undefined && (key !== 'log' || wanted.has('log'))) {
      const value: unknown = nested ? JSON.parse(t.slice(start, i)) : scalar(t, start, i);
      if (key === '__proto__')
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    i = skipSpace(t, i);
    const next = t.charCodeAt(i);
    if (next === 125) return skipSpace(t, i + 1) !== t.length ? undefined : logString ? LOG_STRING : out;
    if (next !== 44) return undefined;
    i = skipSpace(t, i + 1);
  }
}

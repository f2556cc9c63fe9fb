import { builtinOf, own } from '../../query/eval/field-path.js';
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
  return { keys, latency };
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
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const fields = obj as Record<string, unknown>;
  if (typeof own(fields, 'log') === 'string') return undefined;
  if (!plan.latency) return { fields, latencyMs: undefined };
  // As decodeLog: the best-ranked latency key holding a usable duration.
  for (const k of LATENCY_KEYS) {
    const latencyMs = Object.hasOwn(fields, k) ? durationMs(fields[k]) : undefined;
    if (latencyMs !== undefined) return { fields, latencyMs };
  }
  return { fields, latencyMs: undefined };
}

/*
 * The bodies an HTTP log sender posts: one JSON object, a JSON array of objects (Fluent Bit's
 * `format json`, Vector's `codec json` with array framing), or NDJSON (Fluent Bit's
 * `json_lines`, Vector's newline-delimited framing). The whole body is checked before any of
 * it is published: every record must be a JSON object nested at most MAX_JSON_DEPTH deep, and
 * the first one that is not makes the whole body a 400, so a sender never half-succeeds unseen.
 */
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.js';

/**
 * The records of a checked body. NDJSON lines are parsed again when asked for, so that a body
 * of millions of tiny records is held as its text and two offsets per line, not as objects.
 */
export interface BodyRecords {
  readonly count: number;
  /** Record `i` (0 ≤ i < count), a new object on each call. */
  record(i: number): Record<string, unknown>;
}

/** Result of reading a body: its records, or why it was refused. */
export type BodyResult = { ok: true; records: BodyRecords } | { ok: false; reason: string };

const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function parsed(items: Record<string, unknown>[]): BodyResult {
  return { ok: true, records: { count: items.length, record: (i) => items[i] as Record<string, unknown> } };
}

/** Parses and checks a request body. */
export function parseBody(text: string): BodyResult {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return { ok: false, reason: 'empty body' };
  if (body.startsWith('[')) return parseArray(body);
  if (!body.startsWith('{')) return { ok: false, reason: 'expected a JSON object, a JSON array of objects, or NDJSON' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // Not one object: NDJSON, read below line by line.
  }
  if (!isRecord(value)) return parseLines(text);
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) return { ok: false, reason: TOO_DEEP };
  return parsed([value]);
}

function parseArray(body: string): BodyResult {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return { ok: false, reason: `invalid JSON array: ${errorText(err)}` };
  }
  const items = value as unknown[];
  const bad = items.findIndex((v) => !isRecord(v));
  if (bad >= 0) return { ok: false, reason: `element ${bad} of the array is not a JSON object` };
  if (nestsDeeperThan(body, MAX_JSON_DEPTH + 1)) {
    const deep = items.findIndex((v) => nestsDeeperThan(JSON.stringify(shallow(v)), MAX_JSON_DEPTH));
    return { ok: false, reason: `element ${Math.max(0, deep)} of the array: ${TOO_DEEP}` };
  }
  return parsed(items as Record<string, unknown>[]);
}

/**
 * `v` with everything below MAX_JSON_DEPTH + 1 levels replaced by an empty array, so that
 * JSON.stringify of it cannot overflow the stack and still shows whether `v` was too deep.
 */
function shallow(v: unknown, depth = 1): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (depth > MAX_JSON_DEPTH) return [];
  if (Array.isArray(v)) return v.map((x) => shallow(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = shallow(x, depth + 1);
  return out;
}

/** Start and end offsets of each NDJSON record line, in a growing typed array. */
class LineBounds {
  private bounds = new Uint32Array(2048);
  count = 0;

  add(start: number, end: number): void {
    if (this.count * 2 + 2 > this.bounds.length) {
      const grown = new Uint32Array(this.bounds.length * 2);
      grown.set(this.bounds);
      this.bounds = grown;
    }
    this.bounds[this.count * 2] = start;
    this.bounds[this.count * 2 + 1] = end;
    this.count++;
  }

  start(i: number): number {
    return this.bounds[i * 2] as number;
  }

  end(i: number): number {
    return this.bounds[i * 2 + 1] as number;
  }
}

function parseLines(text: string): BodyResult {
  const lines = new LineBounds();
  // Line numbers in errors count the blank lines the body starts with.
  let start = text.startsWith('\uFEFF') ? 1 : 0;
  for (let n = 1; start <= text.length; n++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    if (line.trim() !== '') {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        return { ok: false, reason: `line ${n}: invalid JSON: ${errorText(err)}` };
      }
      if (!isRecord(value)) return { ok: false, reason: `line ${n}: not a JSON object` };
      if (nestsDeeperThan(line, MAX_JSON_DEPTH)) return { ok: false, reason: `line ${n}: ${TOO_DEEP}` };
      lines.add(start, end);
    }
    start = end + 1;
  }
  return {
    ok: true,
    records: {
      count: lines.count,
      record: (i) => JSON.parse(text.slice(lines.start(i), lines.end(i))) as Record<string, unknown>,
    },
  };
}

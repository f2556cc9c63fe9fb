/*
 * The bodies an HTTP log sender posts: one JSON object, a JSON array of objects (Fluent Bit's
 * `format json`, Vector's `codec json` with array framing), or NDJSON (Fluent Bit's
 * `json_lines`, Vector's newline-delimited framing). Every record must be a JSON object; the
 * first one that is not makes the whole body a 400, so a sender never half-succeeds unseen.
 */

/** Result of reading a body: the records, or why it was refused. */
export type BodyResult = { ok: true; records: Record<string, unknown>[] } | { ok: false; reason: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Parses a request body into log records. */
export function parseBody(text: string): BodyResult {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return { ok: false, reason: 'empty body' };
  if (body.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (err) {
      return { ok: false, reason: `invalid JSON array: ${errorText(err)}` };
    }
    const items = value as unknown[];
    const bad = items.findIndex((v) => !isRecord(v));
    if (bad >= 0) return { ok: false, reason: `element ${bad} of the array is not a JSON object` };
    return { ok: true, records: items as Record<string, unknown>[] };
  }
  if (!body.startsWith('{')) return { ok: false, reason: 'expected a JSON object, a JSON array of objects, or NDJSON' };
  try {
    const value: unknown = JSON.parse(body);
    if (isRecord(value)) return { ok: true, records: [value] };
  } catch {
    // Not one object: NDJSON, read below line by line.
  }
  const records: Record<string, unknown>[] = [];
  // Split before trimming, so that line numbers in errors count the blank lines the body starts with.
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      return { ok: false, reason: `line ${i + 1}: invalid JSON: ${errorText(err)}` };
    }
    if (!isRecord(value)) return { ok: false, reason: `line ${i + 1}: not a JSON object` };
    records.push(value);
  }
  return { ok: true, records };
}

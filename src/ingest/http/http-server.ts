import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';
import type { ServerSink } from '../line-sources.js';
import { startRecordJoiner } from '../record-joiner.js';
import { parseBody } from './http-body.js';
import { startListening, type ListeningServer } from '../listen-address.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  sink: ServerSink;
  /** Require `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Largest body accepted, after gunzip (default 10 MiB); larger gets 413. */
  maxBodyBytes?: number;
  /** `--service`: overrides the service of every log. */
  service?: string | undefined;
}

/** What the HTTP server has seen; the numbers only grow. */
export interface HttpCounters {
  requests: number;
  records: number;
  rejected: number;
}

/** A listening HTTP ingest server. */
export type HttpServer = ListeningServer<HttpCounters>;

/** What a 503 (records lost while Redis is unreachable) asks the client to wait before retrying. */
const RETRY_AFTER_S = 5;

/** A body over the size limit (413). */
export class TooLarge extends Error {}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Reads a body up to `max` bytes (after gunzip when the sender compressed it); throws TooLarge over it. */
export async function readBody(req: Pick<IncomingMessage, 'headers' | 'pipe'> & AsyncIterable<unknown>, max: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw new TooLarge();
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const source = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
  if (encoding !== 'gzip' && encoding !== 'identity') throw new Error(`unsupported content-encoding ${encoding}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new TooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

/**
 * HTTP ingest: `POST` (any path) of a JSON object, a JSON array of objects or NDJSON, optionally
 * gzipped; each record becomes one normalised log in the sink. 200 `{"accepted": n}`; 400 with
 * a reason for a malformed body; 413 over the size limit; 401 without the right bearer token;
 * 503 with `Retry-After` when records were lost (Redis unreachable and the bus's queue full):
 * the client should send the request again. `GET /healthz` answers 200 without a token.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const counters: HttpCounters = { requests: 0, records: 0, rejected: 0 };
  const max = opts.maxBodyBytes ?? 10 * 1024 * 1024;
  const expected = opts.token !== undefined ? digest(`Bearer ${opts.token}`) : undefined;
  const naming = { override: opts.service, fallback: 'http' };
  // Shippers that send a stack trace one line per record: joined back per stream.
  const { joiner, stop: stopJoining } = startRecordJoiner({ publish: (wire) => opts.sink.publish(wire) });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    counters.requests++;
    if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/health')) return reply(res, 200, { ok: true });
    const reject = (status: number, error: string, headers: Record<string, string> = {}): void => {
      counters.rejected++;
      // The rest of a refused body is not read; closing keeps a client from streaming it anyway.
      reply(res, status, { error }, { connection: 'close', ...headers });
    };
    // Compared as digests so that neither the length nor the prefix of the token leaks through timing.
    if (expected !== undefined && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      return reject(401, 'missing or wrong bearer token', { 'www-authenticate': 'Bearer' });
    }
    if (req.method !== 'POST') return reject(405, 'use POST', { allow: 'POST' });
    let text: string;
    try {
      text = await readBody(req, max);
    } catch (err) {
      if (err instanceof TooLarge) return reject(413, `body larger than ${max} bytes`);
      return reject(400, err instanceof Error ? err.message : String(err));
    }
    const parsed = parseBody(text);
    if (!parsed.ok) return reject(400, parsed.reason);
    const arrival = Date.now();
    const droppedBefore = opts.sink.dropped();
    let wait = false;
    for (const record of parsed.records) {
      if (!joiner.push({ record, arrivalMs: arrival, eventTimeMs: undefined, naming })) wait = true;
    }
    counters.records += parsed.records.length;
    // Backpressure while Redis is there; while it is not, the records wait in the bus's queue
    // and the request is answered now rather than held until Redis returns.
    if (wait && opts.sink.connected()) await opts.sink.drain();
    // Drops while this request was handled (they may be another request's: then both retry,
    // and a record may arrive twice rather than never).
    const lost = opts.sink.dropped() - droppedBefore;
    if (lost > 0) {
      return reject(503, `Redis is unreachable and the queue is full: ${lost} of ${parsed.records.length} records were not accepted; retry later`, { 'retry-after': String(RETRY_AFTER_S) });
    }
    reply(res, 200, { accepted: parsed.records.length });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  return startListening(server, opts, counters, () => server.closeAllConnections(), stopJoining);
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ServerSink } from '../line-sources.js';
import type { BatchOutcome } from '../publish-batch.js';
import { publishJoined } from '../publish-joined.js';
import { parseBody } from './http-body.js';
import { BodyTimeout, readBody, TooLarge } from './read-body.js';
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
  /** Time limits of a request and of the wait for Redis (defaults: HTTP_LIMITS). */
  limits?: Partial<HttpLimits>;
}

/** How long the server waits for a sender, and for Redis, before it gives up on a request. */
export interface HttpLimits {
  /** From the connection (or the previous request) to the end of the headers; then 408. */
  headersMs: number;
  /** From the first byte to the end of the body; then 408 and the connection is closed. */
  requestMs: number;
  /** Longest pause between two pieces of the body; then 408 and the connection is closed. */
  bodyIdleMs: number;
  /** Longest wait for room in the queue to Redis while a body is being published; then 503. */
  redisWaitMs: number;
}

/** The time limits of an HTTP request when none are given (docs/ingest.md lists them). */
export const HTTP_LIMITS: HttpLimits = {
  headersMs: 10_000,
  requestMs: 60_000,
  bodyIdleMs: 10_000,
  redisWaitMs: 10_000,
};

/** What the HTTP server has seen; the numbers only grow. */
export interface HttpCounters {
  requests: number;
  /** Records in bodies that were read whole, whether they were then accepted or not. */
  records: number;
  rejected: number;
}

/** A listening HTTP ingest server. */
export type HttpServer = ListeningServer<HttpCounters>;

/** What a 503 asks the client to wait before sending the rest again. */
const RETRY_AFTER_S = 5;

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function reply(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

/** The reason of a 503: the real cause, what was not accepted, and where to resume. */
function shortfall(outcome: Extract<BatchOutcome, { ok: false }>, count: number, limits: HttpLimits): string {
  const cause = {
    'queue-full': 'Redis is unreachable and the queue is full',
    refused: 'the queue to Redis is full',
    slow: `Redis is slow: the queue to it stayed full for ${limits.redisWaitMs / 1000} s`,
    unreachable: 'Redis is unreachable',
    aborted: 'the client closed the connection',
  }[outcome.stop];
  const rest = `records from ${outcome.accepted} on`;
  return `${cause}: ${count - outcome.accepted} of ${count} records were not accepted; retry later with the ${rest} (the first ${outcome.accepted} were accepted)`;
}

/**
 * HTTP ingest: `POST` (any path) of a JSON object, a JSON array of objects or NDJSON, optionally
 * gzipped; each record becomes one normalised log in the sink. The whole body is read and
 * checked first (400 with a reason, nothing published), then published in order under
 * backpressure, stack-trace lines sent one per record joined within the body (publishJoined).
 * 200 `{"accepted": n}`: every record was taken. 503 with `Retry-After` and
 * `{"error", "accepted": k}`: only the first k were (Redis slow, or unreachable with its queue
 * full), and the client sends the records from k on again. 413 over the size limit, 408 for a
 * sender too slow (HttpLimits), 401 without the right bearer token. `GET /healthz` answers 200
 * without a token.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const counters: HttpCounters = { requests: 0, records: 0, rejected: 0 };
  const max = opts.maxBodyBytes ?? 10 * 1024 * 1024;
  const limits: HttpLimits = { ...HTTP_LIMITS, ...opts.limits };
  const expected = opts.token !== undefined ? digest(`Bearer ${opts.token}`) : undefined;
  const naming = { override: opts.service, fallback: 'http' };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    counters.requests++;
    if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/health')) return reply(res, 200, { ok: true });
    const reject = (
      status: number,
      error: string,
      headers: Record<string, string> = {},
      extra: Record<string, unknown> = {},
    ): void => {
      counters.rejected++;
      // The rest of a refused body is not read; closing keeps a client from streaming it anyway.
      reply(res, status, { error, ...extra }, { connection: 'close', ...headers });
    };
    // Compared as digests so that neither the length nor the prefix of the token leaks through timing.
    if (expected !== undefined && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      return reject(401, 'missing or wrong bearer token', { 'www-authenticate': 'Bearer' });
    }
    if (req.method !== 'POST') return reject(405, 'use POST', { allow: 'POST' });
    let text: string;
    try {
      text = await readBody(req, max, limits.bodyIdleMs);
    } catch (err) {
      if (err instanceof TooLarge) return reject(413, `body larger than ${max} bytes`);
      if (err instanceof BodyTimeout) return reject(408, err.message);
      return reject(400, err instanceof Error ? err.message : String(err));
    }
    const parsed = parseBody(text);
    if (!parsed.ok) return reject(400, parsed.reason);
    const { records } = parsed;
    counters.records += records.count;
    const arrivalMs = Date.now();
    // A client that hangs up will send the whole body again: publishing the rest would only
    // make more of it arrive twice.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const outcome = await publishJoined(
      records.count,
      (i) => ({ record: records.record(i), arrivalMs, eventTimeMs: undefined, naming }),
      opts.sink,
      // While Redis is unreachable the bus's queue holds what fits and the request is answered
      // at once, rather than held until Redis returns.
      { waitMs: limits.redisWaitMs, whileUnreachable: 'queue', signal: gone.signal },
    );
    if (outcome.ok) return reply(res, 200, { accepted: records.count });
    reject(
      503,
      shortfall(outcome, records.count, limits),
      { 'retry-after': String(RETRY_AFTER_S) },
      { accepted: outcome.accepted },
    );
  };

  const server = createServer(
    {
      headersTimeout: limits.headersMs,
      requestTimeout: limits.requestMs,
      connectionsCheckingInterval: Math.min(1_000, limits.headersMs),
    },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) reply(res, 500, { error: err instanceof Error ? err.message : String(err) });
        else res.destroy();
      });
    },
  );
  return startListening(server, opts, counters, () => server.closeAllConnections());
}

import { readFileSync } from 'node:fs';
import { createStamper } from '../../protocol/producer-stamp.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { startForwardServer, type ForwardServer } from '../../ingest/forward/forward-server.js';
import { startHttpServer, type HttpServer } from '../../ingest/http/http-server.js';
import { parseListenAddress, type ListenAddress } from '../../ingest/listen-address.js';
import { openRedisBus } from '../bus-factory.js';
import { addBusOptions, say, UsageError } from '../common.js';
import type { ServerSink } from '../../ingest/line-sources.js';
import { numberOption, RANGES } from '../options.js';
import { onShutdown } from '../shutdown.js';

interface IngestOptions {
  redis: string;
  logsChannel: string;
  forward?: true | string;
  http?: true | string;
  sharedKeyFile?: string;
  tokenFile?: string;
  maxBodyBytes?: number;
  service?: string;
}

const FORWARD_PORT = 24224;
const HTTP_PORT = 8514;

function address(kind: string, defaultPort: number): (value: string) => string {
  return (value) => {
    try {
      parseListenAddress(value, defaultPort);
      return value;
    } catch (err) {
      throw new InvalidArgumentError(`--${kind}: ${(err as Error).message}`);
    }
  };
}

/** A secret from a file (trailing newline dropped) or an environment variable; never from argv, which `ps` shows. */
function secret(file: string | undefined, env: string): string | undefined {
  if (file !== undefined) {
    const text = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    if (text === '') throw new UsageError(`${file} is empty`);
    return text;
  }
  const v = process.env[env];
  return v !== undefined && v !== '' ? v : undefined;
}

function where(a: ListenAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/** `logstream ingest`: receives logs over the network (Fluentd forward protocol, HTTP) and publishes them to Redis. */
export function ingestCommand(): Command {
  const cmd = new Command('ingest')
    .description(
      'receive logs (Fluentd forward protocol, HTTP JSON) and publish them to Redis; listens on loopback unless told otherwise',
    )
    .addOption(
      new Option(
        '--forward [addr]',
        `Fluentd forward protocol on [HOST:]PORT (default 127.0.0.1:${FORWARD_PORT})`,
      ).argParser(address('forward', FORWARD_PORT)),
    )
    .addOption(
      new Option('--http [addr]', `HTTP JSON/NDJSON on [HOST:]PORT (default 127.0.0.1:${HTTP_PORT})`).argParser(
        address('http', HTTP_PORT),
      ),
    )
    .addOption(
      new Option(
        '--shared-key-file <path>',
        'require the forward handshake with this shared key (or $LOGSTREAM_FORWARD_SHARED_KEY)',
      ),
    )
    .addOption(
      new Option('--token-file <path>', 'require "Authorization: Bearer <token>" on HTTP (or $LOGSTREAM_HTTP_TOKEN)'),
    )
    .addOption(
      new Option('--max-body-bytes <n>', 'largest HTTP body accepted (413 beyond)')
        .default(10 * 1024 * 1024)
        .argParser(numberOption(RANGES.bodyBytes)),
    )
    .addOption(new Option('--service <name>', 'service name for every log (default: what the log says, else the tag)'));
  addBusOptions(cmd, { stats: false });
  return cmd.action(async (o: IngestOptions) => {
    if (o.forward === undefined && o.http === undefined) throw new UsageError('give --forward and/or --http');
    const sharedKey = secret(o.sharedKeyFile, 'LOGSTREAM_FORWARD_SHARED_KEY');
    const token = secret(o.tokenFile, 'LOGSTREAM_HTTP_TOKEN');
    const bus = openRedisBus('ingest', o);
    // Numbered so that consumers can count exactly what they missed (see docs/wire-formats.md).
    const stamper = createStamper('ingest-');
    const sink: ServerSink = {
      publish: (wire) => bus.publish(o.logsChannel, stamper.stamp(wire)),
      drain: () => bus.drain(),
      dropped: () => bus.counters().dropped,
      connected: () => bus.status().state === 'ready',
    };
    let forward: ForwardServer | undefined;
    let http: HttpServer | undefined;
    if (o.forward !== undefined) {
      const a = parseListenAddress(o.forward === true ? '' : o.forward, FORWARD_PORT);
      forward = await startForwardServer({
        ...a,
        sink,
        sharedKey,
        service: o.service,
        flush: () => bus.flush(),
        onProblem: (note) => say('ingest', `forward: closed ${note}`),
        onRefused: (note) => say('ingest', `forward: ${note}`),
      });
      say(
        'ingest',
        `forward protocol listening on ${where(forward.address)}${sharedKey !== undefined ? ' (shared key required)' : ''}`,
      );
    }
    if (o.http !== undefined) {
      const a = parseListenAddress(o.http === true ? '' : o.http, HTTP_PORT);
      http = await startHttpServer({
        ...a,
        sink,
        token,
        service: o.service,
        maxBodyBytes: o.maxBodyBytes ?? 10 * 1024 * 1024,
      });
      say('ingest', `http listening on ${where(http.address)}${token !== undefined ? ' (bearer token required)' : ''}`);
    }
    await new Promise<void>((resolve) => {
      onShutdown(async () => {
        await forward?.close();
        await http?.close();
        await bus.close();
        const f = forward?.counters();
        const h = http?.counters();
        const dropped = bus.counters().dropped;
        const parts = [
          f !== undefined
            ? `forward: ${f.events} events in ${f.connections} connections (${f.malformed} malformed, ${f.unacked} chunks not acknowledged, ${f.incomplete} cut off, ${f.authFailures} failed handshakes)`
            : '',
          h !== undefined ? `http: ${h.records} records in ${h.requests} requests (${h.rejected} refused)` : '',
          dropped > 0 ? `dropped ${dropped} (Redis unreachable and the queue full)` : '',
        ].filter((s) => s !== '');
        say('ingest', parts.join('; '));
        resolve();
      });
    });
  });
}

import type { Server } from 'node:net';

/** A host and port to listen on. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** Parses `PORT`, `HOST:PORT` or `[IPv6]:PORT`; the host defaults to loopback. Throws on anything else. */
export function parseListenAddress(value: string, defaultPort: number): ListenAddress {
  const v = value.trim();
  if (v === '') return { host: '127.0.0.1', port: defaultPort };
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(v) ?? /^()()(\d+)$/.exec(v);
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`expected [HOST:]PORT, got "${value}"`);
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '127.0.0.1' : host, port };
}

/** A listening ingest server: where it listens, what it has counted, and how to stop it. */
export interface ListeningServer<Counters> {
  address: { host: string; port: number };
  counters(): Counters;
  close(): Promise<void>;
}

/**
 * Starts `server` listening on host:port (port 0 picks one) and resolves with it as a
 * ListeningServer: `counters` is read as a copy, and `close` stops accepting, ends the open
 * connections with `dropConnections`, and resolves once the server has closed and `afterClose`
 * (which sends on what the server still holds) has run.
 */
export async function startListening<Counters extends object>(
  server: Server,
  at: ListenAddress,
  counters: Counters,
  dropConnections: () => void,
  afterClose: () => void = () => undefined,
): Promise<ListeningServer<Counters>> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  return {
    address: { host: at.host, port: typeof addr === 'object' && addr !== null ? addr.port : at.port },
    counters: () => ({ ...counters }),
    async close() {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      dropConnections();
      await done;
      afterClose();
    },
  };
}

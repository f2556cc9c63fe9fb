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
  if (m === null || !Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`expected [HOST:]PORT, got "${value}"`);
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '127.0.0.1' : host, port };
}

/** A listening ingest server: where it listens, what it has counted, and how to stop it. */
export interface ListeningServer<Counters> {
  address: { host: string; port: number };
  counters(): Counters;
  close(): Promise<void>;
}

import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './redis-server.js';

export interface TcpProxyHandle {
  readonly port: number;
  readonly url: string;
  /** Stops listening and cuts every open connection, as a network outage would. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback TCP relay in front of a real server. It lets a test take one client's network
 * path down while other clients stay connected to the same server.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxyHandle> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer((inbound) => {
        const outbound = createConnection({ host: '127.0.0.1', port: targetPort });
        for (const sock of [inbound, outbound]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          // Either side failing tears down the pair; errors are expected during a cut.
          sock.on('error', () => {
            inbound.destroy();
            outbound.destroy();
          });
        }
        inbound.pipe(outbound);
        outbound.pipe(inbound);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
      server = s;
    });

  const cut = async (): Promise<void> => {
    const s = server;
    server = undefined;
    for (const sock of sockets) sock.destroy();
    if (s !== undefined) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return { port, url: `redis://127.0.0.1:${port}`, cut, reopen: listen, close: cut };
}

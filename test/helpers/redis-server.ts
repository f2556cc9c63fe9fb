import { spawn, spawnSync, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServerOptions {
  /** Port to listen on; a free loopback port when omitted. */
  port?: number;
  /** Extra redis-server arguments, e.g. `['--requirepass', 'secret']`. */
  args?: string[];
  /** Serve TLS only (`--port 0 --tls-port <port>`), with these PEM files. */
  tls?: RedisServerTls;
  /** The ACL user cli() logs in as: for a server whose default user is off. */
  auth?: RedisServerAuth;
}

export interface RedisServerAuth {
  user: string;
  password: string;
}

/** PEM files of a TLS-only server; with a client pair, clients must present a certificate. */
export interface RedisServerTls {
  certFile: string;
  keyFile: string;
  caFile: string;
  /** Set both to make the server verify clients (`--tls-auth-clients yes`); cli() presents them. */
  clientCertFile?: string;
  clientKeyFile?: string;
}

export interface RedisServerHandle {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` (`rediss://` for a TLS server; no credentials). */
  readonly url: string;
  /** Process id of the current server process (changes on restart). */
  readonly pid: number;
  /** Graceful stop (SIGTERM), waits for exit; removes the data directory. */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL unless told otherwise), waits for exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same port with the same arguments. */
  restart(): Promise<void>;
  /** Runs `redis-cli -h 127.0.0.1 -p <port> ...args` (with the TLS files and user) and returns its trimmed stdout. */
  cli(...args: string[]): Promise<string>;
}

const READY_TIMEOUT_MS = 5_000;
const OUTPUT_TAIL = 4_096;

// Killed and cleaned up on exit so a failed or interrupted test run leaves nothing behind.
const live = new Set<ChildProcess>();
const dataDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on at the moment of the call. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not read a free port');
  return address.port;
}

function assertRedisInstalled(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) {
    throw new Error(
      "redis-server is not on PATH: install Debian's redis-server package (apt-get install redis-server) to run these tests",
      { cause: probe.error },
    );
  }
}

/** The redis-cli flags that reach a server with these TLS files and this user. */
export function redisCliAccessArgs(tls: RedisServerTls | undefined, auth: RedisServerAuth | undefined): string[] {
  return [
    ...(tls === undefined
      ? []
      : [
          '--tls',
          '--cacert',
          tls.caFile,
          ...(tls.clientCertFile !== undefined && tls.clientKeyFile !== undefined
            ? ['--cert', tls.clientCertFile, '--key', tls.clientKeyFile]
            : []),
        ]),
    ...(auth === undefined ? [] : ['--user', auth.user, '--pass', auth.password, '--no-auth-warning']),
  ];
}

/** True once anything answers a RESP PING on the port (PONG, or NOAUTH on a password server). */
function pingOnce(port: number, tls: RedisServerTls | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket =
      tls === undefined
        ? createConnection({ host: '127.0.0.1', port })
        : tlsConnect({
            host: '127.0.0.1',
            port,
            ca: readFileSync(tls.caFile),
            ...(tls.clientCertFile !== undefined && tls.clientKeyFile !== undefined
              ? { cert: readFileSync(tls.clientCertFile), key: readFileSync(tls.clientKeyFile) }
              : {}),
            // Whether the server is up, not which names its certificate gives.
            checkServerIdentity: () => undefined,
          });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once(tls === undefined ? 'connect' : 'secureConnect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.length > 0));
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** What the Redis tests run against: `LOGSTREAM_TEST_REDIS=cluster` makes it a 3+3 Redis Cluster. */
export const redisTestMode: 'single' | 'cluster' =
  process.env.LOGSTREAM_TEST_REDIS === 'cluster' ? 'cluster' : 'single';

/**
 * For `describe`/`it`'s `skip`: in the cluster mode, `reason` (printed as the test's SKIP reason)
 * for a test that only has a meaning on one server; false otherwise.
 */
export function singleServerOnly(reason: string): string | false {
  return redisTestMode === 'cluster' ? `single server only: ${reason}` : false;
}

/**
 * Starts a throw-away Redis on loopback and waits until it answers: one redis-server, or in the
 * cluster mode a fresh 3+3 cluster behind the same handle (redis-cluster-server.ts), TLS-only
 * when given TLS files. A fixed port or cluster arguments of the caller's own always get one server.
 */
export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServerHandle> {
  const own = opts.port !== undefined || (opts.args ?? []).includes('--cluster-enabled');
  if (redisTestMode === 'cluster' && !own) {
    // Loaded only here: the cluster helper itself starts its nodes with startSingleRedisServer.
    const { startClusterAsServer } = await import('./redis-cluster-server.js');
    return startClusterAsServer(opts.args ?? [], {
      ...(opts.tls !== undefined ? { tls: opts.tls } : {}),
      ...(opts.auth !== undefined ? { auth: opts.auth } : {}),
    });
  }
  return startSingleRedisServer(opts);
}

/** Starts a throw-away redis-server (no persistence) on loopback and waits until it answers PING. */
export async function startSingleRedisServer(opts: RedisServerOptions = {}): Promise<RedisServerHandle> {
  assertRedisInstalled();
  installExitHook();
  const port = opts.port ?? (await freePort());
  const extra = opts.args ?? [];
  const tls = opts.tls;
  const listenArgs =
    tls === undefined
      ? ['--port', String(port)]
      : [
          '--port',
          '0',
          '--tls-port',
          String(port),
          '--tls-cert-file',
          tls.certFile,
          '--tls-key-file',
          tls.keyFile,
          '--tls-ca-cert-file',
          tls.caFile,
          '--tls-auth-clients',
          tls.clientCertFile === undefined ? 'no' : 'yes',
        ];
  const cliAccess = redisCliAccessArgs(tls, opts.auth);
  const dir = mkdtempSync(join(tmpdir(), 'logstream-redis-'));
  dataDirs.add(dir);
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = [...listenArgs, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra];
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    live.add(proc);
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    proc.once('exit', () => live.delete(proc));

    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`redis-server on port ${port} exited before answering PING:\n${output}`);
      }
      if (await pingOnce(port, tls)) return;
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (proc === undefined) return;
    const exited = waitForExit(proc);
    proc.kill(signal);
    // A SIGTERM that is not honoured within 5 s becomes a SIGKILL rather than a hung test.
    const escalate = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(escalate);
  };

  await launch();

  return {
    port,
    url: `${tls === undefined ? 'redis' : 'rediss'}://127.0.0.1:${port}`,
    get pid(): number {
      return child?.pid ?? -1;
    },
    async stop() {
      await terminate('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      dataDirs.delete(dir);
    },
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      return terminate(signal);
    },
    async restart() {
      await terminate('SIGTERM');
      await launch();
    },
    cli(...args: string[]) {
      return new Promise<string>((resolve, reject) => {
        execFile(
          'redis-cli',
          ['-h', '127.0.0.1', '-p', String(port), ...cliAccess, ...args],
          (error, stdout, stderr) => {
            if (error) reject(new Error(`redis-cli ${args.join(' ')} failed: ${stderr.trim()}`, { cause: error }));
            else resolve(stdout.trim());
          },
        );
      });
    },
  };
}

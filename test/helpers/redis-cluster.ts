import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import {
  freePort,
  redisCliAccessArgs,
  startSingleRedisServer,
  type RedisServerAuth,
  type RedisServerHandle,
  type RedisServerOptions,
  type RedisServerTls,
} from './redis-server.js';

export interface RedisClusterOptions {
  /** Masters (default 3); each gets `replicas` replicas (default 1). */
  masters?: number;
  replicas?: number;
  /** How long a master may be unreachable before its replica takes over (default 1,000 ms). */
  nodeTimeoutMs?: number;
  /** Extra redis-server arguments for every node. */
  args?: string[];
  /**
   * Every node serves TLS only with these files, the cluster bus and replication included; with a
   * client pair, nodes present it to each other and so does redis-cli.
   */
  tls?: RedisServerTls;
  /** The ACL user (defined in `args`) that replicas and the helper's redis-cli log in as. */
  auth?: RedisServerAuth;
}

export interface RedisClusterNode {
  readonly server: RedisServerHandle;
  readonly port: number;
}

export interface RedisClusterHandle {
  readonly nodes: readonly RedisClusterNode[];
  /** `redis://127.0.0.1:<port>` (`rediss://` with TLS) of every node, in start order. */
  readonly urls: string[];
  /** Port of the master serving `key`'s slot right now. */
  masterOf(key: string): Promise<number>;
  /** SIGKILLs the node on `port`, then waits until another node serves its slots and the cluster is ok. */
  killMaster(port: number, timeoutMs?: number): Promise<void>;
  /**
   * Moves the slot of `key` (with its keys) to another live master, the way `redis-cli --cluster
   * reshard` does (SETSLOT IMPORTING/MIGRATING, MIGRATE, SETSLOT NODE); returns the new master's port.
   */
  moveSlot(key: string): Promise<number>;
  /** `redis-cli -c -p <any live node> ...args`, trimmed stdout. */
  cli(...args: string[]): Promise<string>;
  /** Kills every node (SIGKILL unless told otherwise): the whole cluster is down. */
  killAll(signal?: NodeJS.Signals): Promise<void>;
  /** Starts every node again (same ports, same cluster configuration, no data) and waits until the cluster is ok. */
  restartAll(): Promise<void>;
  /** Stops every node and removes their data. */
  stop(): Promise<void>;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || stdout.trim()}`, { cause: error }));
      else resolve(stdout.trim());
    });
  });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`redis cluster: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether nothing listens on `port` of 127.0.0.1 at the moment of the call. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port whose cluster bus port (the port + 10000) is free too, at the moment of the call. */
async function freeNodePort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = await freePort();
    if (port + 10_000 <= 65_535 && (await isFree(port + 10_000))) return port;
  }
  throw new Error('redis cluster: found no port free together with its cluster bus port');
}

/**
 * One node on a port whose cluster bus port is free too; started again on other ports when
 * something took either of them between the check and redis-server's bind.
 */
async function startNode(opts: RedisServerOptions): Promise<RedisServerHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSingleRedisServer({ ...opts, port: await freeNodePort() });
    } catch (err) {
      if (attempt >= 5 || !/Address already in use/.test(String(err))) throw err;
    }
  }
}

/**
 * Starts a throw-away Redis Cluster on loopback: `masters` × (1 + `replicas`) redis-server
 * processes with `--cluster-enabled yes`, formed by `redis-cli --cluster create`, and waits
 * until every node reports `cluster_state:ok` and agrees on all 16384 slots.
 */
export async function startRedisCluster(opts: RedisClusterOptions = {}): Promise<RedisClusterHandle> {
  const masters = opts.masters ?? 3;
  const replicas = opts.replicas ?? 1;
  const nodeTimeout = opts.nodeTimeoutMs ?? 1_000;
  const { tls, auth } = opts;
  const tlsArgs =
    tls === undefined
      ? []
      : [
          '--tls-cluster',
          'yes',
          '--tls-replication',
          'yes',
          // Nodes connect to each other as clients: the server certificate may not be one.
          ...(tls.clientCertFile !== undefined && tls.clientKeyFile !== undefined
            ? ['--tls-client-cert-file', tls.clientCertFile, '--tls-client-key-file', tls.clientKeyFile]
            : []),
        ];
  const authArgs = auth === undefined ? [] : ['--masteruser', auth.user, '--masterauth', auth.password];
  const servers: RedisServerHandle[] = [];
  const dead = new Set<number>();
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      servers.push(
        await startNode({
          ...(tls !== undefined ? { tls } : {}),
          ...(auth !== undefined ? { auth } : {}),
          args: [
            ...(opts.args ?? []),
            ...tlsArgs,
            ...authArgs,
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-node-timeout',
            String(nodeTimeout),
            // A replica of a master that died before it synced must still be allowed to take over.
            '--cluster-replica-validity-factor',
            '0',
          ],
        }),
      );
    }
    await run('redis-cli', [
      ...redisCliAccessArgs(tls, auth),
      '--cluster',
      'create',
      ...servers.map((s) => `127.0.0.1:${s.port}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    const live = (): RedisServerHandle[] => servers.filter((s) => !dead.has(s.port));
    const settled = async (): Promise<boolean> => {
      for (const s of live()) {
        const info = await s.cli('CLUSTER', 'INFO');
        if (!/cluster_state:ok/.test(info) || !/cluster_slots_ok:16384/.test(info)) return false;
      }
      return true;
    };
    await until(settled, 'cluster_state:ok on every node', 30_000);
    // A replica that has not synced yet would take over with an empty data set.
    const synced = async (): Promise<boolean> => {
      let replicasUp = 0;
      for (const s of servers) {
        const info = await s.cli('INFO', 'replication');
        if (/role:slave/.test(info)) {
          if (!/master_link_status:up/.test(info)) return false;
          replicasUp++;
        }
      }
      return replicasUp === masters * replicas;
    };
    await until(synced, 'every replica to sync with its master', 30_000);

    const anyLive = (): RedisServerHandle => {
      const s = live()[0];
      if (s === undefined) throw new Error('redis cluster: no node left');
      return s;
    };
    const masterOf = async (key: string): Promise<number> => {
      const s = anyLive();
      const slot = await s.cli('CLUSTER', 'KEYSLOT', key);
      const nodes = await s.cli('CLUSTER', 'NODES');
      for (const line of nodes.split('\n')) {
        const [, address, flags, , , , , , ...ranges] = line.split(' ');
        if (address === undefined || flags === undefined || !flags.includes('master') || flags.includes('fail'))
          continue;
        for (const range of ranges) {
          const [from, to] = range.split('-').map(Number);
          if (from === undefined || range.startsWith('[')) continue;
          if (Number(slot) >= from && Number(slot) <= (to ?? from)) return Number(/:(\d+)@/.exec(address)?.[1]);
        }
      }
      throw new Error(`redis cluster: no master serves slot ${slot}`);
    };
    return {
      nodes: servers.map((server) => ({ server, port: server.port })),
      urls: servers.map((s) => s.url),
      masterOf,
      async killMaster(port, timeoutMs = 30_000) {
        const victim = servers.find((s) => s.port === port);
        if (victim === undefined) throw new Error(`redis cluster: no node on port ${port}`);
        await victim.kill('SIGKILL');
        dead.add(port);
        // Failed, and its slots served elsewhere: `fail` flag and no slot ranges left on its line.
        const handedOver = async (): Promise<boolean> => {
          const nodes = await anyLive().cli('CLUSTER', 'NODES');
          const own = (nodes.split('\n').find((l) => l.includes(`:${port}@`)) ?? '').split(' ');
          return (own[2] ?? '').includes('fail') && own.length <= 8;
        };
        await until(
          async () => (await handedOver()) && (await settled()),
          `a replica to take over from port ${port}`,
          timeoutMs,
        );
      },
      async moveSlot(key) {
        const slot = await anyLive().cli('CLUSTER', 'KEYSLOT', key);
        const from = await masterOf(key);
        const masters = (await anyLive().cli('CLUSTER', 'NODES'))
          .split('\n')
          .filter((l) => /\bmaster\b/.test(l) && !/\bfail\b/.test(l))
          .map((l) => Number(/:(\d+)@/.exec(l)?.[1]));
        const to = masters.find((p) => p !== from);
        const source = servers.find((s) => s.port === from);
        const target = servers.find((s) => s.port === to);
        if (source === undefined || target === undefined || to === undefined)
          throw new Error('redis cluster: no other master');
        const [sourceId, targetId] = await Promise.all([source.cli('CLUSTER', 'MYID'), target.cli('CLUSTER', 'MYID')]);
        await target.cli('CLUSTER', 'SETSLOT', slot, 'IMPORTING', sourceId);
        await source.cli('CLUSTER', 'SETSLOT', slot, 'MIGRATING', targetId);
        for (;;) {
          const keys = (await source.cli('CLUSTER', 'GETKEYSINSLOT', slot, '100')).split('\n').filter((k) => k !== '');
          if (keys.length === 0) break;
          await source.cli('MIGRATE', '127.0.0.1', String(to), '', '0', '5000', 'KEYS', ...keys);
        }
        for (const s of [
          target,
          source,
          ...live().filter((n) => masters.includes(n.port) && n !== source && n !== target),
        ])
          await s.cli('CLUSTER', 'SETSLOT', slot, 'NODE', targetId);
        await until(async () => (await masterOf(key)) === to && (await settled()), `slot ${slot} to move`, 30_000);
        return to;
      },
      cli: (...args) => anyLive().cli(...args),
      async killAll(signal = 'SIGKILL') {
        await Promise.all(servers.map((s) => s.kill(signal)));
        for (const s of servers) dead.add(s.port);
      },
      async restartAll() {
        await Promise.all(servers.map((s) => s.restart()));
        dead.clear();
        await until(settled, 'cluster_state:ok on every node after the restart', 60_000);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

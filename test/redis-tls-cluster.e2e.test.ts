import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { createSlotRequestClient } from '../src/bus/cluster/slot-request-client.js';
import { openBus } from '../src/bus/open-bus.js';
import { payloadText } from '../src/protocol/payload.js';
import { startRedisCluster, type RedisClusterHandle } from './helpers/redis-cluster.js';
import { makePki, serverTlsFiles, type TestPki } from './helpers/tls-pki.js';
import { waitFor } from './helpers/wait-for.js';

const PASSWORD = 'tls-cluster-secret-83d0a4';
const CHANNEL = 'failover.tls';

/** What plain-text redis-cli gets from `port`: its output, or the error it exits with. */
function plainPing(port: number): Promise<string> {
  return new Promise((resolve) => {
    execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'PING'], { timeout: 10_000 }, (error, stdout) =>
      resolve(error === null ? stdout.trim() : `error: ${error.message}`),
    );
  });
}

describe('a Redis Cluster over TLS only, with an ACL user', { timeout: 120_000 }, () => {
  let pki: TestPki;
  let cluster: RedisClusterHandle | undefined;

  before(async () => {
    // Names only, as certificates often give: the nodes' IPs in CLUSTER SLOTS are not in it.
    pki = makePki('DNS:localhost');
    cluster = await startRedisCluster({
      tls: serverTlsFiles(pki),
      args: [
        ...['--user', 'default', 'off', '--user', 'app', 'on', `>${PASSWORD}`, '~*', '&*', '+@all'],
        ...['--cluster-announce-hostname', 'localhost'],
      ],
      auth: { user: 'app', password: PASSWORD },
    });
  });

  after(async () => {
    await cluster?.stop();
    rmSync(pki.dir, { recursive: true, force: true });
  });

  it('answers only TLS clients, its replicas synced over TLS', async () => {
    assert.ok(cluster !== undefined);
    assert.ok(
      cluster.urls.every((u) => u.startsWith('rediss://127.0.0.1:')),
      cluster.urls.join(),
    );
    assert.doesNotMatch(await plainPing(cluster.nodes[0]?.port ?? 0), /PONG/);
    const nodes = await cluster.cli('CLUSTER', 'NODES');
    assert.equal(nodes.split('\n').filter((l) => /\bslave\b/.test(l) && /\bconnected\b/.test(l)).length, 3, nodes);
  });

  it('runs the commands of one slot over rediss:// with the TLS files, the slot map included', async () => {
    assert.ok(cluster !== undefined);
    const client = createSlotRequestClient({
      seeds: [`rediss://localhost:${cluster.nodes[0]?.port ?? 0}`],
      key: 'tls-slot{g}',
      username: 'app',
      password: PASSWORD,
      tls: { ca: readFileSync(pki.ca), cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) },
    });
    try {
      await waitFor(() => client.ready, 'the client of the slot to be ready', 15_000).catch((err: unknown) => {
        throw new Error(`${String(err)} (${client.error ?? ''})`);
      });
      assert.equal(await client.call(['SET', 'tls-slot{g}', 'v']), 'OK');
      assert.deepEqual(await client.call(['GET', 'tls-slot{g}']), Buffer.from('v'));
    } finally {
      await client.close();
    }
  });

  it('keeps delivering over rediss:// when the master of the channel fails over, checking node certificates by announced name', async () => {
    assert.ok(cluster !== undefined);
    const master = await cluster.masterOf(CHANNEL);
    // Seeded with another node by name: the buses find the channel's master, an IP, from the slot map.
    const seed = `rediss://localhost:${cluster.nodes.find((n) => n.port !== master)?.port ?? 0}`;
    const options = {
      url: seed,
      username: 'app',
      password: PASSWORD,
      tls: { ca: readFileSync(pki.ca), cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) },
    };
    const pub: Bus = openBus({ ...options, name: 'tls-cluster-pub' });
    const sub: Bus = openBus({ ...options, name: 'tls-cluster-sub' });
    try {
      const got: number[] = [];
      await sub.subscribe(CHANNEL, (p) => got.push(Number(payloadText(p))));
      let sent = 0;
      const sendUntil = async (done: () => boolean, what: string): Promise<void> => {
        const deadline = Date.now() + 30_000;
        while (!done()) {
          if (Date.now() > deadline)
            throw new Error(
              `timed out waiting for ${what} (${got.length} of ${sent}; ${pub.status().error ?? sub.status().error ?? ''})`,
            );
          pub.publish(CHANNEL, String(sent++));
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await sendUntil(() => got.length >= 10, 'messages through the first master');
      await cluster.killMaster(master, 60_000);
      const after = sent;
      await sendUntil(() => got.filter((n) => n >= after).length >= 10, 'messages through the promoted replica');
      assert.notEqual(await cluster.masterOf(CHANNEL), master);
      await waitFor(() => got.includes(sent - 1), 'the last message', 15_000);
    } finally {
      await Promise.all([pub.close(), sub.close()]);
    }
  });
});

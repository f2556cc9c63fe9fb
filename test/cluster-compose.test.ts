import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { startRedisServer } from './helpers/redis-server.js';

// `docker compose` is not at hand in CI: this reads the cluster example and checks that what it
// names exists and agrees with the commands.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  depends_on?: Record<string, { condition?: string }>;
  networks?: string[] | Record<string, { ipv4_address?: string }>;
  healthcheck?: { test?: string[] };
  profiles?: string[];
}
// Compose resolves `<<: *anchor` merge keys, as YAML 1.1 did.
const compose = parse(readFileSync(join(ROOT, 'compose.cluster.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = Object.entries(compose.services);
const nodes = services.filter(([, s]) => s.command?.[0] === 'redis-server');
const address = (s: Service): string | undefined =>
  Array.isArray(s.networks) ? undefined : s.networks?.cluster?.ipv4_address;
const logstream = services.filter(([, s]) => s.image === 'logstream');

describe('compose.cluster.yaml', () => {
  it('starts six cluster-enabled Redis nodes on distinct fixed addresses, each with a healthcheck', () => {
    assert.equal(nodes.length, 6);
    for (const [name, s] of nodes) {
      assert.match((s.command ?? []).join(' '), /--cluster-enabled yes/, name);
      assert.deepEqual(s.healthcheck?.test, ['CMD', 'redis-cli', 'ping'], name);
    }
    assert.equal(new Set(nodes.map(([, s]) => address(s))).size, 6);
  });

  it('forms 3 masters and 3 replicas of exactly those nodes once they are healthy', () => {
    const init = compose.services['cluster-init'];
    const script = (init?.command ?? []).join(' ');
    const created = /--cluster create ((?:\S+:6379 )+)--cluster-replicas 1 --cluster-yes/.exec(script)?.[1] ?? '';
    assert.deepEqual(created.trim().split(' ').sort(), nodes.map(([, s]) => `${address(s)}:6379`).sort());
    for (const [name] of nodes) assert.equal(init?.depends_on?.[name]?.condition, 'service_healthy', name);
  });

  it('runs every LogStream service with --cluster, seeds among the nodes and the same shards, after the cluster formed', () => {
    assert.ok(logstream.length >= 4);
    assert.equal(logstream.filter(([, s]) => s.build !== undefined).length, 1, 'one service builds the image');
    const addresses = nodes.map(([, s]) => address(s));
    for (const [name, s] of logstream) {
      const args = s.command ?? [];
      assert.ok(args.includes('--cluster'), name);
      assert.equal(args[args.indexOf('--shards') + 1], '3', name);
      const seeds = (args[args.indexOf('--redis') + 1] ?? '').split(',');
      for (const seed of seeds)
        assert.ok(addresses.includes(/^redis:\/\/([\d.]+):6379$/.exec(seed)?.[1]), `${name}: ${seed}`);
      assert.equal(s.depends_on?.['cluster-init']?.condition, 'service_completed_successfully', name);
      if (s.profiles === undefined) assert.ok(s.healthcheck?.test !== undefined, `${name} has no healthcheck`);
    }
  });

  it('gives the nodes arguments this redis-server accepts', async () => {
    const command = nodes[0]?.[1].command ?? [];
    const redis = await startRedisServer({ args: command.slice(1) });
    try {
      assert.match(await redis.cli('CLUSTER', 'INFO'), /cluster_enabled:1|cluster_state/);
    } finally {
      await redis.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { startSingleRedisServer, type RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { RespError } from '../resp/resp-parser.js';
import { deniedNotice, probeAnswer, probeCluster } from './cluster-probe.js';

const servers: RedisServerHandle[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function server(args: string[]): Promise<RedisServerHandle> {
  const s = await startSingleRedisServer({ args });
  servers.push(s);
  return s;
}

const BACKOFF = { baseMs: 20, capMs: 100 };

describe('the cluster probe', { timeout: 60_000 }, () => {
  it('asks again on LOADING and BUSY, takes NOPERM as denied and other errors as a single server', () => {
    assert.equal(probeAnswer([]), 'cluster');
    assert.equal(probeAnswer(new RespError('LOADING Redis is loading the dataset in memory')), 'again');
    assert.equal(
      probeAnswer(
        new RespError('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.'),
      ),
      'again',
    );
    assert.equal(
      probeAnswer(new RespError("NOPERM User probe has no permissions to run the 'cluster|slots' command")),
      'denied',
    );
    assert.equal(probeAnswer(new RespError('ERR This instance has cluster support disabled')), 'single');
    assert.equal(probeAnswer('OK'), 'single');
  });

  it('waits out a cluster node busy with a script and then finds it a cluster node', async () => {
    const node = await server(['--cluster-enabled', 'yes', '--busy-reply-threshold', '50']);
    // A script that never ends keeps the node answering BUSY until SCRIPT KILL.
    const script = spawn('redis-cli', ['-p', String(node.port), 'EVAL', 'while true do end', '0'], { stdio: 'ignore' });
    try {
      for (const deadline = Date.now() + 15_000; !(await node.cli('PING')).includes('BUSY');) {
        assert.ok(Date.now() < deadline, 'the node never answered BUSY');
        await new Promise((r) => setTimeout(r, 20));
      }
      const reports: (string | undefined)[] = [];
      const probe = probeCluster({ url: node.url, backoff: BACKOFF, onUnreachable: (e) => reports.push(e) });
      let answer: boolean | undefined;
      void probe.isCluster.then((c) => (answer = c));
      await waitFor(() => reports.length >= 3, 'the probe asking again', 15_000);
      assert.equal(answer, undefined, 'no answer while the node is busy');
      assert.match(reports[0] ?? '', /^BUSY/);
      await node.cli('SCRIPT', 'KILL');
      assert.equal(await probe.isCluster, true);
    } finally {
      script.kill();
    }
  });

  it('takes a node it may not ask for a single server, and says so once', async () => {
    const node = await server([]);
    await node.cli('ACL', 'SETUSER', 'probe', 'on', '>secret', '~*', '&*', '+@all', '-cluster');
    const denied: string[] = [];
    const url = `redis://probe:secret@127.0.0.1:${node.port}`;
    const probe = probeCluster({ url, onUnreachable: () => {}, onDenied: (e) => denied.push(e) });
    assert.equal(await probe.isCluster, false);
    assert.equal(denied.length, 1);
    assert.match(denied[0]!, /^NOPERM/);
    const notice = deniedNotice(url);
    assert.match(
      notice,
      /cannot run CLUSTER SLOTS .*\(no permission\); treating it as a single server, pass --cluster/,
    );
    assert.doesNotMatch(notice, /secret/);
  });
});

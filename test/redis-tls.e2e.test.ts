import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { payloadText } from '../src/protocol/payload.js';
import { runCli, startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { makePki, serverTlsFiles, type TestPki } from './helpers/tls-pki.js';
import { waitFor } from './helpers/wait-for.js';

const PASSWORD = 'tls-acl-secret-5e1b9c';

/** The command line of a running process, as `ps` shows it. */
function cmdline(pid: number | undefined): string {
  return readFileSync(`/proc/${pid ?? 0}/cmdline`, 'utf8').replace(/\0/g, ' ');
}

describe('Redis over TLS with an ACL user', { timeout: 60_000 }, () => {
  let pki: TestPki;
  let redis: RedisServerHandle | undefined;
  let unavailable: string | undefined;
  let watcher: Bus;
  const logs: string[] = [];
  const stats: string[] = [];
  let tlsArgs: string[];
  const running: CliProcess[] = [];

  const skipIfNoTls = (t: TestContext): boolean => {
    if (unavailable !== undefined) t.skip(unavailable);
    return unavailable !== undefined;
  };

  before(async () => {
    pki = makePki();
    try {
      redis = await startRedisServer({
        tls: serverTlsFiles(pki),
        // The default user is off: only the ACL user gets in.
        args: ['--user', 'default', 'off', '--user', 'app', 'on', `>${PASSWORD}`, '~*', '&*', '+@all'],
        auth: { user: 'app', password: PASSWORD },
      });
    } catch (err) {
      const text = String(err);
      if (!/tls/i.test(text)) throw err;
      unavailable = `this redis-server was built without TLS support (${text.split('\n')[0] ?? ''})`;
      return;
    }
    tlsArgs = ['--redis', redis.url, '--tls-ca', pki.ca, '--tls-cert', pki.clientCert, '--tls-key', pki.clientKey];
    watcher = openBus({
      url: redis.url,
      username: 'app',
      password: PASSWORD,
      name: 'tls-watcher',
      tls: { ca: readFileSync(pki.ca), cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) },
    });
    await watcher.subscribe('logs.ingest', (p) => logs.push(payloadText(p)));
    await watcher.subscribe('stats.update', (p) => stats.push(payloadText(p)));
  });

  after(async () => {
    for (const p of running) p.child.kill('SIGTERM');
    await Promise.all(running.map((p) => p.exited));
    if (redis !== undefined) {
      await watcher.close();
      await redis.stop();
    }
    rmSync(pki.dir, { recursive: true, force: true });
  });

  it('runs send and analyze over rediss:// with the password from REDIS_PASSWORD and a file, never in ps', async (t) => {
    if (skipIfNoTls(t) || redis === undefined) return;
    const analyzer = startCli(['analyze', ...tlsArgs, '--lateness-ms', '100'], {
      REDIS_USERNAME: 'app',
      REDIS_PASSWORD: PASSWORD,
    });
    running.push(analyzer);
    await waitFor(() => analyzer.stderr().includes('connected'), 'the analyzer to connect over TLS', 10_000);
    assert.doesNotMatch(cmdline(analyzer.child.pid), new RegExp(PASSWORD));

    const passwordFile = join(pki.dir, 'password');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const sender = startCli(
      ['send', ...tlsArgs, '--redis-password-file', passwordFile, '--count', '300', '--rate', '100'],
      { REDIS_USERNAME: 'app' },
    );
    await waitFor(() => sender.stderr().includes('connected'), 'the sender to connect over TLS', 10_000);
    assert.doesNotMatch(cmdline(sender.child.pid), new RegExp(PASSWORD));
    const clients = await redis.cli('CLIENT', 'LIST');
    assert.match(clients, /name=logstream-send-pub .* user=app /);
    assert.match(clients, /name=logstream-analyze-sub .* user=app /);

    assert.equal(await sender.exited, 0, sender.stderr());
    await waitFor(() => logs.length >= 300, 'the 300 logs at the watcher', 10_000);
    await waitFor(() => stats.some((s) => s.includes('total_count')), 'statistics from the analyzer', 10_000);
    for (const p of [analyzer, sender]) assert.doesNotMatch(p.stderr() + p.stdout(), new RegExp(PASSWORD));
  });

  it('runs ship and ingest over rediss:// with the TLS files and the password file', async (t) => {
    if (skipIfNoTls(t) || redis === undefined) return;
    const passwordFile = join(pki.dir, 'password-ship');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const file = join(pki.dir, 'shipped.log');
    writeFileSync(file, 'shipped over tls 1\nshipped over tls 2\n');
    const ship = startCli(['ship', file, '--no-follow', ...tlsArgs, '--redis-password-file', passwordFile], {
      REDIS_USERNAME: 'app',
    });
    assert.equal(await ship.exited, 0, ship.stderr());
    await waitFor(
      () => logs.filter((l) => l.includes('shipped over tls')).length === 2,
      'both shipped lines at the watcher',
      10_000,
    );

    const ingest = startCli(['ingest', '--http', '127.0.0.1:0', ...tlsArgs, '--redis-password-file', passwordFile], {
      REDIS_USERNAME: 'app',
    });
    running.push(ingest);
    await waitFor(
      () => ingest.stderr().includes('connected') && /http listening on 127\.0\.0\.1:\d+/.test(ingest.stderr()),
      'ingest connected over TLS and listening',
      10_000,
    );
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(ingest.stderr())?.[1];
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"message":"ingested over tls"}' });
    assert.equal(res.status, 200, await res.text());
    await waitFor(
      () => logs.some((l) => l.includes('ingested over tls')),
      'the ingested record at the watcher',
      10_000,
    );
  });

  it('runs send --threads 2 over rediss:// with a client certificate and the ACL user, one connection per thread', async (t) => {
    if (skipIfNoTls(t) || redis === undefined) return;
    const passwordFile = join(pki.dir, 'password-threads');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const before = logs.length;
    const sender = startCli(
      ['send', ...tlsArgs, '--redis-password-file', passwordFile, '--threads', '2', '--count', '400', '--rate', '200'],
      { REDIS_USERNAME: 'app' },
    );
    running.push(sender);
    await waitFor(() => logs.length >= before + 20, 'logs from the threads over TLS', 10_000);
    const clients = await redis.cli('CLIENT', 'LIST');
    assert.equal(clients.match(/name=logstream-send-pub .* user=app /g)?.length, 2, clients);
    assert.equal(await sender.exited, 0, sender.stderr());
    await waitFor(() => logs.length >= before + 400, 'the 400 logs at the watcher', 10_000);
    assert.match(sender.stderr(), /sent 400 logs \(seq 1\.\.200 of send-\w+, seq 1\.\.200 of send-\w+\)/);
    assert.doesNotMatch(sender.stderr() + sender.stdout(), new RegExp(PASSWORD));
  });

  it('scrubs a password typed into --redis from ps and warns about it', async (t) => {
    if (skipIfNoTls(t) || redis === undefined) return;
    const url = redis.url.replace('rediss://', `rediss://app:${PASSWORD}@`);
    const sender = startCli(['send', ...tlsArgs.slice(2), '--redis', url, '--rate', '5']);
    running.push(sender);
    await waitFor(() => sender.stderr().includes('connected'), 'the sender to connect', 10_000);
    assert.doesNotMatch(cmdline(sender.child.pid), new RegExp(PASSWORD));
    assert.match(sender.stderr(), /password in --redis shows in ps/);
    assert.doesNotMatch(sender.stderr(), new RegExp(PASSWORD));
  });

  it('reports a wrong password and an untrusted server without the secret', async (t) => {
    if (skipIfNoTls(t) || redis === undefined) return;
    const wrong = startCli(['analyze', ...tlsArgs], { REDIS_USERNAME: 'app', REDIS_PASSWORD: 'not-the-secret-77' });
    running.push(wrong);
    await waitFor(() => /WRONGPASS/.test(wrong.stderr()), 'the refused login', 10_000);
    assert.doesNotMatch(wrong.stderr(), /not-the-secret-77/);

    // Without --tls-ca the server's certificate does not verify.
    const untrusted = startCli(
      ['analyze', '--redis', redis.url, '--tls-cert', pki.clientCert, '--tls-key', pki.clientKey],
      { REDIS_USERNAME: 'app', REDIS_PASSWORD: PASSWORD },
    );
    running.push(untrusted);
    await waitFor(() => /cannot reach .*certificate/i.test(untrusted.stderr()), 'the certificate error', 10_000);
  });

  it('fails with one line and exit code 2 for a file it cannot read or TLS files on redis://', async (t) => {
    if (skipIfNoTls(t) || redis === undefined) return;
    const missing = await runCli(['send', '--redis', redis.url, '--tls-ca', join(pki.dir, 'nope.pem'), '--count', '1']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^logstream: error: cannot read the --tls-ca file ".*nope\.pem" \(ENOENT\)\n$/);
    const plain = await runCli(['send', '--redis', 'redis://127.0.0.1:1', '--tls-ca', pki.ca, '--count', '1']);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /^logstream: error: --tls-ca needs a rediss:\/\/ URL/);
    const threaded = await runCli([
      'send',
      '--redis',
      redis.url,
      '--tls-ca',
      join(pki.dir, 'nope.pem'),
      '--threads',
      '2',
      '--count',
      '1',
    ]);
    assert.equal(threaded.code, 2);
    assert.match(threaded.stderr, /^logstream: error: cannot read the --tls-ca file ".*nope\.pem" \(ENOENT\)\n$/);
    const noPassword = await runCli([
      'send',
      '--redis',
      redis.url,
      '--redis-password-file',
      join(pki.dir, 'absent'),
      '--count',
      '1',
    ]);
    assert.equal(noPassword.code, 2);
    assert.equal(noPassword.stderr.split('\n').filter(Boolean).length, 1);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, runCli } from './helpers/cli.js';
import { startRedisServer } from './helpers/redis-server.js';
import { screenHas, startTmux } from './helpers/tmux.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-cli-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('highlight rules from the config file', () => {
  it('accepts a rule that could backtrack and highlights its matches', async () => {
    const config = join(dir, 'highlight.toml');
    writeFileSync(config, '[[highlight]]\npattern = "a+b"\nstyle = { fg = "black", bg = "magenta" }\n');
    const log = join(dir, 'app.log');
    writeFileSync(log, 'INFO key xxaaab done\n');
    const term = await startTmux(
      `TZ=UTC ${process.execPath} ${CLI} --config ${config} view ${log}; echo EXIT=$?; sleep 600`,
      { cols: 120, rows: 30 },
    );
    try {
      await term.waitFor((l) => screenHas(l, 'key xxaaab done'), 15_000, 'the log');
      const row = (await term.capture(true)).split('\n').find((l) => l.includes('done')) ?? '';
      // capture-pane -e keeps the SGR sequences: "aaab" on magenta (45), the x's before it not.
      assert.match(
        row,
        /xx(?:\x1b\[[0-9;]*m)*\x1b\[(?:[0-9;]*;)?45(?:;[0-9;]*)?m(?:\x1b\[[0-9;]*m)*aaab\x1b\[/,
        JSON.stringify(row),
      );
      await term.keys('q');
      await term.waitFor((l) => screenHas(l, 'EXIT=0'), 10_000, 'a clean exit on q');
    } finally {
      await term.kill();
    }
  });

  it('refuses a rule with a backreference, saying so with the line, and exit code 2', async () => {
    const config = join(dir, 'backref.toml');
    writeFileSync(config, '[[highlight]]\npattern = \'(\\w+) \\1\'\nstyle = "red"\n');
    const log = join(dir, 'other.log');
    writeFileSync(log, 'hello\n');
    const r = await runCli(['--config', config, 'view', log]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /backref\.toml:2: highlight\.0\.pattern: "\(\\w\+\) \\1": pattern needs backtracking features that could freeze the view: backreference \\1/,
    );
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
});

describe('redis from the config file', () => {
  it('is where send publishes when $REDIS_URL is not set', async () => {
    const redis = await startRedisServer();
    try {
      const config = join(dir, 'redis.toml');
      writeFileSync(config, `[defaults]\nredis = "${redis.url}"\n`);
      const r = await runCli(['--config', config, 'send', '--count', '5', '--rate', '100'], { REDIS_URL: '' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`connected to ${redis.url.replace(/[.]/g, '\\.')}`));
      // SPUBLISH on a cluster (sharded Pub/Sub), PUBLISH on one server.
      assert.match(await redis.cli('INFO', 'commandstats'), /cmdstat_s?publish:calls=[1-9]/);
    } finally {
      await redis.stop();
    }
  });
});

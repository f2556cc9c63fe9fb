import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { createMemoryBus } from '../../bus/memory-bus.js';
import { DEFAULT_LOGS_CHANNEL, DEFAULT_STATS_CHANNEL } from '../../protocol/channels.js';
import { startInProcessEngine } from '../../services/collector/engine-host.js';
import type { Key } from '../keys/key.js';
import type { TerminalSession } from '../terminal.js';
import { drawApp } from '../view/app-view.js';
import { defaultTheme } from '../view/theme.js';
import { startApp, type AppOptions } from './app.js';
import { CrashLog } from './crash-log.js';

/** A terminal with no terminal behind it: it keeps what was written and types the keys it is given. */
class TestTerminal implements TerminalSession {
  readonly cols = 100;
  readonly rows = 30;
  readonly busy = false;
  readonly clipboard = 'plain';
  private out: Buffer[] = [];
  private keyListeners: ((key: Key) => void)[] = [];
  write(s: string | Buffer): void {
    this.out.push(typeof s === 'string' ? Buffer.from(s) : Buffer.from(s));
  }
  onDrain(): () => void {
    return () => undefined;
  }
  onKey(cb: (key: Key) => void): () => void {
    this.keyListeners.push(cb);
    return () => undefined;
  }
  onResize(): () => void {
    return () => undefined;
  }
  restore(): void {}
  /** Everything written so far, escape sequences removed. */
  text(): string {
    return Buffer.concat(this.out)
      .toString('utf8')
      .replace(/\x1b\[(\d*)C/g, (_, n: string) => ' '.repeat(Number(n || '1')))
      .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  }
  type(text: string): void {
    for (const ch of text) this.press({ name: ch, sequence: ch });
  }
  press(key: Partial<Key> & { name: string }): void {
    const k: Key = { ctrl: false, meta: false, shift: false, sequence: '', ...key };
    for (const l of this.keyListeners) l(k);
  }
}

const until = async (cond: () => boolean, what: string): Promise<void> => {
  const end = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const dir = mkdtempSync(join(tmpdir(), 'logstream-app-'));
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  // A failed test still stops its app, or its timers would keep the test process alive.
  for (const stop of stops.splice(0)) await stop().catch(() => undefined);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function start(extra: Partial<AppOptions> = {}) {
  const bus = createMemoryBus();
  const engine = await startInProcessEngine(bus, {
    logsChannel: DEFAULT_LOGS_CHANNEL,
    statsChannel: DEFAULT_STATS_CHANNEL,
    capacity: 100,
  });
  const terminal = new TestTerminal();
  const app = startApp({ engine, capacity: 100, sourceLabel: 'embedded', terminal, theme: defaultTheme(), ...extra });
  const publish = (service: string, message: string): void =>
    void bus.publish(
      DEFAULT_LOGS_CHANNEL,
      JSON.stringify({ timestamp: '2026-12-01T10:00:00.000000', level: 'ERROR', service, message }),
    );
  const stop = async (): Promise<void> => {
    terminal.press({ name: 'escape' });
    terminal.press({ name: 'q', sequence: 'q' });
    const code = await Promise.race([app.done, new Promise((r) => setTimeout(r, 2000, 'no exit'))]);
    await engine.stop();
    await bus.close();
    assert.equal(code, 0);
  };
  stops.push(stop);
  return { terminal, publish, stop };
}

describe('the UI thread, driven through the in-process engine', () => {
  it('shows published logs and searches for words with a dash', async () => {
    const log = join(dir, 'search.log');
    const { terminal, publish } = await start({ crashLog: new CrashLog(log) });
    publish('api-gateway', 'upstream timed out');
    await until(() => terminal.text().includes('upstream timed out'), 'the log on screen');
    terminal.type('/api-gateway');
    terminal.press({ name: 'return' });
    const drawn = terminal.text().length;
    await until(() => terminal.text().length > drawn, 'a frame after Enter');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(existsSync(log), false, existsSync(log) ? readFileSync(log, 'utf8') : '');
  });

  it('applies keys typed before the engine answered a search each to the selection the one before left', async () => {
    const { terminal, publish } = await start();
    for (let i = 0; i < 6; i++) publish('api', `request ${i} ${i % 2 === 0 ? 'failed' : 'ok'}`);
    await until(() => terminal.text().includes('request 5 ok'), 'the logs on screen');
    // One burst, as from a fast typist or a paste: the engine answers none of it before the last key.
    terminal.type('/failed');
    terminal.press({ name: 'return' });
    terminal.type('nn');
    terminal.press({ name: 'return', sequence: '\r' });
    await until(() => /y copy JSON[^]*request 0 failed/.test(terminal.text()), 'the detail of the third match');
  });

  it('survives a frame that throws: the status line names the crash log, which holds the stack', async () => {
    const log = join(dir, 'crash.log');
    let failing = false;
    const draw: typeof drawApp = (...args) => {
      if (failing) throw new Error('a view that threw');
      drawApp(...args);
    };
    const { terminal, publish } = await start({ draw, crashLog: new CrashLog(log) });
    publish('api', 'before the failure');
    await until(() => terminal.text().includes('before the failure'), 'the first log');
    failing = true;
    publish('api', 'while failing');
    await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('a view that threw'), 'the crash log');
    failing = false;
    publish('api', 'after the failure');
    await until(() => terminal.text().includes('after the failure'), 'the app drawing again');
    assert.ok(terminal.text().includes(`internal error, details in ${log.slice(0, 20)}`));
    assert.equal(readFileSync(log, 'utf8').match(/a view that threw/g)?.length, 1, 'a repeated stack is written once');
  });

  it('jumps between marks and exports the shown logs through the engine, reporting a failed export in the status line', async () => {
    const { terminal, publish } = await start();
    for (let i = 0; i < 5; i++) publish('api', `log ${i}`);
    await until(() => terminal.text().includes('log 4'), 'the logs on screen');
    terminal.type('jjjm');
    terminal.press({ name: 'escape' });
    terminal.type(']');
    await until(() => /▌[^\n]*log 2/.test(terminal.text()), 'the marked log in the gutter');
    const out = join(dir, 'shown.jsonl');
    terminal.type(`e${out}`);
    terminal.press({ name: 'return' });
    await until(() => terminal.text().includes('wrote 5 logs to'), 'the export notice');
    assert.deepEqual(
      readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { message: string }).message),
      ['log 0', 'log 1', 'log 2', 'log 3', 'log 4'],
    );
    terminal.type(`e${join(dir, 'missing', 'x.csv')}`);
    terminal.press({ name: 'return' });
    await until(() => terminal.text().includes('export failed: ENOENT'), 'the error notice');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Key } from './keys/key.js';
import { ESCAPE_TIMEOUT_MS, installExitHandlers, openTerminal, toKey } from './terminal.js';

interface Fake {
  input: PassThrough;
  output: PassThrough & { columns: number; rows: number };
  written: () => string;
  keys: Key[];
}

// Streams standing in for a terminal; not TTYs, so raw mode is skipped.
function fakeTerminal(): Fake {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { columns: 100, rows: 30 });
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { input, output, written: () => chunks.join(''), keys: [] };
}

function open(f: Fake, mouse = false, stop?: () => void): ReturnType<typeof openTerminal> {
  const session = openTerminal({
    input: f.input as unknown as NodeJS.ReadStream,
    output: f.output as unknown as NodeJS.WriteStream,
    mouse,
    ...(stop !== undefined ? { stop } : {}),
  });
  session.onKey((k) => f.keys.push(k));
  return session;
}

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

function brief(k: Key): string {
  return `${k.ctrl ? 'C-' : ''}${k.meta ? 'M-' : ''}${k.shift ? 'S-' : ''}${k.name}:${JSON.stringify(k.sequence)}`;
}

describe('openTerminal', () => {
  it('enters the alternate screen with a hidden cursor and restores once, however often asked', async () => {
    const f = fakeTerminal();
    const session = open(f);
    await tick();
    assert.equal(f.written(), '\x1b[?1049h\x1b[?25l\x1b[?7l');
    assert.equal(session.cols, 100);
    session.restore();
    session.restore();
    await tick();
    assert.equal(f.written(), '\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[?2026l\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l');
    assert.equal(f.input.listenerCount('data'), 0);
  });

  it('turns key presses into Keys named like readline, with the typed text as sequence', async () => {
    const f = fakeTerminal();
    const session = open(f);
    for (const s of ['j', 'G', '?', '\x1b[A', '\r', '\x03', ' ', '日', '\x1b[6~', '\x1bx']) f.input.write(s);
    await tick();
    session.restore();
    assert.deepEqual(f.keys.map(brief), [
      'j:"j"',
      'S-g:"G"',
      '?:"?"',
      'up:""',
      'return:""',
      'C-c:""',
      'space:" "',
      '日:"日"',
      'pagedown:""',
      'M-x:""',
    ]);
  });

  it('recognises Esc on its own within a few escape timeouts', async () => {
    const f = fakeTerminal();
    const session = open(f);
    const start = Date.now();
    f.input.write('\x1b');
    while (f.keys.length === 0 && Date.now() - start < 1000) await tick(5);
    session.restore();
    assert.deepEqual(f.keys.map(brief), ['escape:""']);
    assert.ok(Date.now() - start < ESCAPE_TIMEOUT_MS * 4, `took ${Date.now() - start} ms`);
  });

  it('reports the mouse wheel as keys and drops other mouse events when the mouse is on', async () => {
    const f = fakeTerminal();
    const session = open(f, true);
    f.input.write('\x1b[<64;10;5Mk\x1b[<65;1;1M\x1b[<0;3;3M\x1b[<0;3;3m\x1b[<81;2;2M');
    await tick();
    session.restore();
    await tick();
    assert.deepEqual(f.keys.map(brief), ['wheelup:""', 'k:"k"', 'wheeldown:""', 'C-wheeldown:""']);
    assert.ok(f.written().startsWith('\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[?1000h\x1b[?1006h'));
    assert.ok(f.written().includes('\x1b[?1006l\x1b[?1000l'));
  });

  it('tells resize listeners the new size', () => {
    const f = fakeTerminal();
    const session = open(f);
    const sizes: string[] = [];
    session.onResize((c, r) => sizes.push(`${c}x${r}`));
    f.output.columns = 120;
    f.output.rows = 40;
    f.output.emit('resize');
    session.restore();
    f.output.emit('resize');
    assert.deepEqual(sizes, ['120x40']);
  });

  it('gives the terminal back before stopping on Ctrl-Z, draws nothing while stopped, and takes it back with a full redraw on SIGCONT', async () => {
    const f = fakeTerminal();
    const shownWhenStopped: string[] = [];
    const session = open(f, true, () => shownWhenStopped.push(f.written()));
    const sizes: string[] = [];
    session.onResize((c, r) => sizes.push(`${c}x${r}`));
    await tick();
    const entered = f.written();
    f.input.write('\x1a');
    await tick();
    assert.equal(shownWhenStopped.length, 1);
    assert.ok(
      shownWhenStopped[0]?.endsWith('\x1b[?1006l\x1b[?1000l\x1b[?2026l\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l'),
      JSON.stringify(shownWhenStopped[0]),
    );
    session.write('a frame');
    await tick();
    assert.equal(f.written(), shownWhenStopped[0]);
    process.emit('SIGCONT');
    await tick();
    assert.ok(f.written().endsWith(entered), JSON.stringify(f.written()));
    assert.deepEqual(sizes, ['100x30']);
    assert.deepEqual(f.keys, [], 'Ctrl-Z is not a key for the app');
    session.restore();
  });

  it('suspends the same way on SIGTSTP, and ignores a SIGCONT that follows no stop', () => {
    const f = fakeTerminal();
    let stops = 0;
    const session = open(f, false, () => stops++);
    const sizes: string[] = [];
    session.onResize((c, r) => sizes.push(`${c}x${r}`));
    process.emit('SIGCONT');
    assert.deepEqual(sizes, []);
    process.emit('SIGTSTP');
    assert.equal(stops, 1);
    process.emit('SIGCONT');
    assert.deepEqual(sizes, ['100x30']);
    session.restore();
    assert.equal(process.listenerCount('SIGTSTP'), 0);
    assert.equal(process.listenerCount('SIGCONT'), 0);
  });
});

describe('toKey', () => {
  it('keeps a lone Esc free of the meta flag readline gives it, but not Esc after Esc', () => {
    assert.deepEqual(toKey(undefined, { name: 'escape', sequence: '\x1b', meta: true }), {
      name: 'escape',
      ctrl: false,
      meta: false,
      shift: false,
      sequence: '',
    });
    assert.equal(toKey(undefined, { name: 'escape', sequence: '\x1b\x1b', meta: true }).meta, true);
  });
});

describe('installExitHandlers', () => {
  // The test runner listens to these events itself; park its listeners while ours are tested.
  function withOnlyOurListeners(events: string[], body: () => void): void {
    const saved = events.map((e) => [e, process.rawListeners(e)] as const);
    for (const e of events) process.removeAllListeners(e);
    try {
      body();
    } finally {
      for (const [e, ls] of saved) for (const l of ls) process.on(e, l as (...a: unknown[]) => void);
    }
  }

  it('restores the terminal before exiting with 128 + the signal number', () => {
    withOnlyOurListeners(['SIGINT', 'SIGTERM', 'SIGHUP'], () => {
      const log: string[] = [];
      const dispose = installExitHandlers({ restore: () => log.push('restore') }, (code) => log.push(`exit ${code}`));
      process.emit('SIGINT');
      process.emit('SIGTERM');
      process.emit('SIGHUP');
      dispose();
      assert.deepEqual(log, ['restore', 'exit 130', 'restore', 'exit 143', 'restore', 'exit 129']);
      assert.equal(process.listenerCount('SIGTERM'), 0);
    });
  });

  it('restores the terminal, then prints the crash, then exits with 1', () => {
    withOnlyOurListeners(['uncaughtException', 'unhandledRejection'], () => {
      const log: string[] = [];
      const dispose = installExitHandlers({ restore: () => log.push('restore') }, (code) => log.push(`exit ${code}`), {
        write: (s: string) => log.push(s.split('\n')[0] ?? ''),
      });
      process.emit('uncaughtException', new Error('boom'));
      process.emit('unhandledRejection', 'rejected', Promise.resolve());
      dispose();
      assert.deepEqual(log, ['restore', 'Error: boom', 'exit 1', 'restore', "'rejected'", 'exit 1']);
    });
  });
});

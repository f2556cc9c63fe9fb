import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

// Runs from source (tsx) or from dist/test; the demo script sits beside this file either way.
const here = fileURLToPath(import.meta.url);
const fromSource = here.endsWith('.ts');
const demo = join(dirname(here), 'fixtures', `tui-terminal-demo.${fromSource ? 'ts' : 'js'}`);
const repo = resolve(dirname(here), fromSource ? '..' : '../..');
const node = `'${process.execPath}'${fromSource ? ' --import tsx' : ''} '${demo}'`;

const socket = `logstream-tui-${process.pid}-${Date.now()}`;
const env = { ...process.env };
delete env['TMUX'];

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
}

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function waitForPane(target: string, text: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  let pane = '';
  while (Date.now() < deadline) {
    pane = tmux('capture-pane', '-p', '-t', target);
    if (pane.includes(text)) return pane;
    await sleep(100);
  }
  assert.fail(`pane never showed ${JSON.stringify(text)}; it shows:\n${pane}`);
}

// The shell stays after the demo exits, so the pane's state after restore() can be inspected.
function start(name: string, command: string): void {
  tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', '-c', repo, `${command}; echo "EXIT=$?"; sleep 60`);
}

describe('the terminal in a real terminal (tmux)', { skip: hasTmux() ? false : 'tmux is not installed' }, () => {
  after(() => {
    try {
      // tmux leaves its socket file behind after kill-server.
      const path = tmux('display', '-p', '#{socket_path}').trim();
      tmux('kill-server');
      rmSync(path, { force: true });
    } catch {
      // Already gone.
    }
  });

  it('draws CJK text on the alternate screen, reads keys, and gives the terminal back on q', async () => {
    start('tty', node);
    const pane = await waitForPane('tty', 'hello 日本語 😀 world');
    assert.match(pane, /^┌LogStream smoke─+┐$/m);
    assert.equal(tmux('display', '-p', '-t', 'tty', '#{alternate_on} #{cursor_flag}').trim(), '1 0');

    tmux('send-keys', '-t', 'tty', 'Escape');
    await waitForPane('tty', 'last key: escape ctrl=false meta=false');
    tmux('send-keys', '-t', 'tty', 'C-x');
    await waitForPane('tty', 'last key: x ctrl=true meta=false');

    tmux('send-keys', '-t', 'tty', 'q');
    const after = await waitForPane('tty', 'EXIT=0');
    assert.ok(!after.includes('LogStream smoke'), after);
    assert.equal(tmux('display', '-p', '-t', 'tty', '#{alternate_on} #{cursor_flag}').trim(), '0 1');
  });

  it('reads keys from /dev/tty while stdin carries data, which shows with its escapes visible', async () => {
    start('piped', `printf 'piped \\033[31mred\\n' | ${node}`);
    await waitForPane('piped', 'stdin: piped \\x1b[31mred⏎');
    tmux('send-keys', '-t', 'piped', 'z');
    await waitForPane('piped', 'last key: z ctrl=false meta=false');
    tmux('send-keys', '-t', 'piped', 'q');
    await waitForPane('piped', 'EXIT=0');
    assert.equal(tmux('display', '-p', '-t', 'piped', '#{alternate_on} #{cursor_flag}').trim(), '0 1');
  });
});

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { probeClipboardRoute } from './tmux-clipboard.js';

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('probeClipboardRoute', { skip: hasTmux() ? false : 'tmux is not installed' }, () => {
  const socket = `logstream-clip-${process.pid}-${Date.now()}`;
  const env = { ...process.env };
  delete env['TMUX'];
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });

  after(() => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
  });

  it('says plain outside tmux, without asking anyone', async () => {
    assert.equal(await probeClipboardRoute({ PATH: '/nonexistent' }), 'plain');
  });

  it('asks the tmux server $TMUX names how it passes OSC 52 on', async () => {
    tmux('new-session', '-d', '-s', 'clip', 'sleep 60');
    const inside = {
      ...env,
      TMUX: `${tmux('display', '-p', '#{socket_path}').trim()},${tmux('display', '-p', '#{pid}').trim()},0`,
    };
    tmux('set', '-g', 'set-clipboard', 'external');
    tmux('set', '-g', 'allow-passthrough', 'off');
    assert.equal(await probeClipboardRoute(inside), 'blocked');
    tmux('set', '-g', 'allow-passthrough', 'on');
    assert.equal(await probeClipboardRoute(inside), 'passthrough');
    tmux('set', '-g', 'set-clipboard', 'on');
    assert.equal(await probeClipboardRoute(inside), 'plain');
  });

  it('says unknown when tmux cannot be asked', async () => {
    assert.equal(
      await probeClipboardRoute({ TMUX: '/nonexistent/socket,1,0', PATH: process.env['PATH'] ?? '' }),
      'unknown',
    );
  });
});

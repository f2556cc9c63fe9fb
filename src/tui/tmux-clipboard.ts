import { execFile } from 'node:child_process';
import type { ClipboardRoute } from './osc52.js';
import { tmuxClipboardRoute } from './osc52.js';

/** Long enough for a loaded machine, short enough that a hung tmux is given up on before a copy. */
const TMUX_TIMEOUT_MS = 1500;

/** `tmux show -gv <option>`, or undefined when tmux cannot say (not installed, no such option, timed out). */
function showGlobal(option: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('tmux', ['show', '-gv', option], { env, timeout: TMUX_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout) => {
      resolve(err ? undefined : stdout);
    });
  });
}

/**
 * How OSC 52 reaches the clipboard here (see ClipboardRoute): `plain` outside tmux ($TMUX
 * unset); inside, tmux's server (the one $TMUX names) is asked, without blocking.
 */
export async function probeClipboardRoute(env: NodeJS.ProcessEnv = process.env): Promise<ClipboardRoute> {
  if ((env['TMUX'] ?? '') === '') return 'plain';
  const [setClipboard, allowPassthrough] = await Promise.all([
    showGlobal('set-clipboard', env),
    showGlobal('allow-passthrough', env),
  ]);
  return tmuxClipboardRoute(setClipboard, allowPassthrough);
}

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A program running in a real terminal: a detached tmux session on a private server. */
export interface TmuxSession {
  /** The visible screen as text, one string per row. */
  screen(): Promise<string[]>;
  /** The screen as one string; with `escapes`, including the SGR sequences (capture-pane -e). */
  capture(escapes?: boolean): Promise<string>;
  /** Sends keys with tmux's key names ('q', 'Enter', 'Escape', 'C-c', 'Down') or literal text. */
  keys(...keys: string[]): Promise<void>;
  /** Types text literally. */
  type(text: string): Promise<void>;
  /** `display -p` of a format, e.g. '#{alternate_on}' or '#{pane_dead}'. */
  display(format: string): Promise<string>;
  /** Waits until the screen satisfies the predicate; fails with the last screen after `timeoutMs`. */
  waitFor(predicate: (lines: string[]) => boolean, timeoutMs?: number, what?: string): Promise<string[]>;
  resize(cols: number, rows: number): Promise<void>;
  kill(): Promise<void>;
}

/** Starts `command` (a shell command line) in a new tmux session of the given size. */
export async function startTmux(
  command: string,
  opts: { cols?: number; rows?: number; env?: Record<string, string> } = {},
): Promise<TmuxSession> {
  const socket = `logstream-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmux = async (...args: string[]): Promise<string> =>
    (await run('tmux', ['-L', socket, '-f', '/dev/null', ...args])).stdout;
  const envArgs = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // set-clipboard on, set before the program starts (it asks tmux once): OSC 52 copies then
  // land in a paste buffer, as for a user whose tmux passes the clipboard on.
  await tmux(
    'set-option',
    '-s',
    'set-clipboard',
    'on',
    ';',
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    String(opts.cols ?? 120),
    '-y',
    String(opts.rows ?? 30),
    ...envArgs,
    command,
  );
  // Keep the pane after the program exits so the test can read its final screen and status.
  await tmux('set-option', '-t', 'main', 'remain-on-exit', 'on');
  const session: TmuxSession = {
    async screen() {
      return (await tmux('capture-pane', '-p', '-t', 'main')).split('\n');
    },
    async capture(escapes = false) {
      return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'main');
    },
    async keys(...keys) {
      await tmux('send-keys', '-t', 'main', ...keys);
    },
    async type(text) {
      // `--`: text starting with '-' is text, not a flag.
      await tmux('send-keys', '-t', 'main', '-l', '--', text);
    },
    async display(format) {
      return (await tmux('display-message', '-p', '-t', 'main', format)).trim();
    },
    async waitFor(predicate, timeoutMs = 10_000, what = 'the expected screen') {
      const deadline = Date.now() + timeoutMs;
      let lines: string[] = [];
      while (Date.now() < deadline) {
        lines = await session.screen();
        if (predicate(lines)) return lines;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}; screen was:\n${lines.join('\n')}`);
    },
    async resize(cols, rows) {
      await tmux('resize-window', '-t', 'main', '-x', String(cols), '-y', String(rows));
    },
    async kill() {
      liveSockets.delete(socket);
      await tmux('kill-server').catch(() => undefined);
    },
  };
  liveSockets.add(socket);
  installExitHook();
  return session;
}

// One exit hook for every session (not one each): never leave a tmux server behind.
const liveSockets = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const socket of liveSockets) {
      try {
        // Best effort, as the process ends.
        void run('tmux', ['-L', socket, 'kill-server']).catch(() => undefined);
      } catch {
        /* ignore */
      }
    }
  });
}
/** True when some row of the screen contains the text. */
export function screenHas(lines: string[], text: string | RegExp): boolean {
  return lines.some((l) => (typeof text === 'string' ? l.includes(text) : text.test(l)));
}

import { spawn } from 'node:child_process';
import { CLI } from '../../test/helpers/cli.js';
import { childPids } from './proc-sampler.js';
import { sleep } from './stats.js';

/** The headless terminal size every collector scenario uses. */
export const COLS = 200;
export const ROWS = 50;

// Each frame of the diff renderer is one synchronized update; counting its opening sequence
// counts frames from the outside, with or without the metrics file.
const FRAME_MARK = Buffer.from('\x1b[?2026h');

/** A `logstream` command running in a pseudo-terminal of COLS×ROWS. */
export interface PtyApp {
  /** Pid of the `logstream` node process itself (inside `script`). */
  readonly appPid: number;
  /** Bytes the app wrote to the terminal so far. */
  bytes(): number;
  /** Frames (synchronized updates) the app wrote so far. */
  frames(): number;
  /** Types raw key bytes into the terminal. */
  press(keys: string): void;
  /** Resolves with the exit code of `script` (the app's own, thanks to -e). */
  exited: Promise<number>;
  /** Last few KB the app wrote, for error messages. */
  tail(): string;
  /** SIGKILLs the app and `script` if they are still running. */
  kill(): void;
}

/**
 * Starts `logstream ...args` under util-linux `script`, which gives it a real pty; `stty` sets
 * the size before the app starts, so it never sees a resize. Keys are written to script's
 * stdin (a pipe), and its stdout is drained and counted, never rendered.
 */
export async function startPtyApp(args: string[], env: Record<string, string>): Promise<PtyApp> {
  const command = `stty cols ${COLS} rows ${ROWS}; exec ${process.execPath} ${CLI} ${args.map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...process.env, TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let bytes = 0;
  let frames = 0;
  let carry = Buffer.alloc(0);
  let tail = '';
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    // Keep the end of the previous chunk so a mark split across two reads still counts once.
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    for (let i = data.indexOf(FRAME_MARK); i >= 0; i = data.indexOf(FRAME_MARK, i + FRAME_MARK.length)) frames++;
    carry = Buffer.from(data.subarray(Math.max(0, data.length - (FRAME_MARK.length - 1))));
    tail = (tail + chunk.toString('latin1')).slice(-4096);
  });
  child.stderr.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString('latin1')).slice(-4096)));
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128))),
  );
  const scriptPid = child.pid ?? -1;
  let appPid = -1;
  for (let i = 0; i < 200 && appPid < 0; i++) {
    appPid = childPids(scriptPid)[0] ?? -1;
    if (appPid < 0) await sleep(10);
  }
  return {
    appPid,
    bytes: () => bytes,
    frames: () => frames,
    press: (keys) => void child.stdin.write(keys),
    exited,
    tail: () => tail,
    kill: () => {
      if (appPid > 0) {
        try {
          process.kill(appPid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      child.kill('SIGKILL');
    },
  };
}

/** The last line the app printed that is not a terminal control sequence (its error, when it crashed). */
export function lastMessage(tail: string): string {
  const text = tail.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\x1b\][^\x07]*\x07/g, '');
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('at '))
      .at(-1) ?? ''
  );
}

/** Quotes a word for sh -c. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

import { EventEmitter } from 'node:events';
import { openSync } from 'node:fs';
import type { Interface } from 'node:readline';
import { emitKeypressEvents } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import { ReadStream } from 'node:tty';
import type { Key } from './keys/key.js';
import type { ClipboardRoute } from './osc52.js';
import { installSuspend } from './suspend.js';
import { probeClipboardRoute } from './tmux-clipboard.js';
import { TerminalOutput } from './terminal-output.js';

/** The terminal while the TUI owns it. */
export interface TerminalSession {
  /** Current width in columns. */
  readonly cols: number;
  /** Current height in rows. */
  readonly rows: number;
  /** Writes raw output (a rendered frame, an OSC 52 sequence), as text or UTF-8 bytes it may keep; never blocks. */
  write(s: string | Buffer): void;
  /** True while earlier output is still on its way: a new frame would only queue behind it. */
  readonly busy: boolean;
  /** Calls `cb` whenever all output so far has been taken by the terminal; returns a function that stops it. */
  onDrain(cb: () => void): () => void;
  /** Calls `cb` for every key press; returns a function that stops it. */
  onKey(cb: (key: Key) => void): () => void;
  /** Calls `cb` after every resize, and when the terminal is back after Ctrl-Z and `fg` (draw everything); returns a function that stops it. */
  onResize(cb: (cols: number, rows: number) => void): () => void;
  /** How OSC 52 reaches the clipboard from here; 'unknown' until tmux has said. */
  readonly clipboard: ClipboardRoute;
  /** Gives the terminal back as it was (main screen, cursor, cooked mode). Idempotent. */
  restore(): void;
}

/** Options for `openTerminal`. */
export interface TerminalOptions {
  /** Where keys come from; default process.stdin (see `openTtyInput` when stdin carries data). */
  input?: NodeJS.ReadStream | undefined;
  /** Where output goes; default process.stdout. */
  output?: NodeJS.WriteStream;
  /** Report the mouse wheel as 'wheelup'/'wheeldown' keys (other mouse events are dropped). */
  mouse?: boolean;
  /** How the process stops itself on Ctrl-Z, once the terminal is given back; default SIGSTOP to itself. */
  stop?: () => void;
}

/**
 * How long a lone ESC waits for the rest of an escape sequence before it counts as the Esc key.
 * readline's default is 500 ms, which makes Esc feel broken; sequences from a local terminal
 * arrive in one read, and 50 ms still covers ssh.
 */
export const ESCAPE_TIMEOUT_MS = 50;

// Autowrap off: a character the terminal draws wider than expected at the right edge is cut
// there instead of wrapping onto the next row (or scrolling the screen from the last one).
const ENTER = '\x1b[?1049h\x1b[?25l\x1b[?7l';
const MOUSE_ON = '\x1b[?1000h\x1b[?1006h';
const MOUSE_OFF = '\x1b[?1006l\x1b[?1000l';
// Also ends a synchronized update, in case output stopped in the middle of a frame.
const LEAVE = '\x1b[?2026l\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l';

// SGR mouse report: ESC [ < button ; column ; row (M press, m release).
const MOUSE_REPORT = /\x1b\[<(\d+);\d+;\d+[Mm]/g;

interface ReadlineKey {
  sequence?: string;
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
}

const NON_PRINTING = /[\x00-\x1f\x7f-\x9f]/;

/** Converts one readline 'keypress' into a Key (see key.ts for the naming rules). */
export function toKey(str: string | undefined, key: ReadlineKey | undefined): Key {
  const raw = key?.sequence ?? str ?? '';
  const name = key?.name ?? raw;
  const ctrl = key?.ctrl ?? false;
  // readline flags a lone ESC as meta (it parses ESC as a meta prefix); the Esc key is not.
  const meta = name === 'escape' && raw === '\x1b' ? false : (key?.meta ?? false);
  const typed = !ctrl && !meta && raw !== '' && !NON_PRINTING.test(raw) ? raw : '';
  return { name, ctrl, meta, shift: key?.shift ?? false, sequence: typed };
}

// Mouse reports must not reach readline, which would turn them into a burst of junk keys.
function splitMouse(text: string, onText: (s: string) => void, onWheel: (key: Key) => void): void {
  let last = 0;
  for (const m of text.matchAll(MOUSE_REPORT)) {
    if (m.index > last) onText(text.slice(last, m.index));
    last = m.index + m[0].length;
    const button = Number(m[1]);
    // Bit 64 marks the wheel; low bits say up (0) or down (1); 4/8/16 are shift/meta/ctrl.
    if ((button & 64) !== 0 && (button & 3) < 2) {
      const name = (button & 1) === 0 ? 'wheelup' : 'wheeldown';
      onWheel({ name, shift: (button & 4) !== 0, meta: (button & 8) !== 0, ctrl: (button & 16) !== 0, sequence: '' });
    }
  }
  if (last < text.length) onText(text.slice(last));
}

/** Opens the controlling terminal for keys, for when stdin carries data (`tail -f app.log | logstream`); undefined without one. */
export function openTtyInput(): NodeJS.ReadStream | undefined {
  try {
    return new ReadStream(openSync('/dev/tty', 'r'));
  } catch {
    return undefined;
  }
}

/**
 * Takes over the terminal: alternate screen, hidden cursor, raw keys. The terminal is given
 * back by restore(), and also when the process exits, however it exits (see
 * installExitHandlers for signals and crashes); for a while on Ctrl-Z or SIGTSTP (see
 * suspend.ts), until `fg`. Also asks tmux, when inside it, how OSC 52 gets through.
 */
export function openTerminal(opts: TerminalOptions = {}): TerminalSession {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const mouse = opts.mouse ?? false;
  const keyListeners = new Set<(key: Key) => void>();
  const resizeListeners = new Set<(cols: number, rows: number) => void>();
  const emitKey = (key: Key): void => {
    for (const cb of keyListeners) cb(key);
  };

  // readline decodes keys from this private emitter rather than from `input`: the short
  // escape timeout then always applies (readline keeps the first settings a stream got), mouse
  // reports can be taken out first, and `input` is left untouched for the next owner.
  const keys = new EventEmitter();
  emitKeypressEvents(
    keys as unknown as NodeJS.ReadableStream,
    { escapeCodeTimeout: ESCAPE_TIMEOUT_MS } as unknown as Interface,
  );
  keys.on('keypress', (str: string | undefined, key: ReadlineKey | undefined) => {
    const k = toKey(str, key);
    // In raw mode Ctrl-Z reaches us as a byte instead of stopping the process.
    if (k.ctrl && !k.meta && k.name === 'z') suspender.suspend();
    else emitKey(k);
  });
  const decoder = new StringDecoder('utf8');
  const forward = (s: string): void => {
    keys.emit('data', s);
  };
  const onData = (chunk: Buffer | string): void => {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text === '') return;
    if (mouse) splitMouse(text, forward, emitKey);
    else forward(text);
  };
  const onResize = (): void => {
    for (const cb of resizeListeners) cb(session.cols, session.rows);
  };

  // A real terminal gets frames without blocking; other outputs (tests) are written as they are.
  const fd = (output as { fd?: unknown }).fd;
  const async =
    output.isTTY === true && typeof fd === 'number'
      ? new TerminalOutput(fd, (err) => output.emit('error', err))
      : undefined;

  const setRaw = (raw: boolean): void => {
    try {
      if (input.isTTY) input.setRawMode(raw);
    } catch {
      // The terminal may already be gone (SIGHUP); nothing left to set on it.
    }
  };
  const suspender = installSuspend({
    whenIdle: (cb) => {
      if (async === undefined || !async.busy) {
        cb();
        return;
      }
      const off = async.onDrain(() => {
        off();
        cb();
      });
    },
    leave: () => {
      setRaw(false);
      output.write((mouse ? MOUSE_OFF : '') + LEAVE);
    },
    stop: opts.stop ?? (() => process.kill(process.pid, 'SIGSTOP')),
    enter: () => {
      setRaw(true);
      output.write(ENTER + (mouse ? MOUSE_ON : ''));
      // What the terminal showed meanwhile is unknown: listeners redraw everything, as after a resize.
      onResize();
    },
  });

  // Asked once, right after the first frame is written (starting tmux twice holds up this thread,
  // and the first frame comes first: bench view-file, start-up), so the answer is there by the
  // time the user copies something.
  let clipboard: ClipboardRoute = (process.env['TMUX'] ?? '') === '' ? 'plain' : 'unknown';
  let probed = false;
  const probeClipboard = (): void => {
    probed = true;
    setImmediate(() => void probeClipboardRoute().then((route) => (clipboard = route)));
  };

  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    suspender.dispose();
    async?.close();
    process.off('exit', restore);
    input.off('data', onData);
    output.off('resize', onResize);
    setRaw(false);
    input.pause();
    try {
      output.write((mouse ? MOUSE_OFF : '') + LEAVE);
    } catch {
      // Same: a closed terminal cannot be written to.
    }
  };

  const session: TerminalSession = {
    get cols() {
      return output.columns ?? 80;
    },
    get rows() {
      return output.rows ?? 24;
    },
    write: (s) => {
      // After restore, or while suspended, the main screen is back: a frame must not be drawn over it.
      if (restored || suspender.suspended) return;
      if (async !== undefined) async.write(s);
      else output.write(s);
      if (!probed) probeClipboard();
    },
    get busy() {
      return async?.busy ?? false;
    },
    get clipboard() {
      return clipboard;
    },
    onDrain: (cb) => async?.onDrain(cb) ?? (() => undefined),
    onKey: (cb) => {
      keyListeners.add(cb);
      return () => keyListeners.delete(cb);
    },
    onResize: (cb) => {
      resizeListeners.add(cb);
      return () => resizeListeners.delete(cb);
    },
    restore,
  };

  process.on('exit', restore);
  output.on('resize', onResize);
  if (input.isTTY) input.setRawMode(true);
  input.on('data', onData);
  input.resume();
  output.write(ENTER + (mouse ? MOUSE_ON : ''));
  return session;
}

export { installExitHandlers, isTerminalGone, SIGNAL_EXIT_CODES } from './exit-handlers.js';

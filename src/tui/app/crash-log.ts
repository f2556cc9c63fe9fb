import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';

/** Where internal errors the app survived are written: `$XDG_STATE_HOME/logstream/crash.log`. */
export function crashLogPath(env: NodeJS.ProcessEnv = process.env): string {
  const state =
    env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME !== ''
      ? env.XDG_STATE_HOME
      : join(homedir(), '.local', 'state');
  return join(state, 'logstream', 'crash.log');
}

/** At most this many distinct errors are written per run, so a frame that fails every time cannot fill the disk. */
const MAX_DISTINCT = 50;

/**
 * Keeps the stacks of errors the UI loop contained. Each distinct stack is written once, with
 * the time and where it happened; repeats are only counted. Never throws.
 */
export class CrashLog {
  private readonly seen = new Map<string, number>();
  private writtenTo: string | undefined;

  constructor(private readonly path: string = crashLogPath()) {}

  /** Records `err`; returns the file it went to (a temporary one when the state dir is not writable). */
  record(where: string, err: unknown): string {
    const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : inspect(err);
    const count = (this.seen.get(text) ?? 0) + 1;
    if (count === 1 && this.seen.size >= MAX_DISTINCT) return this.writtenTo ?? this.path;
    this.seen.set(text, count);
    if (count > 1) return this.writtenTo ?? this.path;
    const entry = `${new Date().toISOString()} pid ${process.pid} in ${where}\n${text}\n\n`;
    for (const path of [this.path, join(tmpdir(), `logstream-crash-${process.getuid?.() ?? 'user'}.log`)]) {
      try {
        mkdirSync(dirname(path), { recursive: true });
        appendFileSync(path, entry);
        this.writtenTo = path;
        return path;
      } catch {
        // Try the next place.
      }
    }
    return this.path;
  }

  /** How many times errors were contained, repeats included. */
  get total(): number {
    let n = 0;
    for (const c of this.seen.values()) n += c;
    return n;
  }
}

/** `path` with the home directory written as `~`, to fit a status line. */
export function tildePath(path: string, home: string = homedir()): string {
  return home !== '' && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

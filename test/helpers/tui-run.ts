import assert from 'node:assert/strict';
import { CLI } from './cli.js';
import { screenHas, startTmux, type TmuxSession } from './tmux.js';

/** A terminal wide enough for the statistics pane beside the list. */
export const WIDE = { cols: 160, rows: 40 } as const;
/** Columns of the log list in a WIDE terminal: the statistics pane takes the right 38. */
export const LIST_COLS = WIDE.cols - 38;

/** Runs `logstream ARGS` in a WIDE tmux terminal, times in UTC; the shell shows `EXIT=<code>` once it ends. */
export function startTui(args: string): Promise<TmuxSession> {
  return startTmux(`TZ=UTC ${process.execPath} ${CLI} ${args}; echo EXIT=$?; sleep 600`, WIDE);
}

/** Quits the TUI with q and checks that it exits with 0. */
export async function quitTui(term: TmuxSession): Promise<void> {
  // Not within the escape timeout of an Esc, which would make the pair Meta-q.
  await new Promise((r) => setTimeout(r, 300));
  await term.keys('q');
  const lines = await term.waitFor((l) => screenHas(l, /EXIT=\d+/), 10_000, 'the TUI to exit');
  assert.ok(screenHas(lines, 'EXIT=0'), lines.join('\n'));
}

/** Capture `group` of `row` in each line of the list area (below its header, above the status lines). */
export function listColumn(lines: string[], row: RegExp, group: number): string[] {
  return lines.slice(3, -2).flatMap((l) => {
    const m = row.exec(l.slice(0, LIST_COLS));
    return m === null ? [] : [m[group] ?? ''];
  });
}

import type { LogRecord } from '../../protocol/log-record.js';
import { capClipboardText, clipboardOutput } from '../osc52.js';
import type { TerminalSession } from '../terminal.js';

/** Shown instead of a confirmation when tmux passes OSC 52 on neither way. */
export const TMUX_CLIPBOARD_HELP = 'not copied: tmux needs `set -g set-clipboard on` in ~/.tmux.conf';

/** Sends text to the clipboard with OSC 52 the way that reaches it from here; returns the notice to show. */
export function copyToClipboard(term: TerminalSession, text: string): string {
  const route = term.clipboard;
  const output = clipboardOutput(text, route);
  if (output === '') return TMUX_CLIPBOARD_HELP;
  term.write(output);
  const { truncated } = capClipboardText(text);
  const count = text.length.toLocaleString('en-US');
  const copied = truncated
    ? `copied the first part of ${count} characters (clipboard limit)`
    : `copied ${count} characters to the clipboard`;
  // tmux has not said yet whether it passes the sequence on.
  return route === 'unknown' ? `${copied}, if tmux passes it on` : copied;
}

/**
 * A log as one JSON object for `C`/`y`: the payload as received when it was JSON, else the
 * normalised fields (so plain-text lines copy as JSON too).
 */
export function recordJson(record: LogRecord): string {
  if (!record.plain && record.raw.trimStart().startsWith('{')) return record.raw.trim();
  return JSON.stringify({
    timestamp: new Date(record.time).toISOString(),
    level: record.level,
    service: record.service,
    message: record.message,
    ...record.fields,
  });
}

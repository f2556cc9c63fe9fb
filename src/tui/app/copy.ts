import type { LogRecord } from '../../protocol/log-record.js';
import { capClipboardText, osc52Sequence } from '../osc52.js';
import type { TerminalSession } from '../terminal.js';

/** Sends text to the clipboard with OSC 52 (through tmux when inside it); returns the confirmation to show. */
export function copyToClipboard(term: TerminalSession, text: string): string {
  const { truncated } = capClipboardText(text);
  const inTmux = process.env.TMUX !== undefined && process.env.TMUX !== '';
  term.write(osc52Sequence(text, { tmux: inTmux }));
  return truncated ? `copied the first part of ${text.length.toLocaleString('en-US')} characters (clipboard limit)` : `copied ${text.length.toLocaleString('en-US')} characters to the clipboard`;
}

/**
 * A log as one JSON object for `C`/`y`: the payload as received when it was JSON, else the
 * normalised fields (so plain-text lines copy as JSON too).
 */
export function recordJson(record: LogRecord): string {
  if (!record.plain && record.raw.trimStart().startsWith('{')) return record.raw.trim();
  return JSON.stringify({ timestamp: new Date(record.time).toISOString(), level: record.level, service: record.service, message: record.message, ...record.fields });
}

import { capClipboardText, osc52Sequence } from '../../tui/osc52.js';
import type { TerminalSession } from '../../tui/terminal.js';

/** Sends text to the clipboard with OSC 52 (through tmux when inside it); returns the confirmation to show. */
export function copyToClipboard(term: TerminalSession, text: string): string {
  const { truncated } = capClipboardText(text);
  const inTmux = process.env.TMUX !== undefined && process.env.TMUX !== '';
  term.write(osc52Sequence(text, { tmux: inTmux }));
  return truncated ? `copied the first part of ${text.length.toLocaleString('en-US')} characters (clipboard limit)` : `copied ${text.length.toLocaleString('en-US')} characters to the clipboard`;
}

/**
 * Clipboard copy through the terminal (OSC 52), which works over ssh and inside tmux, unlike
 * a local clipboard tool. Terminals cap what they accept (xterm ~100 KB of base64, others
 * less), so the text is capped first and the caller can tell the user it was cut.
 */

/** Most UTF-8 bytes of text sent to the clipboard. */
export const OSC52_MAX_BYTES = 100_000;

/** Text cut to fit the clipboard cap, and whether it was cut. */
export interface ClipboardText {
  text: string;
  truncated: boolean;
}

/** `text` cut to at most `maxBytes` UTF-8 bytes, on a character boundary. */
export function capClipboardText(text: string, maxBytes = OSC52_MAX_BYTES): ClipboardText {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short text needs no encoding to check.
  if (text.length * 3 <= maxBytes) return { text, truncated: false };
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  // Back up to the first byte of a character (continuation bytes are 10xxxxxx).
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}

/** Options for `osc52Sequence`. */
export interface Osc52Options {
  /** Wrap for tmux passthrough; default: inside tmux ($TMUX set). */
  tmux?: boolean;
  /** Cap in UTF-8 bytes; default OSC52_MAX_BYTES. */
  maxBytes?: number;
}

/**
 * The OSC 52 sequence that puts `text` (capped, see capClipboardText) on the clipboard. Inside
 * tmux it is wrapped in a DCS passthrough with its ESCs doubled; tmux 3.3+ forwards it only
 * with `set -g allow-passthrough on` (with `set -g set-clipboard on`, plain OSC 52 works too).
 */
export function osc52Sequence(text: string, opts: Osc52Options = {}): string {
  const { text: capped } = capClipboardText(text, opts.maxBytes);
  const seq = `\x1b]52;c;${Buffer.from(capped, 'utf8').toString('base64')}\x07`;
  const tmux = opts.tmux ?? (process.env['TMUX'] ?? '') !== '';
  return tmux ? `\x1bPtmux;${seq.replaceAll('\x1b', '\x1b\x1b')}\x1b\\` : seq;
}

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

/**
 * How OSC 52 reaches the clipboard from where the TUI runs. Outside tmux: `plain`. Inside tmux
 * the sequence goes to tmux, which takes a plain one only with `set-clipboard on` (it stores a
 * paste buffer and passes the sequence on to the outer terminal) and forwards a DCS-wrapped one
 * only with `allow-passthrough on` (tmux 3.3+; older ones always did). `blocked`: neither;
 * `unknown`: tmux has not answered (yet), so both are sent.
 */
export type ClipboardRoute = 'plain' | 'passthrough' | 'blocked' | 'unknown';

/**
 * The route inside tmux, from `tmux show -gv set-clipboard` and `tmux show -gv
 * allow-passthrough` (undefined when asking failed; for allow-passthrough that means a tmux
 * older than 3.3, which has no such option).
 */
export function tmuxClipboardRoute(
  setClipboard: string | undefined,
  allowPassthrough: string | undefined,
): ClipboardRoute {
  if (setClipboard === undefined) return 'unknown';
  if (setClipboard.trim() === 'on') return 'plain';
  if (allowPassthrough === undefined) return 'passthrough';
  const allow = allowPassthrough.trim();
  return allow === 'on' || allow === 'all' ? 'passthrough' : 'blocked';
}

/** Options for `osc52Sequence`. */
export interface Osc52Options {
  /** Wrap in a tmux DCS passthrough; default false. */
  passthrough?: boolean;
  /** Cap in UTF-8 bytes; default OSC52_MAX_BYTES. */
  maxBytes?: number;
}

/**
 * The OSC 52 sequence that puts `text` (capped, see capClipboardText) on the clipboard; with
 * `passthrough`, wrapped in a tmux DCS passthrough with its ESCs doubled.
 */
export function osc52Sequence(text: string, opts: Osc52Options = {}): string {
  const { text: capped } = capClipboardText(text, opts.maxBytes);
  const seq = `\x1b]52;c;${Buffer.from(capped, 'utf8').toString('base64')}\x07`;
  return opts.passthrough === true ? `\x1bPtmux;${seq.replaceAll('\x1b', '\x1b\x1b')}\x1b\\` : seq;
}

/** What to write for `text` to reach the clipboard by `route` ('' when it cannot). */
export function clipboardOutput(text: string, route: ClipboardRoute): string {
  switch (route) {
    case 'plain':
      return osc52Sequence(text);
    case 'passthrough':
      return osc52Sequence(text, { passthrough: true });
    case 'unknown':
      return osc52Sequence(text) + osc52Sequence(text, { passthrough: true });
    case 'blocked':
      return '';
  }
}

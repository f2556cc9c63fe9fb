import { ByteOut } from './byte-out.js';
import type { Screen } from './screen.js';
import type { Style } from './style.js';
import { SgrEncoder } from './style.js';
import { isWidthCertain } from './text-width.js';

const SYNC_BEGIN = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';
const RESET = '\x1b[0m';
const CLEAR = '\x1b[2J';

/** Options for `DiffRenderer`. */
export interface DiffRendererOptions {
  /** Drop colours, keep bold/dim/italic/underline/reverse (NO_COLOR). */
  monochrome?: boolean;
}

/**
 * Sends frames to the terminal as the difference from the previous frame: cursor moves and SGR
 * only for changed runs, one write() per frame, inside a synchronized update so terminals that
 * support it never show a half-drawn frame. The screen is cleared only on the first frame and
 * after invalidate(). Frames are written as UTF-8 bytes straight into a buffer (see ByteOut).
 *
 * A grapheme whose width terminals may count differently from charWidth (see isWidthCertain:
 * emoji, sequences, marks, newer characters) is drawn so that the disagreement cannot leave
 * stale cells: its cells are blanked first (a terminal that draws it narrower, or drops it,
 * shows spaces there), the cursor is placed explicitly before and after it, and the rest of
 * its row is sent again (a terminal that draws it wider has overwritten cells to its right).
 */
export class DiffRenderer {
  private readonly encoder: SgrEncoder;
  // What the terminal shows, as far as we know: the last frame rendered.
  private prevChars: string[] = [];
  private prevStyles: (Style | undefined)[] = [];
  private prevW = -1;
  private prevH = -1;
  private full = true;
  private readonly out = new ByteOut();

  /** A renderer writing each frame through `write`, as UTF-8 bytes the callee may keep. */
  constructor(
    private readonly write: (frame: Buffer) => void,
    opts: DiffRendererOptions = {},
  ) {
    this.encoder = new SgrEncoder(opts.monochrome ?? false);
  }

  /** Makes the next render a full repaint (after a resize, a terminal reset, or other output). */
  invalidate(): void {
    this.full = true;
  }

  /** Writes what changed since the previous frame; returns the bytes written (0: nothing changed). */
  render(next: Screen): number {
    const w = next.width;
    const h = next.height;
    const { out } = this;
    out.reset();
    out.ascii(SYNC_BEGIN);
    const head = out.length;
    if (this.full || w !== this.prevW || h !== this.prevH) {
      // After a clear the terminal is blank, so diffing against a blank frame sends only the
      // non-blank cells.
      out.ascii(RESET + CLEAR);
      this.prevChars = new Array<string>(w * h).fill(' ');
      this.prevStyles = new Array<Style | undefined>(w * h).fill(undefined);
      this.prevW = w;
      this.prevH = h;
      this.full = false;
    }
    this.diff(next);
    if (out.length === head) return 0;
    out.ascii(SYNC_END);
    const frame = out.take();
    this.write(frame);
    return frame.length;
  }

  private diff(next: Screen): void {
    const { chars, styles } = next;
    const { prevChars, prevStyles, encoder, out } = this;
    const w = next.width;
    const h = next.height;
    // Frames end with a reset, so each starts with the default SGR active.
    let active = RESET;
    // The style object `active` was last encoded from: runs share one object, so this skips
    // most encoder lookups.
    let activeStyle: Style | undefined = undefined;
    // Where the terminal's cursor is; -1 when unknown (start of frame, after the last column,
    // after a grapheme the terminal may measure differently from us).
    let cx = -1;
    let cy = -1;
    for (let y = 0; y < h; y++) {
      const row = y * w;
      // Set once a grapheme of uncertain width was drawn in this row: every cell after it is sent.
      let resend = false;
      for (let x = 0; x < w;) {
        const i = row + x;
        const st = styles[i];
        const ps = prevStyles[i];
        if (!resend && chars[i] === prevChars[i] && (st === ps || encoder.encode(st) === encoder.encode(ps))) {
          x++;
          continue;
        }
        // A changed right half repaints its whole grapheme; never send half a wide character.
        const gx = chars[i] === '' ? x - 1 : x;
        const gi = row + gx;
        const g = chars[gi] as string;
        const wide = gx + 1 < w && chars[gi + 1] === '';
        const style = styles[gi];
        if (style !== activeStyle) {
          const s = encoder.encode(style);
          activeStyle = style;
          if (s !== active) {
            out.ascii(s);
            active = s;
          }
        }
        const certain = isWidthCertain(g);
        if (!certain) {
          // Blanked first, and the rest of the row resent after it: see the class comment.
          moveTo(out, y, gx);
          out.ascii(wide ? '  ' : ' ');
          cx = -1;
          resend = true;
        }
        if (cy !== y || cx < 0 || cx > gx) moveTo(out, y, gx);
        else if (cx < gx) forward(out, gx - cx);
        out.text(g);
        prevChars[gi] = g;
        prevStyles[gi] = styles[gi];
        if (wide) {
          prevChars[gi + 1] = '';
          prevStyles[gi + 1] = styles[gi + 1];
        }
        x = gx + (wide ? 2 : 1);
        cy = y;
        cx = x >= w || !certain ? -1 : x;
        // The changed cells right after it that are printable ASCII in the same style (most of a
        // scrolling log list) need no cursor move and no style check of their own.
        if (cx >= 0) {
          for (let j = row + x; x < w; x++, j++) {
            const c = chars[j] as string;
            if ((c === prevChars[j] && !resend) || styles[j] !== activeStyle || c.length !== 1) break;
            const code = c.charCodeAt(0);
            if (code < 0x20 || code > 0x7e) break;
            out.byte(code);
            prevChars[j] = c;
            prevStyles[j] = activeStyle;
          }
          cx = x >= w ? -1 : x;
        }
      }
    }
    if (active !== RESET) out.ascii(RESET);
  }
}

/** CUP to 0-based row `y`, column `x`. */
function moveTo(out: ByteOut, y: number, x: number): void {
  out.ascii('\x1b[');
  out.int(y + 1);
  out.ascii(';');
  out.int(x + 1);
  out.ascii('H');
}

/** CUF by n columns. */
function forward(out: ByteOut, n: number): void {
  if (n === 1) {
    out.ascii('\x1b[C');
    return;
  }
  out.ascii('\x1b[');
  out.int(n);
  out.ascii('C');
}

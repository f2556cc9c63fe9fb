import type { Screen } from './screen.js';
import type { Style } from './style.js';
import { SgrEncoder } from './style.js';

const SYNC_BEGIN = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';
const RESET = '\x1b[0m';
const CLEAR = '\x1b[2J';

/** Options for `DiffRenderer`. */
export interface DiffRendererOptions {
  /** Drop colours, keep bold/dim/italic/underline/reverse (NO_COLOR). */
  monochrome?: boolean;
}

// Whether `g` is more than one code point (emoji sequences, combining marks): the graphemes
// whose width terminals disagree about most.
function isMultiCodePoint(g: string): boolean {
  if (g.length <= 1) return false;
  if (g.length > 2) return true;
  const c = g.charCodeAt(0);
  return c < 0xd800 || c > 0xdbff;
}

/**
 * Sends frames to the terminal as the difference from the previous frame: cursor moves and SGR
 * only for changed runs, one write() per frame, inside a synchronized update so terminals that
 * support it never show a half-drawn frame. The screen is cleared only on the first frame and
 * after invalidate().
 */
export class DiffRenderer {
  private readonly encoder: SgrEncoder;
  // What the terminal shows, as far as we know: the last frame rendered.
  private prevChars: string[] = [];
  private prevStyles: (Style | undefined)[] = [];
  private prevW = -1;
  private prevH = -1;
  private full = true;

  /** A renderer writing each frame through `write`. */
  constructor(
    private readonly write: (s: string) => void,
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
    let out = '';
    if (this.full || w !== this.prevW || h !== this.prevH) {
      // After a clear the terminal is blank, so diffing against a blank frame sends only the
      // non-blank cells.
      out = RESET + CLEAR;
      this.prevChars = new Array<string>(w * h).fill(' ');
      this.prevStyles = new Array<Style | undefined>(w * h).fill(undefined);
      this.prevW = w;
      this.prevH = h;
      this.full = false;
    }
    out += this.diff(next);
    if (out === '') return 0;
    const frame = SYNC_BEGIN + out + SYNC_END;
    this.write(frame);
    return Buffer.byteLength(frame, 'utf8');
  }

  private diff(next: Screen): string {
    const { chars, styles } = next;
    const { prevChars, prevStyles, encoder } = this;
    const w = next.width;
    const h = next.height;
    let out = '';
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
      for (let x = 0; x < w; ) {
        const i = row + x;
        const st = styles[i];
        const ps = prevStyles[i];
        if (chars[i] === prevChars[i] && (st === ps || encoder.encode(st) === encoder.encode(ps))) {
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
            out += s;
            active = s;
          }
        }
        const multi = isMultiCodePoint(g);
        if (wide && multi) {
          // Terminals disagree about the width of emoji sequences. Blank the right half
          // first: a terminal that draws `g` one cell wide then shows a space there, not
          // whatever was there before.
          out += `\x1b[${y + 1};${gx + 2}H `;
          cx = -1;
        }
        if (cy !== y || cx < 0 || cx > gx) out += `\x1b[${y + 1};${gx + 1}H`;
        else if (cx < gx) out += gx - cx === 1 ? '\x1b[C' : `\x1b[${gx - cx}C`;
        out += g;
        prevChars[gi] = g;
        prevStyles[gi] = styles[gi];
        if (wide) {
          prevChars[gi + 1] = '';
          prevStyles[gi + 1] = styles[gi + 1];
        }
        x = gx + (wide ? 2 : 1);
        cy = y;
        cx = x >= w || multi ? -1 : x;
      }
    }
    if (active !== RESET) out += RESET;
    return out;
  }
}

import type { Style } from './style.js';
import { mergeStyle } from './style.js';
import { charWidth, graphemes, truncate } from './text-width.js';

/** One terminal cell: a whole grapheme ('' for the right half of a wide one) and its style. */
export interface Cell {
  ch: string;
  style: Style | undefined;
}

/** Options for `Screen.box`. */
export interface BoxOptions {
  title?: string;
  style?: Style;
  titleStyle?: Style;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * An immediate-mode frame buffer: views draw into it every frame, the DiffRenderer sends the
 * difference to the terminal. Cells live in two flat row-major arrays for speed.
 *
 * Invariant: a cell holding a double-width grapheme is always followed, in the same row, by a
 * cell holding ''; a '' cell is always preceded by one. Every write keeps it by blanking the
 * other half of a wide character it partly overwrites, as terminals do.
 */
export class Screen {
  /** Graphemes, row-major; '' marks the right half of a wide character. Read by the renderer. */
  chars: string[] = [];
  /** Styles, row-major, parallel to `chars`. */
  styles: (Style | undefined)[] = [];
  private w = 0;
  private h = 0;

  /** A blank screen of `width` × `height` cells. */
  constructor(width: number, height: number) {
    this.resize(width, height);
  }

  /** Columns. */
  get width(): number {
    return this.w;
  }

  /** Rows. */
  get height(): number {
    return this.h;
  }

  /** Changes the size; the contents are discarded (views redraw every frame anyway). */
  resize(width: number, height: number): void {
    this.w = Math.max(0, Math.floor(width));
    this.h = Math.max(0, Math.floor(height));
    this.chars = new Array<string>(this.w * this.h).fill(' ');
    this.styles = new Array<Style | undefined>(this.w * this.h).fill(undefined);
  }

  /** Blanks every cell and drops every style. */
  clear(): void {
    this.chars.fill(' ');
    this.styles.fill(undefined);
  }

  /** The cell at (x, y), or undefined outside the screen. */
  cell(x: number, y: number): Cell | undefined {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return undefined;
    const i = y * this.w + x;
    return { ch: this.chars[i] as string, style: this.styles[i] };
  }

  /**
   * Draws sanitised `text` from column `x` of row `y`, clipped to the screen and to `maxWidth`
   * cells. A wide character cut by either edge becomes a space; zero-width graphemes are
   * skipped. Returns the column after the text (capped at the clip edge; `x` if row `y` is
   * off screen), to chain spans.
   */
  text(x: number, y: number, text: string, style?: Style, maxWidth?: number): number {
    x = Math.floor(x);
    const limit = Math.min(this.w, maxWidth === undefined ? Infinity : x + Math.max(0, Math.floor(maxWidth)));
    if (y < 0 || y >= this.h) return Math.min(x, limit);
    // Only the part that can show matters; one code unit more catches a combining mark that
    // would join the last visible character.
    const head = text.length > limit - x ? text.slice(0, Math.max(0, limit - x) + 1) : text;
    if (PRINTABLE_ASCII.test(head)) return this.asciiText(x, y, head, style, limit);
    let col = x;
    for (const g of graphemes(text)) {
      if (col >= limit) break;
      const w = charWidth(g);
      if (w === 0) continue;
      if (col + w > limit) {
        // A wide character that does not fit: keep the cell it would start in blank.
        if (col >= 0) this.put(col, y, ' ', style);
        col = limit;
        break;
      }
      if (col < 0) {
        if (col + w > 0) this.put(0, y, ' ', style);
      } else if (w === 1) {
        this.put(col, y, g, style);
      } else {
        this.putWide(col, y, g, style);
      }
      col += w;
    }
    return Math.min(col, limit);
  }

  // The common case (ASCII log text) without per-grapheme work: only the run's two ends can
  // cut a wide character.
  private asciiText(x: number, y: number, text: string, style: Style | undefined, limit: number): number {
    const start = Math.max(0, x);
    const end = Math.min(limit, x + text.length);
    if (start < end) {
      const row = y * this.w;
      this.breakWideAt(row, start);
      this.breakWideAt(row, end - 1);
      const { chars, styles } = this;
      for (let c = start, k = start - x; c < end; c++, k++) {
        chars[row + c] = text[k] as string;
        styles[row + c] = style;
      }
    }
    return Math.min(x + text.length, limit);
  }

  /** Fills a rectangle (clipped to the screen) with a single-width character. */
  fill(x: number, y: number, w: number, h: number, ch = ' ', style?: Style): void {
    if (charWidth(ch) !== 1) throw new RangeError(`fill needs a single-width character, got ${JSON.stringify(ch)}`);
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.w, x + w);
    const y0 = Math.max(0, y);
    const y1 = Math.min(this.h, y + h);
    for (let r = y0; r < y1; r++) {
      for (let c = x0; c < x1; c++) this.put(c, r, ch, style);
    }
  }

  /**
   * A single-line box (┌─┐│└┘) with an optional title in the top border, like ratatui's Block.
   * The inside is left as is; boxes smaller than 2×2 draw nothing.
   */
  box(x: number, y: number, w: number, h: number, opts: BoxOptions = {}): void {
    if (w < 2 || h < 2) return;
    const { style, title } = opts;
    const right = x + w - 1;
    const bottom = y + h - 1;
    this.fill(x + 1, y, w - 2, 1, '─', style);
    this.fill(x + 1, bottom, w - 2, 1, '─', style);
    this.fill(x, y + 1, 1, h - 2, '│', style);
    this.fill(right, y + 1, 1, h - 2, '│', style);
    this.fillCell(x, y, '┌', style);
    this.fillCell(right, y, '┐', style);
    this.fillCell(x, bottom, '└', style);
    this.fillCell(right, bottom, '┘', style);
    if (title !== undefined && title !== '' && w > 2) {
      this.text(x + 1, y, truncate(title, w - 2), opts.titleStyle ?? style, w - 2);
    }
  }

  /** Lays `style`'s defined fields over the existing styles of `w` cells (e.g. a selected row). */
  setStyle(x: number, y: number, w: number, style: Style): void {
    if (y < 0 || y >= this.h) return;
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.w, x + w);
    // Cells of one row mostly share a few style objects: merge each once, keep the result shared.
    const merged = new Map<Style | undefined, Style>();
    for (let i = y * this.w + x0, end = y * this.w + x1; i < end; i++) {
      const old = this.styles[i];
      let m = merged.get(old);
      if (m === undefined) {
        m = mergeStyle(old, style);
        merged.set(old, m);
      }
      this.styles[i] = m;
    }
  }

  /** Row `y` as plain text, right-trimmed (for snapshot tests). */
  row(y: number): string {
    if (y < 0 || y >= this.h) return '';
    return this.chars
      .slice(y * this.w, (y + 1) * this.w)
      .join('')
      .replace(/ +$/, '');
  }

  /** Every row as plain text, right-trimmed (for snapshot tests). */
  lines(): string[] {
    const out: string[] = [];
    for (let y = 0; y < this.h; y++) out.push(this.row(y));
    return out;
  }

  private fillCell(x: number, y: number, ch: string, style: Style | undefined): void {
    if (x >= 0 && y >= 0 && x < this.w && y < this.h) this.put(x, y, ch, style);
  }

  // If cell `c` of the row starting at index `row` is half of a wide character, blanks the
  // other half, so that writing `c` leaves no orphan.
  private breakWideAt(row: number, c: number): void {
    const { chars } = this;
    if (chars[row + c] === '') chars[row + c - 1] = ' ';
    else if (c + 1 < this.w && chars[row + c + 1] === '') chars[row + c + 1] = ' ';
  }

  private put(x: number, y: number, ch: string, style: Style | undefined): void {
    const row = y * this.w;
    this.breakWideAt(row, x);
    this.chars[row + x] = ch;
    this.styles[row + x] = style;
  }

  private putWide(x: number, y: number, g: string, style: Style | undefined): void {
    const row = y * this.w;
    this.breakWideAt(row, x);
    this.breakWideAt(row, x + 1);
    this.chars[row + x] = g;
    this.styles[row + x] = style;
    this.chars[row + x + 1] = '';
    this.styles[row + x + 1] = style;
  }
}

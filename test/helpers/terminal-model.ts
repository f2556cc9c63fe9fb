import { charWidth } from '../../src/tui/view/text-width.js';

/** How many cells the modelled terminal gives a grapheme (0: it draws nothing). */
export type WidthOf = (grapheme: string) => number;

/**
 * A small terminal emulator for renderer tests: a grid of cells fed with the renderer's output
 * bytes. It knows CUP, CUF, ED 2, SGR (kept per cell as the sequence text, as the renderer
 * always sends whole styles), synchronized-update and autowrap modes, and printable text, cut
 * into graphemes and measured with `widthOf` (by default the renderer's own charWidth).
 * Writing over half of a wide character blanks the other half, as xterm and tmux do. Autowrap
 * is off, as the TUI sets it: text past the right edge is cut there. With `strict`, anything it
 * does not know, printing past the edge or printing a zero-width grapheme fails loudly.
 */
export class TerminalModel {
  /** Graphemes, row-major; '' marks a cell covered by the wide character to its left. */
  readonly chars: string[];
  /** The SGR sequence each cell was written with. */
  readonly sgrs: string[];
  private x = 0;
  private y = 0;
  private sgr = '\x1b[0m';
  private readonly seg = new Intl.Segmenter();
  private readonly decoder = new TextDecoder();

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly widthOf: WidthOf = charWidth,
    private readonly strict = true,
  ) {
    this.chars = new Array<string>(width * height).fill('?');
    this.sgrs = new Array<string>(width * height).fill('');
  }

  /** Applies output, as bytes (UTF-8) or text. */
  feed(data: Uint8Array | string): void {
    const text = typeof data === 'string' ? data : this.decoder.decode(data);
    const re = /\x1b\[([?0-9;]*)([A-Za-z])|([^\x1b]+)/gy;
    let m: RegExpExecArray | null;
    let end = 0;
    while ((m = re.exec(text)) !== null) {
      end = re.lastIndex;
      const [, params = '', final, printable] = m;
      if (printable !== undefined) this.print(printable);
      else if (final === 'H') {
        const [row = '1', col = '1'] = params.split(';');
        this.y = Number(row) - 1;
        this.x = Number(col) - 1;
      } else if (final === 'C') this.x = Math.min(this.width - 1, this.x + Number(params || '1'));
      else if (final === 'J' && params === '2') {
        this.chars.fill(' ');
        this.sgrs.fill(this.sgr);
      } else if (final === 'm') this.sgr = m[0];
      else if (!/^\?(2026|7|25|1049)$/.test(params) || (final !== 'h' && final !== 'l'))
        this.fail(`unexpected sequence ${JSON.stringify(m[0])}`);
    }
    if (end !== text.length) this.fail(`unparsed output: ${JSON.stringify(text.slice(end))}`);
  }

  /** Row `y` as text, right halves of wide characters left out, right-trimmed. */
  row(y: number): string {
    return this.chars
      .slice(y * this.width, (y + 1) * this.width)
      .join('')
      .replace(/ +$/, '');
  }

  private fail(message: string): void {
    if (this.strict) throw new Error(message);
  }

  private print(text: string): void {
    for (const { segment } of this.seg.segment(text)) {
      const w = this.widthOf(segment);
      if (w === 0) {
        this.fail(`printed a zero-width grapheme ${JSON.stringify(segment)}`);
        continue;
      }
      if (this.x + w > this.width || this.y >= this.height) this.fail(`printed past the edge at ${this.x},${this.y}`);
      if (this.y >= this.height) continue;
      const row = this.y * this.width;
      const end = Math.min(this.width, this.x + w);
      for (let c = this.x; c < end; c++) {
        if (this.chars[row + c] === '' && c > 0) this.chars[row + c - 1] = ' ';
        if (c + 1 < this.width && this.chars[row + c + 1] === '') this.chars[row + c + 1] = ' ';
      }
      for (let c = this.x; c < end; c++) {
        this.chars[row + c] = c === this.x ? segment : '';
        this.sgrs[row + c] = this.sgr;
      }
      this.x = Math.min(this.width - 1, this.x + w);
    }
  }
}

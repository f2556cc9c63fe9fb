type ScanState = 'type' | 'int' | 'lf' | 'line' | 'skip';

/**
 * Finds where one RESP2 frame ends while its bytes arrive in chunks, without decoding it: each
 * byte of a header is looked at once and bulk contents are skipped by arithmetic, so a reply of
 * many megabytes (an XREAD or XRANGE of thousands of entries) costs one pass, however many
 * chunks it is cut into. The parser then decodes it once, whole.
 */
export class RespFrameScanner {
  // Items still expected by each array being read, innermost last.
  #open: number[] = [];
  #state: ScanState = 'type';
  #type = 0;
  #n = 0;
  #negative = false;
  #skip = 0;

  /** Starts over at the beginning of a frame. */
  reset(): void {
    this.#open = [];
    this.#state = 'type';
    this.#skip = 0;
  }

  /** Scans `chunk`, continuing the frame; returns the offset just past its end, or -1 if it goes on. */
  feed(chunk: Buffer): number {
    let i = 0;
    while (i < chunk.length) {
      switch (this.#state) {
        case 'type': {
          this.#type = chunk[i++] as number;
          if (this.#type === 0x2b || this.#type === 0x2d) this.#state = 'line';
          else if (this.#type === 0x3a || this.#type === 0x24 || this.#type === 0x2a) {
            this.#state = 'int';
            this.#n = 0;
            this.#negative = false;
          } else return i; // not RESP2: the parser reports it
          break;
        }
        case 'int': {
          const c = chunk[i++] as number;
          if (c === 13) this.#state = 'lf';
          else if (c === 0x2d) this.#negative = true;
          else this.#n = this.#n * 10 + (c - 0x30);
          break;
        }
        case 'line': {
          const lf = chunk.indexOf(10, i);
          if (lf < 0) return -1;
          i = lf + 1;
          if (this.#itemDone()) return i;
          break;
        }
        case 'lf': {
          i++;
          const n = this.#negative ? -this.#n : this.#n;
          if (this.#type === 0x24 && n >= 0) {
            this.#skip = n + 2;
            this.#state = 'skip';
          } else if (this.#type === 0x2a && n > 0) {
            this.#open.push(n);
            this.#state = 'type';
          } else if (this.#itemDone()) return i;
          break;
        }
        case 'skip': {
          const take = Math.min(this.#skip, chunk.length - i);
          this.#skip -= take;
          i += take;
          if (this.#skip === 0 && this.#itemDone()) return i;
          break;
        }
      }
    }
    return -1;
  }

  /** One value is complete; true when that completes the frame. */
  #itemDone(): boolean {
    this.#state = 'type';
    while (this.#open.length > 0) {
      const last = this.#open.length - 1;
      const left = (this.#open[last] as number) - 1;
      if (left > 0) {
        this.#open[last] = left;
        return false;
      }
      this.#open.pop();
    }
    return true;
  }
}

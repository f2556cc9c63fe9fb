/** Rows a column chunk holds: chunks are allocated as rows arrive, so memory follows the file's size. */
const CHUNK_ROWS = 1 << 16;
const LEVEL_BITS = 7;
const BORROWED_TIME = 8;

/**
 * The index of one file's rows (a row is a line, plus the indented lines that continue it):
 * where each starts, how many bytes it takes and its time (epoch ms; a row without its own
 * time has its neighbour's) and level (for the histogram). 21 bytes a row, in typed-array chunks grown on demand, off the
 * JavaScript heap's object graph.
 */
export class RowColumns {
  private starts: Float64Array[] = [];
  private lengths: Uint32Array[] = [];
  private times: Float64Array[] = [];
  /** The level's rank in LEVELS, plus BORROWED_TIME when the time is a neighbour's. */
  private marks: Uint8Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends a row (`level`: its rank in LEVELS; `ownTime`: the time is the row's, not a neighbour's); returns its index. */
  push(start: number, length: number, time: number, level = 2, ownTime = true): number {
    const i = this.count;
    const c = i >>> 16;
    if (c === this.starts.length) {
      this.starts.push(new Float64Array(CHUNK_ROWS));
      this.lengths.push(new Uint32Array(CHUNK_ROWS));
      this.times.push(new Float64Array(CHUNK_ROWS));
      this.marks.push(new Uint8Array(CHUNK_ROWS));
    }
    const j = i & (CHUNK_ROWS - 1);
    (this.starts[c] as Float64Array)[j] = start;
    (this.lengths[c] as Uint32Array)[j] = length;
    (this.times[c] as Float64Array)[j] = time;
    (this.marks[c] as Uint8Array)[j] = ownTime ? level : level | BORROWED_TIME;
    this.count++;
    return i;
  }

  start(i: number): number {
    return (this.starts[i >>> 16] as Float64Array)[i & (CHUNK_ROWS - 1)] as number;
  }

  length(i: number): number {
    return (this.lengths[i >>> 16] as Uint32Array)[i & (CHUNK_ROWS - 1)] as number;
  }

  time(i: number): number {
    return (this.times[i >>> 16] as Float64Array)[i & (CHUNK_ROWS - 1)] as number;
  }

  /** The level's rank in LEVELS (as the index's scan read it). */
  level(i: number): number {
    return ((this.marks[i >>> 16] as Uint8Array)[i & (CHUNK_ROWS - 1)] as number) & LEVEL_BITS;
  }

  /** The row's time is its own (not a neighbour's). */
  ownTime(i: number): boolean {
    return (((this.marks[i >>> 16] as Uint8Array)[i & (CHUNK_ROWS - 1)] as number) & BORROWED_TIME) === 0;
  }

  /** Moves row `i`'s start (a continuation line found before it joins it) and sets its length. */
  reshape(i: number, start: number, length: number): void {
    (this.starts[i >>> 16] as Float64Array)[i & (CHUNK_ROWS - 1)] = start;
    (this.lengths[i >>> 16] as Uint32Array)[i & (CHUNK_ROWS - 1)] = length;
  }

  /** Bytes the columns take. */
  get heldBytes(): number {
    return this.starts.length * CHUNK_ROWS * 21;
  }
}

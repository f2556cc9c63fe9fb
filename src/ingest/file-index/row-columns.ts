import { LEVEL_RANK } from '../../protocol/level.js';

/** Rows a column chunk holds: chunks are allocated as rows arrive, so memory follows the file's size. */
export const CHUNK_ROWS = 1 << 16;

/** Where a scan puts the rows it finds (RowColumns, or ChunkedRows on an indexing thread). */
export interface RowSink {
  /** Appends a row (`level`: its rank in LEVELS); returns its index. */
  push(start: number, length: number, time: number, level?: number): number;
}

/** The columns of up to CHUNK_ROWS rows, as an indexing thread hands them over (their buffers transferred). */
export interface ColumnChunk {
  size: number;
  starts: Float64Array;
  lengths: Uint32Array;
  times: Float64Array;
  levels: Uint8Array;
}

function newChunk(): ColumnChunk {
  return {
    size: 0,
    starts: new Float64Array(CHUNK_ROWS),
    lengths: new Uint32Array(CHUNK_ROWS),
    times: new Float64Array(CHUNK_ROWS),
    levels: new Uint8Array(CHUNK_ROWS),
  };
}

/**
 * The index of one file's rows (a row is a line, plus the indented lines that continue it):
 * where each starts, how many bytes it takes and its time (epoch ms; a row without its own
 * time has its neighbour's) and level (for the histogram). 21 bytes a row, in typed-array chunks grown on demand, off the
 * JavaScript heap's object graph.
 */
export class RowColumns implements RowSink {
  private starts: Float64Array[] = [];
  private lengths: Uint32Array[] = [];
  private times: Float64Array[] = [];
  /** The level's rank in LEVELS. */
  private levels: Uint8Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Appends a row (`level`: its rank in LEVELS, info by default); returns its index. */
  push(start: number, length: number, time: number, level = LEVEL_RANK.info): number {
    const i = this.count;
    const c = i >>> 16;
    if (c === this.starts.length) this.grow();
    const j = i & (CHUNK_ROWS - 1);
    (this.starts[c] as Float64Array)[j] = start;
    (this.lengths[c] as Uint32Array)[j] = length;
    (this.times[c] as Float64Array)[j] = time;
    (this.levels[c] as Uint8Array)[j] = level;
    this.count++;
    return i;
  }

  /**
   * Appends the rows of a chunk (one of full capacity, CHUNK_ROWS), in its order. Its arrays
   * become this one's next chunk, its rows moved to their front, so that a second thread's rows
   * take no second copy of memory; the rows that fit in the last chunk's free end are copied there.
   */
  append(chunk: ColumnChunk): void {
    let from = 0;
    const j = this.count & (CHUNK_ROWS - 1);
    if (j !== 0 || this.count < this.starts.length * CHUNK_ROWS) {
      const c = this.count >>> 16;
      from = Math.min(chunk.size, CHUNK_ROWS - j);
      (this.starts[c] as Float64Array).set(chunk.starts.subarray(0, from), j);
      (this.lengths[c] as Uint32Array).set(chunk.lengths.subarray(0, from), j);
      (this.times[c] as Float64Array).set(chunk.times.subarray(0, from), j);
      (this.levels[c] as Uint8Array).set(chunk.levels.subarray(0, from), j);
      this.count += from;
    }
    if (from === chunk.size) return;
    chunk.starts.copyWithin(0, from, chunk.size);
    chunk.lengths.copyWithin(0, from, chunk.size);
    chunk.times.copyWithin(0, from, chunk.size);
    chunk.levels.copyWithin(0, from, chunk.size);
    this.starts.push(chunk.starts);
    this.lengths.push(chunk.lengths);
    this.times.push(chunk.times);
    this.levels.push(chunk.levels);
    this.count += chunk.size - from;
  }

  private grow(): void {
    this.starts.push(new Float64Array(CHUNK_ROWS));
    this.lengths.push(new Uint32Array(CHUNK_ROWS));
    this.times.push(new Float64Array(CHUNK_ROWS));
    this.levels.push(new Uint8Array(CHUNK_ROWS));
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
    return (this.levels[i >>> 16] as Uint8Array)[i & (CHUNK_ROWS - 1)] as number;
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

/** Rows collected in chunks that are handed over (`emit`) as each fills, on an indexing thread. */
export class ChunkedRows implements RowSink {
  private chunk = newChunk();
  private count = 0;

  constructor(private readonly emit: (chunk: ColumnChunk) => void) {}

  push(start: number, length: number, time: number, level = LEVEL_RANK.info): number {
    const c = this.chunk;
    const j = c.size++;
    c.starts[j] = start;
    c.lengths[j] = length;
    c.times[j] = time;
    c.levels[j] = level;
    if (c.size === CHUNK_ROWS) this.flush();
    return this.count++;
  }

  /** Hands over the rows of the chunk being filled. */
  flush(): void {
    if (this.chunk.size === 0) return;
    this.emit(this.chunk);
    this.chunk = newChunk();
  }
}

import { ChunkedNumbers } from './chunked-numbers.js';

/**
 * Sequence numbers of `view FILE...` rows: rows present at the start count down from BASE
 * (the newest is BASE - 1), so they can be numbered newest first while the files are indexed
 * from their ends; rows appended later count up from BASE. Either way a higher number is newer.
 */
export const BASE_SEQ = 2 ** 40;

/** What the merge reads of each file's rows present at the start (newest first). */
export interface BackRows {
  /** Rows indexed so far. */
  readonly size: number;
  /** Time of row k (0 = newest); NaN when neither it nor a newer row of its file has one. */
  time(k: number): number;
  /** Every row is indexed. */
  readonly complete: boolean;
}

/** Where a sequence number's row is: file, which of its row sets, and the row in it. */
export interface RowRef {
  file: number;
  set: 'back' | 'forward';
  row: number;
}

/**
 * The order of the rows of several files, merged by the logs' own time: a k-way merge run from
 * the newest end, as far as every file's index has got (a file still being indexed holds the
 * merge back, so no row ever has to be inserted above one already numbered). A row without a
 * time has its neighbour's in its own file (see keyOf), so it stays beside it. Rows appended later are
 * numbered in the order they arrive. With one file the order is the file's own, and nothing
 * is stored per row.
 */
export class MergeOrder {
  private readonly cursors: number[];
  /** Per file: rows up to here were looked through for the first with a time (see keyOf). */
  private readonly timedFrom: number[];
  /** file * 2^32 + row, for each merged row present at the start, newest first (several files only). */
  private readonly backRefs = new ChunkedNumbers();
  private readonly forwardRefs = new ChunkedNumbers();
  private backCount = 0;
  private forwardCount = 0;

  constructor(private readonly files: readonly BackRows[]) {
    this.cursors = files.map(() => 0);
    this.timedFrom = files.map(() => 0);
  }

  /**
   * The time row `k` of file `f` merges by: its own, else (the newest rows of a file, which have
   * no newer neighbour to take a time from) the time of the first older row that has one, so they
   * stay after their predecessor. Undefined while that row is not indexed yet.
   */
  private keyOf(f: number, k: number): number | undefined {
    const file = this.files[f] as BackRows;
    const t = file.time(k);
    if (t === t) return t;
    let i = Math.max(k, this.timedFrom[f] as number);
    while (i < file.size && file.time(i) !== file.time(i)) i++;
    this.timedFrom[f] = i;
    if (i < file.size) return file.time(i);
    // A file with no time at all keeps its rows at the newest end.
    return file.complete ? Infinity : undefined;
  }

  /** Merges as far as the files' indexes allow; returns how many rows were added. */
  advance(): number {
    const files = this.files;
    const before = this.backCount;
    if (files.length === 1) {
      this.backCount = (files[0] as BackRows).size;
      return this.backCount - before;
    }
    for (;;) {
      let best = -1;
      let bestTime = -Infinity;
      for (let f = 0; f < files.length; f++) {
        const file = files[f] as BackRows;
        const c = this.cursors[f] as number;
        if (c >= file.size) {
          if (!file.complete) return this.backCount - before;
          continue;
        }
        const key = this.keyOf(f, c);
        if (key === undefined) return this.backCount - before;
        if (best < 0 || key > bestTime) {
          best = f;
          bestTime = key;
        }
      }
      if (best < 0) return this.backCount - before;
      this.backRefs.push(best * 2 ** 32 + (this.cursors[best] as number));
      this.cursors[best] = (this.cursors[best] as number) + 1;
      this.backCount++;
    }
  }

  /** Numbers a row appended to a file; returns its sequence number. */
  append(file: number, row: number): number {
    if (this.files.length > 1) this.forwardRefs.push(file * 2 ** 32 + row);
    return BASE_SEQ + this.forwardCount++;
  }

  /** Every row present at the start is numbered. */
  get complete(): boolean {
    return this.files.every((f) => f.complete) && this.backCount === this.files.reduce((n, f) => n + f.size, 0);
  }

  get total(): number {
    return this.backCount + this.forwardCount;
  }

  /** Sequence number of the oldest and newest rows numbered so far (oldest > newest when none). */
  get oldestSeq(): number {
    return BASE_SEQ - this.backCount;
  }

  get newestSeq(): number {
    return BASE_SEQ + this.forwardCount - 1;
  }

  /** Where the row of `seq` is, or undefined when no row has that number. */
  locate(seq: number): RowRef | undefined {
    if (!Number.isInteger(seq)) return undefined;
    if (seq >= BASE_SEQ) {
      const j = seq - BASE_SEQ;
      if (j >= this.forwardCount) return undefined;
      if (this.files.length === 1) return { file: 0, set: 'forward', row: j };
      return unpack(this.forwardRefs.at(j), 'forward');
    }
    const k = BASE_SEQ - 1 - seq;
    if (k >= this.backCount) return undefined;
    if (this.files.length === 1) return { file: 0, set: 'back', row: k };
    return unpack(this.backRefs.at(k), 'back');
  }

  /** Bytes the merged order takes. */
  get heldBytes(): number {
    return this.backRefs.heldBytes + this.forwardRefs.heldBytes;
  }
}

function unpack(ref: number, set: 'back' | 'forward'): RowRef {
  const file = Math.floor(ref / 2 ** 32);
  return { file, set, row: ref - file * 2 ** 32 };
}

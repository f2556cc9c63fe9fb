import { headLevel } from './line-level.js';
import { headTime, lineHead } from './line-time.js';
import type { RowColumns, RowSink } from './row-columns.js';

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
/** Most continuation lines joined to one row, as the multi-line joiner of the live path allows. */
export const MAX_ROW_LINES = 500;
/** Bytes of a forward line's start kept while its end has not arrived (what the time scan reads). */
const HEAD_BYTES = 512;

// Java's lines of a stack trace that are not indented, as the multi-line joiner knows them (ingest/multiline.ts).
const JAVA_CONTINUATION = /^(?:Caused by: |Suppressed: |\.\.\. \d+ (?:more|common frames omitted))/;
const JAVA_EXCEPTION = /^(?:[a-zA-Z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error|Throwable)(?::|$)/;
/** Bytes of a line's start the Java tests read. */
const JAVA_HEAD = 200;

/**
 * True for a line that continues the row before it: an indented line (a stack frame, a
 * detail), or Java's `Caused by: …`, `... 5 more` and exception lines.
 */
function continues(buf: Buffer, start: number, end: number): boolean {
  const c = buf[start] as number;
  if (c === 67 /* C */ || c === 83 /* S */ || c === 46 /* . */ || (c >= 97 && c <= 122) /* a-z */) {
    const head = buf.toString('latin1', start, Math.min(end, start + JAVA_HEAD));
    return JAVA_CONTINUATION.test(head) || JAVA_EXCEPTION.test(head);
  }
  if (c !== SPACE && c !== TAB) return false;
  for (let i = start + 1; i < end; i++) {
    const d = buf[i];
    if (d !== SPACE && d !== TAB && d !== CR) return true;
  }
  return false;
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  return end === start || (end === start + 1 && buf[start] === CR);
}

/**
 * True for a line `[start, end)` that is a row of its own whatever comes before it (not blank,
 * not continuing a row): a scan of the bytes above it ends with what it would have found had it
 * gone on, and the two can run apart.
 */
export function standsAlone(buf: Buffer, start: number, end: number): boolean {
  return !isBlank(buf, start, end) && !continues(buf, start, end);
}

/**
 * Indexes a file from its end towards its start, a block at a time: each block is the one just
 * before the previous (`lo` is its position in the file). A line's end is kept between blocks,
 * never its bytes, so a line longer than a block costs nothing more. Rows are pushed newest
 * first: row 0 is the file's last. Indented lines join the row above them (a stack trace);
 * blank lines are no rows. A row without a time of its own takes the next newer row's.
 */
export class BackwardScan {
  /** End of the line being scanned (its newline's position, or the end of the region). */
  private lineEnd: number;
  /** The continuation lines waiting for the line they continue. */
  private contStart = -1;
  private contEnd = 0;
  /** The end of the first of the continuation lines, where the head of their row ends. */
  private contFirstEnd = 0;
  private contLines = 0;
  private newerTime = NaN;
  /** The first bytes of the block scanned before (the bytes after the current one's): a head may run into them. */
  private above = Buffer.alloc(0);

  /**
   * Scans `[floor, end)` of the file (`floor` is 0 or the start of a line that stands alone);
   * `carriedTime` is the time rows without their own take until one has it (that of the rows
   * after `end`, when another scan found them).
   */
  constructor(
    private readonly rows: RowSink,
    end: number,
    private readonly floor = 0,
    carriedTime = NaN,
  ) {
    this.lineEnd = end;
    this.newerTime = carriedTime;
  }

  /** The time the rows above the scanned region take when they have none of their own (NaN if none). */
  get carriedTime(): number {
    return this.newerTime;
  }

  /** Scans the block `buf` at file position `lo` (it ends where the previous block began). */
  feed(buf: Buffer, lo: number): void {
    let i = this.lineEnd - lo;
    for (let nl = i > 0 ? buf.lastIndexOf(NL, i - 1) : -1; nl >= 0; nl = i > 0 ? buf.lastIndexOf(NL, i - 1) : -1) {
      this.line(buf, lo, nl + 1, i);
      this.lineEnd = lo + nl;
      i = nl;
    }
    if (lo === this.floor) {
      if (i > 0) this.line(buf, lo, 0, i);
      this.lineEnd = lo;
      this.flushContinuation(buf, lo);
    }
    this.above = Buffer.from(buf.subarray(0, Math.min(HEAD_BYTES, buf.length)));
  }

  /** The line `[s, e)` of `buf` (block positions); `lo` is the block's position in the file. */
  private line(buf: Buffer, lo: number, s: number, e: number): void {
    if (isBlank(buf, s, e)) {
      this.flushContinuation(buf, lo);
      return;
    }
    if (continues(buf, s, e)) {
      if (this.contStart < 0) this.contEnd = lo + e;
      else if (this.contLines >= MAX_ROW_LINES) {
        this.flushContinuation(buf, lo);
        this.contEnd = lo + e;
      }
      this.contStart = lo + s;
      this.contFirstEnd = lo + e;
      this.contLines++;
      return;
    }
    const end = this.contStart >= 0 ? this.contEnd : lo + e;
    this.contStart = -1;
    this.contLines = 0;
    this.push(buf, lo, s, lo + s, end - lo - s, e);
  }

  /** Continuation lines with no line above them to join (a blank line, or the file's start) are a row. */
  private flushContinuation(buf: Buffer, lo: number): void {
    if (this.contStart < 0) return;
    const start = this.contStart;
    this.contStart = -1;
    this.contLines = 0;
    const s = Math.max(0, start - lo);
    this.push(buf, lo, s, start, this.contEnd - start, this.contFirstEnd - lo);
  }

  /** Pushes the row at `start`, whose first line's head is `[s, headEnd)` of the block (it may run into the next block). */
  private push(buf: Buffer, lo: number, s: number, start: number, length: number, headEnd: number): void {
    const end = Math.min(headEnd, s + HEAD_BYTES);
    let head = '';
    if (start >= lo && end <= buf.length) head = lineHead(buf, s, end);
    else if (start >= lo) {
      // The line goes on in the block after this one (so the head is the same wherever blocks begin).
      const joined = Buffer.concat([buf.subarray(s), this.above.subarray(0, end - buf.length)]);
      head = lineHead(joined, 0, joined.length);
    }
    let time = headTime(head);
    if (time !== time) time = this.newerTime;
    else this.newerTime = time;
    this.rows.push(start, length, time, headLevel(head));
  }
}

/**
 * Indexes bytes appended to a file, in order from `pos`. A line is a row once its newline has
 * arrived (or on `end()`: a rotation, a truncation, the end of an archive); only its start and
 * first bytes are held meanwhile. When the data stops mid-line, `showPartial()` makes the line
 * so far a row, lengthened when the rest arrives, as `tail -F` shows it. An indented line
 * lengthens the row before it (`onExtend`). A row without a time of its own takes the one before's.
 */
export class ForwardScan {
  private lineStart: number;
  private head = Buffer.alloc(HEAD_BYTES);
  private headLength = 0;
  private lastRow = -1;
  private lastLines = 0;
  private olderTime: number;
  /** The row that shows the unfinished line (see showPartial), or -1. */
  private partialRow = -1;

  constructor(
    private readonly rows: RowColumns,
    private pos: number,
    private readonly onRow: (row: number) => void,
    private readonly onExtend: (row: number) => void,
    olderTime = NaN,
  ) {
    this.lineStart = pos;
    this.olderTime = olderTime;
  }

  /** The position up to which bytes were fed. */
  get position(): number {
    return this.pos;
  }

  feed(chunk: Buffer): void {
    let from = 0;
    for (let nl = chunk.indexOf(NL); nl >= 0; nl = chunk.indexOf(NL, from)) {
      if (this.partialRow >= 0) this.finishPartial(this.pos + nl);
      else if (this.headLength > 0) {
        this.keepHead(chunk, from, nl);
        this.line(this.head, 0, this.headLength, this.pos + nl - this.lineStart);
      } else this.line(chunk, from, nl, nl - from);
      this.headLength = 0;
      this.lineStart = this.pos + nl + 1;
      from = nl + 1;
    }
    if (from < chunk.length) this.keepHead(chunk, from, chunk.length);
    this.pos += chunk.length;
  }

  /**
   * The data stopped in the middle of a line (a writer between two writes, a file without a last
   * newline): the line so far is shown as a row now, and lengthened as the rest arrives.
   */
  showPartial(): void {
    if (this.partialRow >= 0) {
      this.lengthen(this.partialRow, this.pos);
      return;
    }
    if (this.pos <= this.lineStart) return;
    this.line(this.head, 0, this.headLength, this.pos - this.lineStart);
    this.partialRow = this.lastRow;
  }

  /** The data ended here: an unfinished last line is a row. */
  end(): void {
    if (this.partialRow >= 0) this.finishPartial(this.pos);
    else if (this.pos > this.lineStart) this.line(this.head, 0, this.headLength, this.pos - this.lineStart);
    this.headLength = 0;
    this.lineStart = this.pos;
    this.lastRow = -1;
  }

  /** Starts again at `pos` of a new file (after a rotation or a truncation). */
  restart(pos: number): void {
    this.end();
    this.pos = pos;
    this.lineStart = pos;
  }

  /** The line a partial row showed ended at `end`: the row takes all of it. */
  private finishPartial(end: number): void {
    const row = this.partialRow;
    this.partialRow = -1;
    this.lengthen(row, end);
  }

  private lengthen(row: number, end: number): void {
    const start = this.rows.start(row);
    if (this.rows.length(row) === end - start) return;
    this.rows.reshape(row, start, end - start);
    this.onExtend(row);
  }

  private keepHead(chunk: Buffer, from: number, to: number): void {
    const n = Math.min(to - from, HEAD_BYTES - this.headLength);
    if (n > 0) chunk.copy(this.head, this.headLength, from, from + n);
    this.headLength += Math.max(0, n);
  }

  /** A whole line whose first bytes are `buf[s, e)`; `length` its full length in bytes. */
  private line(buf: Buffer, s: number, e: number, length: number): void {
    if (isBlank(buf, s, e) && length <= 1) {
      this.lastRow = -1;
      return;
    }
    if (this.lastRow >= 0 && this.lastLines < MAX_ROW_LINES && continues(buf, s, e)) {
      const start = this.rows.start(this.lastRow);
      this.rows.reshape(this.lastRow, start, this.lineStart + length - start);
      this.lastLines++;
      this.onExtend(this.lastRow);
      return;
    }
    const head = lineHead(buf, s, e);
    let time = headTime(head);
    if (time !== time) time = this.olderTime;
    else this.olderTime = time;
    this.lastRow = this.rows.push(this.lineStart, length, time, headLevel(head));
    this.lastLines = 1;
    this.onRow(this.lastRow);
  }
}

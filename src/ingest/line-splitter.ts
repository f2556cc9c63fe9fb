/** A line cut out of a byte stream; `truncated` when it was longer than the limit. */
export interface RawLine {
  bytes: Buffer;
  truncated: boolean;
}

/** Default longest line kept whole: longer ones are cut here and the rest skipped. */
export const DEFAULT_MAX_LINE_BYTES = 256 * 1024;

/**
 * Splits a byte stream into lines (`\n`, `\r\n`) with bounded memory: at most `maxLineBytes`
 * of an unfinished line are held. A longer line is emitted cut at the limit (flagged) and the
 * bytes up to its end are skipped, so one runaway line cannot exhaust memory.
 */
export class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Inside an over-long line whose head was already emitted. */
  private skipping = false;

  constructor(
    private readonly emit: (line: RawLine) => void,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  /** Feeds a chunk; whole lines are emitted at once. The chunk may be reused by the caller afterwards. */
  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, nl), true);
      start = nl + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start), false);
  }

  /** Emits the unfinished last line, if any (end of input, file rotated or truncated). */
  end(): void {
    if (this.partialBytes > 0 && !this.skipping) this.emitLine(Buffer.concat(this.partial), false);
    this.reset();
  }

  /** Forgets the unfinished line without emitting it. */
  reset(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.skipping = false;
  }

  private take(piece: Buffer, complete: boolean): void {
    if (this.skipping) {
      if (complete) this.skipping = false;
      return;
    }
    const total = this.partialBytes + piece.length;
    if (total > this.maxLineBytes) {
      const room = this.maxLineBytes - this.partialBytes;
      this.partial.push(Buffer.from(piece.subarray(0, room)));
      this.emitLine(Buffer.concat(this.partial), true);
      this.partial = [];
      this.partialBytes = 0;
      this.skipping = !complete;
      return;
    }
    if (!complete) {
      // Copied: the caller may reuse its read buffer.
      this.partial.push(Buffer.from(piece));
      this.partialBytes = total;
      return;
    }
    const line = this.partialBytes === 0 ? piece : Buffer.concat([...this.partial, piece]);
    this.partial = [];
    this.partialBytes = 0;
    this.emitLine(line, false);
  }

  private emitLine(bytes: Buffer, truncated: boolean): void {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    this.emit({ bytes: end === bytes.length ? bytes : bytes.subarray(0, end), truncated });
  }
}

/** Size of a standard chunk: big enough to hold thousands of logs, small enough to free often. */
export const CHUNK_BYTES = 1 << 20;
/** Freed standard chunks kept for reuse (with a full buffer, each new chunk replaces a freed one). */
const SPARE_CHUNKS = 2;

/**
 * The text of buffered logs as bytes in 1 MiB chunks, outside the JavaScript heap. Records are
 * appended in order and released oldest first, a whole chunk at a time, so the garbage
 * collector never sees per-log objects that live for seconds and then die in the old
 * generation: that churn, not the live data, was what grew the collector's heap (see
 * bench/README.md). A record is addressed by its chunk number (which only grows) and offset.
 */
export class TextArena {
  /** Live chunks, oldest first; chunks[0] has number `first`. */
  private chunks: Buffer[] = [];
  private first = 0;
  /** Bytes used in the newest chunk. */
  private used = 0;
  private spare: Buffer[] = [];
  private bytes = 0;

  /** Bytes of the live chunks (what the arena costs in memory). */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Chunk number the next append lands in, after making room for `length` bytes. */
  reserve(length: number): number {
    const last = this.chunks[this.chunks.length - 1];
    if (last === undefined || this.used + length > last.length) this.open(length);
    return this.first + this.chunks.length - 1;
  }

  /** Offset in the newest chunk where the next append lands. */
  get offset(): number {
    return this.used;
  }

  /** Appends bytes (after `reserve`); returns their length. */
  appendBytes(bytes: Uint8Array): number {
    const chunk = this.chunks[this.chunks.length - 1] as Buffer;
    chunk.set(bytes, this.used);
    this.used += bytes.length;
    return bytes.length;
  }

  /** Appends text (after `reserve` with its byte length); latin1 is exact and faster for ASCII. */
  appendText(text: string, ascii: boolean): number {
    const chunk = this.chunks[this.chunks.length - 1] as Buffer;
    const n = chunk.write(text, this.used, ascii ? 'latin1' : 'utf8');
    this.used += n;
    return n;
  }

  /** The UTF-8 text of `length` bytes at `offset` of chunk `chunkNo`. */
  text(chunkNo: number, offset: number, length: number): string {
    const chunk = this.chunks[chunkNo - this.first];
    if (chunk === undefined) return '';
    return chunk.toString('utf8', offset, offset + length);
  }

  /** Frees every chunk numbered below `chunkNo` (no live record is in them any more). */
  releaseBefore(chunkNo: number): void {
    while (this.first < chunkNo && this.chunks.length > 1) {
      const gone = this.chunks.shift() as Buffer;
      this.first++;
      this.bytes -= gone.length;
      if (gone.length === CHUNK_BYTES && this.spare.length < SPARE_CHUNKS) this.spare.push(gone);
    }
  }

  /** Frees everything. */
  clear(): void {
    this.first += this.chunks.length;
    this.chunks = [];
    this.used = 0;
    this.bytes = 0;
  }

  private open(length: number): void {
    // A record larger than a chunk gets a chunk of its own size.
    const chunk =
      length <= CHUNK_BYTES
        ? (this.spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES))
        : Buffer.allocUnsafeSlow(length);
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.used = 0;
  }
}

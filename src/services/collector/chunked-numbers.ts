const CHUNK = 1 << 16;

/** A growable list of numbers in typed-array chunks: no copying as it grows, nothing on the heap per entry. */
export class ChunkedNumbers {
  private chunks: Float64Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(v: number): void {
    const c = this.count >>> 16;
    if (c === this.chunks.length) this.chunks.push(new Float64Array(CHUNK));
    (this.chunks[c] as Float64Array)[this.count & (CHUNK - 1)] = v;
    this.count++;
  }

  /** The i-th entry (0 ≤ i < size). */
  at(i: number): number {
    return (this.chunks[i >>> 16] as Float64Array)[i & (CHUNK - 1)] as number;
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
  }

  /** Bytes the chunks take. */
  get heldBytes(): number {
    return this.chunks.length * CHUNK * 8;
  }
}

/** What a slice of work says when its time is up or it cannot go on. */
export type SliceResult = 'more' | 'wait' | 'done';

/** Time a slice runs before the worker goes back to its messages (a view request, a new filter, stop). */
const SLICE_MS = 25;

/**
 * Long work (a filter's scan of a whole file) done in slices, with the event loop's turn between
 * them, so the engine keeps answering the UI meanwhile. `work` runs until the deadline passes
 * and says whether more is left, or that it waits for more input (`resume()` starts it again).
 * Cancelled by `cancel()`.
 */
export class SlicedTask {
  private cancelled = false;
  private waiting = false;
  private scheduled = false;
  readonly startedAt = performance.now();

  constructor(
    private readonly work: (deadline: number) => SliceResult,
    private readonly onDone: () => void = () => {},
  ) {
    this.schedule();
  }

  get active(): boolean {
    return !this.cancelled;
  }

  /** Goes on after a 'wait'. */
  resume(): void {
    if (this.waiting && !this.cancelled) {
      this.waiting = false;
      this.schedule();
    }
  }

  cancel(): void {
    this.cancelled = true;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.cancelled) return;
      const result = this.work(performance.now() + SLICE_MS);
      if (result === 'more') this.schedule();
      else if (result === 'wait') this.waiting = true;
      else {
        this.cancelled = true;
        this.onDone();
      }
    });
  }
}

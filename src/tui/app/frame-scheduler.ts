/** What the frame scheduler drives. */
export interface FrameHost {
  /** Monotonic milliseconds. */
  now(): number;
  /** The terminal has not taken the last frame yet. */
  terminalBusy(): boolean;
  /** Draws the current model and snapshot. */
  draw(): void;
  /** Asks the engine for the rows around the anchor; `snapshotArrived` follows. */
  requestSnapshot(): void;
}

/**
 * When the UI thread asks the engine for a snapshot and when it draws. Tick is not frame:
 * messages only mark the screen dirty; a frame is drawn when a fresh snapshot arrives (at most
 * one per half frame interval), at once after a key or a resize, and from the last snapshot
 * when the engine has not answered for two intervals. A frame the terminal is too busy to take
 * is skipped and drawn when it drains. At most one snapshot request is out at a time.
 */
export class FrameScheduler {
  private dirty = true;
  private pending = false;
  private pendingSince = 0;
  private again = false;
  private lastFrameAt = Number.NEGATIVE_INFINITY;
  /** A key's frame was skipped because the terminal was busy. */
  private keyWaiting = false;

  constructor(
    private readonly host: FrameHost,
    readonly frameMs: number,
  ) {}

  /** Something on screen changed: the next frame has to be drawn. */
  invalidate(): void {
    this.dirty = true;
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  /** Asks for a snapshot, or for another one right after the one that is out. */
  request(): void {
    if (this.pending) {
      this.again = true;
      return;
    }
    this.pending = true;
    this.pendingSince = this.host.now();
    this.host.requestSnapshot();
  }

  /** The engine answered; `changed` when its rows differ from what is drawn. */
  snapshotArrived(changed: boolean): void {
    this.pending = false;
    if (changed) this.dirty = true;
    if (this.again) {
      this.again = false;
      this.request();
    }
    // Fresh logs are drawn as soon as they are here, not at the next tick.
    if (this.dirty && this.host.now() - this.lastFrameAt >= this.frameMs / 2) this.drawNow();
  }

  /** A key was handled: what it changed is in the model, so draw it without waiting. */
  keyHandled(): void {
    if (this.dirty) this.drawNow();
    if (this.dirty) this.keyWaiting = true;
    this.request();
  }

  /** The screen changed size: everything is drawn again. */
  resized(): void {
    this.dirty = true;
    this.drawNow();
    this.request();
  }

  /** The terminal took the last frame. A skipped key frame is drawn now; other changes wait for fresh rows. */
  drained(): void {
    if (this.keyWaiting) this.drawNow();
    if (this.dirty) this.request();
  }

  /** Called every `frameMs`. */
  tick(): void {
    this.request();
    if (this.dirty && this.pending && this.host.now() - this.pendingSince > 2 * this.frameMs) this.drawNow();
  }

  private drawNow(): void {
    if (this.host.terminalBusy()) return;
    this.dirty = false;
    this.keyWaiting = false;
    try {
      this.host.draw();
    } finally {
      this.lastFrameAt = this.host.now();
    }
  }
}

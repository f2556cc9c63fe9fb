import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameScheduler, type FrameHost } from './frame-scheduler.js';

/** A host with a hand-moved clock that records what the scheduler asked for. */
function host(): FrameHost & { t: number; busy: boolean; frames: number; requests: number } {
  const h = {
    t: 0,
    busy: false,
    frames: 0,
    requests: 0,
    now: () => h.t,
    terminalBusy: () => h.busy,
    draw: () => void h.frames++,
    requestSnapshot: () => void h.requests++,
  };
  return h;
}

describe('FrameScheduler', () => {
  it('keeps at most one snapshot request out, and asks again once it is answered', () => {
    const h = host();
    const s = new FrameScheduler(h, 33);
    s.request();
    s.request();
    s.request();
    assert.equal(h.requests, 1);
    s.snapshotArrived(false);
    assert.equal(h.requests, 2, 'the requests made meanwhile become one more');
    s.snapshotArrived(false);
    assert.equal(h.requests, 2);
  });

  it('draws a changed snapshot at once, but never twice within half a frame interval', () => {
    const h = host();
    const s = new FrameScheduler(h, 40);
    s.request();
    s.snapshotArrived(true);
    assert.equal(h.frames, 1);
    h.t = 10;
    s.request();
    s.snapshotArrived(true);
    assert.equal(h.frames, 1, 'too soon after the last frame');
    h.t = 25;
    s.request();
    s.snapshotArrived(false);
    assert.equal(h.frames, 2, 'still dirty: drawn once half an interval has passed');
  });

  it('draws nothing when nothing changed', () => {
    const h = host();
    const s = new FrameScheduler(h, 40);
    s.request();
    s.snapshotArrived(true);
    for (let i = 1; i <= 10; i++) {
      h.t = i * 40;
      s.tick();
      s.snapshotArrived(false);
    }
    assert.equal(h.frames, 1);
    assert.equal(h.requests, 11, 'every tick asks for fresh rows');
  });

  it('draws a key at once, and when the terminal is busy, as soon as it drains', () => {
    const h = host();
    const s = new FrameScheduler(h, 40);
    s.invalidate();
    s.keyHandled();
    assert.equal(h.frames, 1);
    h.busy = true;
    s.invalidate();
    s.keyHandled();
    assert.equal(h.frames, 1, 'skipped: the terminal has not taken the last frame');
    h.busy = false;
    s.drained();
    assert.equal(h.frames, 2);
  });

  it('draws from the last snapshot when the engine has not answered for two intervals', () => {
    const h = host();
    const s = new FrameScheduler(h, 40);
    s.request();
    s.snapshotArrived(true);
    const drawn = h.frames;
    s.invalidate();
    h.t = 50;
    s.tick();
    assert.equal(h.frames, drawn, 'a request is out: wait for it');
    h.t = 131;
    s.tick();
    assert.equal(h.frames, drawn + 1);
  });

  it('redraws on resize even when nothing else changed', () => {
    const h = host();
    const s = new FrameScheduler(h, 40);
    s.request();
    s.snapshotArrived(true);
    s.resized();
    assert.equal(h.frames, 2);
  });

  it('keeps its state when a frame throws', () => {
    const h = host();
    const s = new FrameScheduler(
      {
        ...h,
        draw: () => {
          throw new Error('boom');
        },
      },
      40,
    );
    assert.throws(() => s.resized(), /boom/);
    assert.equal(s.isDirty, false);
    s.invalidate();
    assert.equal(s.isDirty, true);
  });
});

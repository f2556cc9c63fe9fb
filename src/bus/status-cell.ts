import type { BusState, BusStatus } from './bus.js';

/** Holds a bus's status and tells listeners when it changes. */
export interface StatusCell {
  get(): BusStatus;
  /** Moves to `state`; listeners hear about it only if the state or the error text changed. */
  set(state: BusState, error?: string): void;
  listen(listener: (status: BusStatus) => void): () => void;
}

/** Creates a status cell starting in `initial`; `now` is injectable for tests. */
export function createStatusCell(initial: BusState, now: () => number = Date.now): StatusCell {
  let status: BusStatus = { state: initial, since: now() };
  const listeners = new Set<(status: BusStatus) => void>();

  return {
    get: () => status,
    set(state, error) {
      if (status.state === 'closed') return;
      if (state === status.state && error === status.error) return;
      const since = state === status.state ? status.since : now();
      status = error === undefined ? { state, since } : { state, since, error };
      // A copy, so a listener that unsubscribes itself does not disturb the loop.
      for (const listener of [...listeners]) {
        try {
          listener(status);
        } catch (err) {
          // Status listeners run inside client event callbacks; a throw there must not escape.
          console.error('bus status listener threw:', err);
        }
      }
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

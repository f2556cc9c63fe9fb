import { SELECTION_FREE, type Command } from '../keys/commands.js';

/*
 * Keys typed ahead of the engine. `n`, a search, `]` and a time jump move the selection only when
 * the engine answers; a key typed before that (`n n`, `n` Enter) would act on the selection
 * still in place. So while such a request is on its way, the keys that read or move the
 * selection wait here, in the order typed, and act once the answer is in and the list's rows around
 * the new selection have come (`j` reads them); the others act at once when no key waits ahead
 * of them, Ctrl-C even then. An engine that does not answer in time leaves no key waiting for
 * ever: they are dropped and the user told (rows late after an answer only let them act as they
 * would have without waiting).
 */

/** How long typed keys wait for the engine's answer before they are dropped. */
export const ANSWER_WAIT_MS = 2000;
/** Keys that wait at most; a key beyond them is dropped (and the user told). */
export const MAX_WAITING_KEYS = 256;

/** How a key acts while the selection waits for the engine: see SELECTION_FREE. */
export type KeyKind = 'quit' | 'free' | 'waits';

/**
 * The kind of a key, from the command it has in the current mode (none: it types text or does
 * nothing) and the one it has in every mode alike.
 */
export function keyKind(here: Command | undefined, everywhere: Command | undefined): KeyKind {
  if (everywhere === 'quit') return 'quit';
  return here === undefined || SELECTION_FREE.has(here) ? 'free' : 'waits';
}

/** The status line's words for keys given up (see KeyGateDeps.dropped). */
export function droppedNotice(count: number, why: 'late' | 'full'): string {
  if (why === 'full') return 'too many keys typed ahead of the engine: key dropped';
  const keys = `${count} key${count === 1 ? '' : 's'}`;
  return `no answer from the engine in ${ANSWER_WAIT_MS / 1000} s: ${keys} typed meanwhile dropped`;
}

/** What the gate needs from the app; `act` must not throw (the app contains what it runs). */
export interface KeyGateDeps<K> {
  now(): number;
  /** The key's kind in the app's current mode. */
  kind(key: K): KeyKind;
  /** Handles a key; a request it posts that moves the selection is announced with `waitFor`. */
  act(key: K): void;
  /** Whether the rows the app holds are those around the selection (checked after an answer). */
  settled(): boolean;
  /** Waiting keys given up: the engine did not answer in time (`late`), or too many waited (`full`). */
  dropped(count: number, why: 'late' | 'full'): void;
}

/** Holds keys while a request that moves the selection is unanswered, and replays them after. */
export class KeyGate<K> {
  private awaiting: { id: number; since: number; answered: boolean } | undefined;
  private readonly held: K[] = [];
  private replaying = false;

  constructor(
    private readonly deps: KeyGateDeps<K>,
    private readonly waitMs = ANSWER_WAIT_MS,
  ) {}

  /** Keys waiting for an answer. */
  get waiting(): number {
    return this.held.length;
  }

  /** A key typed: acted on at once, or held behind the answer (and the keys held before it). */
  key(key: K): void {
    const kind = this.deps.kind(key);
    if (kind === 'quit' || (this.held.length === 0 && (this.awaiting === undefined || kind === 'free'))) {
      this.deps.act(key);
      return;
    }
    if (this.held.length >= MAX_WAITING_KEYS) {
      this.deps.dropped(1, 'full');
      return;
    }
    this.held.push(key);
  }

  /** The request `id`, just posted, moves the selection: keys wait for its answer. */
  waitFor(id: number): void {
    this.awaiting = { id, since: this.deps.now(), answered: false };
  }

  /**
   * The answer to `id` has been applied: once the rows around the new selection are in too,
   * the waiting keys act, up to the next request that moves the selection.
   */
  answered(id: number): void {
    if (this.awaiting?.id !== id) return;
    this.awaiting.answered = true;
    this.replay();
  }

  /** New rows came: keys waiting for them after an answer act if they are the right ones. */
  rowsArrived(): void {
    if (this.awaiting?.answered === true) this.replay();
  }

  /**
   * Called often (each frame tick): an answer overdue drops the keys waiting for it; rows
   * overdue after an answer let them act on the rows there are.
   */
  tick(): void {
    if (this.awaiting === undefined || this.deps.now() - this.awaiting.since < this.waitMs) return;
    if (this.awaiting.answered) {
      this.replay(true);
      return;
    }
    this.awaiting = undefined;
    const count = this.held.splice(0).length;
    if (count > 0) this.deps.dropped(count, 'late');
  }

  private replay(anyway = false): void {
    // A key replayed may itself bring an answer in (never synchronously from a real engine, but
    // a loop inside a loop would replay keys out of order): this loop goes on with it.
    if (this.replaying) return;
    this.replaying = true;
    try {
      for (let force = anyway; ; force = false) {
        if (this.awaiting !== undefined) {
          if (!this.awaiting.answered || !(force || this.deps.settled())) return;
          this.awaiting = undefined;
        }
        const key = this.held.shift();
        if (key === undefined) return;
        this.deps.act(key);
      }
    } finally {
      this.replaying = false;
    }
  }
}

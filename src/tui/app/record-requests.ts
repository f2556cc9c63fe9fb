import type { LogRecord } from '../../protocol/log-record.js';

/** What a record was asked for: a copy of its message, a copy as JSON, or the detail view. */
export type RecordPurpose = 'message' | 'json' | 'detail';

/** The record requests out at the engine, by id, so each answer goes where it was wanted. */
export class RecordRequests {
  private nextId = 1;
  private readonly pending = new Map<number, { purpose: RecordPurpose; seq: number }>();

  /** Registers a request; returns the id to send with it. */
  open(purpose: RecordPurpose, seq: number): number {
    const id = this.nextId++;
    this.pending.set(id, { purpose, seq });
    return id;
  }

  /** An id for a request whose answer needs no routing. */
  id(): number {
    return this.nextId++;
  }

  /** The answer to request `id`, with what it was for; undefined for unknown ids. */
  settle(
    id: number,
    record: LogRecord | undefined,
  ): { purpose: RecordPurpose; seq: number; record: LogRecord | undefined } | undefined {
    const pending = this.pending.get(id);
    if (pending === undefined) return undefined;
    this.pending.delete(id);
    return { ...pending, record };
  }
}

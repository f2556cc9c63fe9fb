import type { ServerSink } from './line-sources.js';
import { publishBatch, type BatchOutcome, type PublishBatchOptions } from './publish-batch.js';
import { RecordJoiner, type IngestEvent } from './record-joiner.js';

/**
 * Publishes the events of one answered batch (an HTTP body, an acknowledged forward chunk)
 * with the stack-trace lines among them joined per stream, and nothing held once it returns:
 * what the batch's last lines started is sent at its end, so an answer of success means every
 * record was handed to the sink. The joiner is the batch's own; a stack trace that a sender
 * splits across two batches becomes two logs.
 *
 * `accepted` counts leading events of the batch whose records were all handed over: a record
 * the sink dropped, or one still held when publishing stopped, sets it back to the event that
 * started that record, so that a sender resending from `accepted` loses nothing. Records of
 * other streams published after that point (a body that interleaves streams) are then sent twice.
 */
export async function publishJoined(
  count: number,
  eventAt: (i: number) => IngestEvent,
  sink: ServerSink,
  opts: PublishBatchOptions,
): Promise<BatchOutcome> {
  let lost = Infinity;
  const joiner = new RecordJoiner({
    publish: (wire, head) => {
      const before = sink.dropped();
      const more = sink.publish(wire);
      if (sink.dropped() > before) lost = Math.min(lost, head.index ?? 0);
      return more;
    },
  });
  const outcome = await publishBatch(count, (i) => joiner.push({ ...eventAt(i), index: i }), sink, opts);
  if (outcome.ok) {
    joiner.flushAll();
    if (lost === Infinity) return outcome;
    return { ok: false, accepted: lost, stop: sink.connected() ? 'refused' : 'queue-full' };
  }
  // What is still held is never sent: the sender sends it again.
  const held = joiner.heldHeads().reduce((min, head) => Math.min(min, head.index ?? 0), Infinity);
  return { ...outcome, accepted: Math.min(outcome.accepted, lost, held) };
}

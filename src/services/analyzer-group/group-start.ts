import type { RespReply } from '../../bus/resp/resp-parser.js';
import { compareIds } from '../../bus/stream-position.js';
import { entryIdMs, lastDeliveredId, oldestPendingId, readGroupReply } from '../../bus/stream-group.js';
import { windowStartOf } from '../../core/group-windows.js';
import type { GroupKeys } from './group-keys.js';
import type { GroupTiming } from './group-timing.js';

/** The ID of the group's oldest entry not acknowledged yet, pending or not yet read; undefined when none is left. */
export async function oldestUnacked(
  send: (args: string[]) => Promise<RespReply | undefined>,
  keys: GroupKeys,
): Promise<string | undefined> {
  let oldest = oldestPendingId((await send(['XPENDING', keys.stream, keys.group])) ?? null);
  const delivered = lastDeliveredId((await send(['XINFO', 'GROUPS', keys.stream])) ?? null, keys.group);
  if (delivered !== undefined) {
    const after = await send(['XRANGE', keys.stream, `(${delivered}`, '+', 'COUNT', '1']);
    const first = readGroupReply([[null, after ?? null]])[0];
    if (first !== undefined && (oldest === undefined || compareIds(first.id, oldest) < 0)) oldest = first.id;
  }
  return oldest;
}

/**
 * Where publication starts when the group has no `next` yet: at the window of `nowMs`, or of
 * the oldest entry the group has not acknowledged (a group created earlier, or whose state
 * expired), less the lateness, as one analyzer started then would have accepted it.
 */
export async function firstWindow(
  send: (args: string[]) => Promise<RespReply | undefined>,
  keys: GroupKeys,
  timing: GroupTiming,
  nowMs: number,
): Promise<number> {
  const oldest = await oldestUnacked(send, keys);
  const from = oldest === undefined ? nowMs : Math.min(nowMs, entryIdMs(oldest));
  return windowStartOf(from - timing.latenessMs, timing.windowMs);
}

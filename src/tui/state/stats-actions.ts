import type { Payload } from '../../protocol/payload.js';
import { readStats } from '../../protocol/stats-codec.js';
import type { Action } from './actions.js';

/**
 * What one message on the stats channel does to the UI: the windows that make sense arrive,
 * the refused ones are counted (a message that cannot be read at all counts as one) and the
 * first reason is shown. Never throws.
 */
export function statsActions(payload: Payload, now: number): Action[] {
  let decoded;
  try {
    decoded = readStats(payload);
  } catch (err) {
    const reason = `ignored a malformed message on the stats channel: ${err instanceof Error ? err.message : String(err)}`;
    return [{ type: 'statsRejected', count: 1, reason, now }];
  }
  const actions: Action[] = [];
  if (decoded.windows.length > 0) actions.push({ type: 'statsArrived', windows: decoded.windows });
  const first = decoded.rejected[0];
  if (first !== undefined)
    actions.push({
      type: 'statsRejected',
      count: decoded.rejected.length,
      reason: `ignored on the stats channel: ${first.reason}`,
      now,
    });
  return actions;
}

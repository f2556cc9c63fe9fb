import { entryPayload } from './stream-position.js';
import { RespError, type RespReply } from './resp/resp-parser.js';

/** One entry delivered to a consumer of a group; `payload` undefined for an entry of another shape or a deleted one. */
export interface GroupStreamEntry {
  id: string;
  payload: Buffer | undefined;
}

const text = (r: RespReply | undefined): string | undefined =>
  Buffer.isBuffer(r) ? r.toString('latin1') : typeof r === 'string' ? r : undefined;

function entries(list: RespReply | undefined): GroupStreamEntry[] {
  const out: GroupStreamEntry[] = [];
  if (!Array.isArray(list)) return out;
  for (const raw of list) {
    if (!Array.isArray(raw)) continue;
    const id = text(raw[0]);
    if (id !== undefined) out.push({ id, payload: entryPayload(raw[1] ?? null) });
  }
  return out;
}

/** The entries of an XREADGROUP reply for one stream (null, a timeout, is none). */
export function readGroupReply(reply: RespReply): GroupStreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const first = reply[0];
  return Array.isArray(first) ? entries(first[1]) : [];
}

/** An XAUTOCLAIM reply: where to go on, the entries claimed, and the IDs that were deleted meanwhile (Redis 7). */
export interface AutoclaimReply {
  cursor: string;
  entries: GroupStreamEntry[];
  deleted: string[];
}

/** Reads an XAUTOCLAIM reply; undefined when it is not one. */
export function autoclaimReply(reply: RespReply): AutoclaimReply | undefined {
  if (!Array.isArray(reply)) return undefined;
  const cursor = text(reply[0]);
  if (cursor === undefined) return undefined;
  const deleted = Array.isArray(reply[2]) ? reply[2].map(text).filter((id) => id !== undefined) : [];
  return { cursor, entries: entries(reply[1]), deleted };
}

/** Milliseconds part of a stream entry ID (`ms-seq`): when Redis added the entry. */
export function entryIdMs(id: string): number {
  const dash = id.indexOf('-');
  return Number(dash < 0 ? id : id.slice(0, dash));
}

/** `XGROUP CREATE key group $ MKSTREAM`: the group reads what is added from now on; creating it twice is no error. */
export function createGroupArgs(key: string, group: string): string[] {
  return ['XGROUP', 'CREATE', key, group, '$', 'MKSTREAM'];
}

/** True for the reply of `createGroupArgs`: created, or there already. */
export function groupCreated(reply: RespReply): boolean {
  return !(reply instanceof RespError) || reply.message.startsWith('BUSYGROUP');
}

/** True for the error a read or claim gets when the group (or its stream) is gone: create it again. */
export function isNoGroup(reply: RespReply): boolean {
  return reply instanceof RespError && reply.message.startsWith('NOGROUP');
}

/** The `last-delivered-id` of `group` in an XINFO GROUPS reply; undefined when the group is not there. */
export function lastDeliveredId(reply: RespReply, group: string): string | undefined {
  if (!Array.isArray(reply)) return undefined;
  for (const info of reply) {
    if (!Array.isArray(info)) continue;
    const fields = new Map<string, RespReply>();
    for (let i = 0; i + 1 < info.length; i += 2) {
      const name = text(info[i]);
      if (name !== undefined) fields.set(name, info[i + 1] ?? null);
    }
    if (text(fields.get('name')) === group) return text(fields.get('last-delivered-id'));
  }
  return undefined;
}

/** The smallest pending ID of an XPENDING summary reply; undefined when nothing is pending. */
export function oldestPendingId(reply: RespReply): string | undefined {
  return Array.isArray(reply) ? text(reply[1] ?? undefined) : undefined;
}

import { decodeLog, type DecodeOptions } from './log-decode.js';
import type { LogRecord } from './log-record.js';
import type { Payload } from './payload.js';

/** Turns a payload into the record consumers read (without `fields`); the record must not be changed. */
export type SkipFieldsDecoder = (payload: Payload, arrivalMs: number) => LogRecord;

/** `decodeLog(payload, arrivalMs, { skipFields: true })`, for one consumer. */
export const decodeSkippingFields: SkipFieldsDecoder = (payload, arrivalMs) =>
  decodeLog(payload, arrivalMs, { skipFields: true });

/** `decodeLog(payload, arrivalMs, { skipFields: true, maxLineBytes })`: `decodeSkippingFields` without a limit. */
export function skipFieldsDecoder(maxLineBytes?: number): SkipFieldsDecoder {
  if (maxLineBytes === undefined) return decodeSkippingFields;
  const options: DecodeOptions = { skipFields: true, maxLineBytes };
  return (payload, arrivalMs) => decodeLog(payload, arrivalMs, options);
}

/**
 * A decoder for consumers in one thread that receive the same payloads one after the other
 * (the analyzer and the collector on the in-memory bus, in embedded and local mode): it
 * remembers the last payload and hands the second consumer the record the first one got.
 * Decoding was the largest part of that thread's time (the embedded scenario of `npm run bench`),
 * and every log was decoded twice. A payload is the same when it is the same
 * string or Buffer object; an arrival time only matters to a log without a time of its own.
 */
export function createSharedDecoder(decode: SkipFieldsDecoder = decodeSkippingFields): SkipFieldsDecoder {
  let lastPayload: Payload | undefined;
  let lastArrival = 0;
  let lastRecord: LogRecord | undefined;
  return (payload, arrivalMs) => {
    // Strings compare by value: equal text decodes to an equal record, so that is fine too.
    if (lastRecord !== undefined && payload === lastPayload && (lastRecord.timeFromEvent || arrivalMs === lastArrival))
      return lastRecord;
    lastRecord = decode(payload, arrivalMs);
    lastPayload = payload;
    lastArrival = arrivalMs;
    return lastRecord;
  };
}

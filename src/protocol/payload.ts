/** What travels on a channel: text, or the raw bytes a Redis subscriber received. */
export type Payload = string | Buffer;

/** The payload as text (UTF-8; invalid sequences become U+FFFD). */
export function payloadText(payload: Payload): string {
  return typeof payload === 'string' ? payload : payload.toString('utf8');
}

/** What travels on a channel: text, or the raw bytes a Redis subscriber received. */
export type Payload = string | Buffer;

/** The payload as text (UTF-8; invalid sequences become U+FFFD). */
export function payloadText(payload: Payload): string {
  // Without arguments toString goes straight to the UTF-8 decoder (the encoding lookup costs
  // as much again on a ~350-byte log).
  return typeof payload === 'string' ? payload : payload.toString();
}

import { encodeLog } from '../../src/protocol/log-encode.js';
import { createLogGenerator } from '../../src/sources/generator.js';

/** A typical log line of ~225 bytes, the size the baselines are quoted for. */
export const SAMPLE_LOG = JSON.stringify({
  timestamp: '2026-11-28T11:00:00.123456',
  level: 'ERROR',
  service: 'payment-service',
  message: 'Payment 4f3a9c21e0b7 declined for user 48213 after 182ms',
  latency_ms: 182.4,
  trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
});

/** Length of the sender's timestamp text (`2026-11-28T11:00:00.123456`). */
export const TIMESTAMP_LENGTH = 26;

/**
 * `n` realistic logs from the product's own generator, encoded for the wire. Every one starts
 * with `{"timestamp":"` and a fixed-length timestamp, so a publisher can overwrite it in place.
 */
export function realisticLogs(n: number, seed = 'bench'): string[] {
  const generator = createLogGenerator({ seed });
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(encodeLog(generator.next(Date.now())));
  return out;
}

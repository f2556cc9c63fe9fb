import type { Level } from '../protocol/level.js';
import type { LogRecord } from '../protocol/log-record.js';

/** A LogRecord for tests, with defaults for everything not given. */
export function testLog(message: string, over: Partial<LogRecord> & { level?: Level } = {}): LogRecord {
  return {
    time: 1_764_327_600_000,
    timeFromEvent: true,
    level: 'info',
    service: 'auth-service',
    message,
    latencyMs: undefined,
    fields: undefined,
    plain: false,
    raw: JSON.stringify({ message }),
    ...over,
  };
}

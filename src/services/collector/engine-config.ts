import type { RedisBusOptions } from '../../bus/redis-bus.js';
import type { LineInput } from '../../ingest/line-sources.js';

/** Redis options that can cross into a worker thread (no functions). */
export type CloneableRedisOptions = Omit<RedisBusOptions, 'onError'>;

/** Where the collector's engine gets its logs: Redis, the embedded all-in-one pipeline, or local inputs (stdin, files). */
export type EngineConfig =
  | { mode: 'redis'; redis: CloneableRedisOptions; logsChannel: string; statsChannel: string; capacity: number }
  | {
      mode: 'embedded';
      logsChannel: string;
      statsChannel: string;
      capacity: number;
      sender: { rate: number; seed?: string; services?: string[] };
    }
  | { mode: 'local'; inputs: LineInput[]; service?: string; logsChannel: string; statsChannel: string; capacity: number };

import type { RedisBusOptions } from '../../bus/redis-bus.js';

/** Redis options that can cross into a worker thread (no functions). */
export type CloneableRedisOptions = Omit<RedisBusOptions, 'onError'>;

/** Where the collector's engine gets its logs: Redis, or the embedded all-in-one pipeline. */
export type EngineConfig =
  | { mode: 'redis'; redis: CloneableRedisOptions; logsChannel: string; statsChannel: string; capacity: number }
  | {
      mode: 'embedded';
      logsChannel: string;
      statsChannel: string;
      capacity: number;
      sender: { rate: number; seed?: string; services?: string[] };
    };

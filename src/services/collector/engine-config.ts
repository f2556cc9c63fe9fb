import type { OpenBusOptions } from '../../bus/open-bus.js';
import type { LineInput } from '../../ingest/line-sources.js';

/** Redis options that can cross into a worker thread (no functions). */
export type CloneableRedisOptions = Omit<OpenBusOptions, 'onError' | 'node'>;

/** What every engine mode shares. */
interface EngineCommon {
  logsChannel: string;
  statsChannel: string;
  capacity: number;
  /** Logs above this many bytes are cut and kept as plain text (`--max-line-bytes`). */
  maxLineBytes?: number;
}

/** Where the collector's engine gets its logs: Redis, the embedded all-in-one pipeline, or local inputs (stdin, files). */
export type EngineConfig =
  | ({ mode: 'redis'; redis: CloneableRedisOptions } & EngineCommon)
  | ({ mode: 'embedded'; sender: { rate: number; seed?: string; services?: string[] } } & EngineCommon)
  | ({ mode: 'local'; inputs: LineInput[]; service?: string } & EngineCommon);

import type { OpenBusOptions } from '../../bus/open-bus.js';
import type { TimeRange } from '../../core/time-bound.js';
import type { LineInput } from '../../ingest/line-sources.js';

/** Redis options that can cross into a worker thread (no functions). */
export type CloneableRedisOptions = Omit<OpenBusOptions, 'onError' | 'node' | 'onNotice'>;

/** What every engine mode shares. */
interface EngineCommon {
  logsChannel: string;
  statsChannel: string;
  capacity: number;
  /** Logs above this many bytes are cut and kept as plain text (`--max-line-bytes`). */
  maxLineBytes?: number;
  /** Only logs whose own time is in this range are kept (`--since`/`--until`, epoch ms). */
  range?: TimeRange;
}

/** Where the collector's engine gets its logs: Redis, the embedded all-in-one pipeline, or local inputs (stdin, files). */
export type EngineConfig =
  | ({ mode: 'redis'; redis: CloneableRedisOptions } & EngineCommon)
  | ({ mode: 'embedded'; sender: { rate: number; seed?: string; services?: string[] } } & EngineCommon)
  | ({ mode: 'local'; inputs: LineInput[]; service?: string } & EngineCommon)
  /** `view FILE...` of regular files: every line indexed and kept navigable (`capacity` is not used). */
  | ({ mode: 'files'; paths: string[]; service?: string } & EngineCommon);

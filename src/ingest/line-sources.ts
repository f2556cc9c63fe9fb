import type { LogRecord } from '../protocol/log-record.js';
import { readFd, stdinDescriptor, type FdReader } from './fd-reader.js';
import { followFile, type Follower } from './file-follower.js';
import { isGzipPath, readGzipFile, type GzipReader } from './gzip-reader.js';
import { LinePipeline, newCounters, serviceFromPath, type IngestCounters } from './line-pipeline.js';

/** A line source: stdin, or a file followed by name (a `.gz` file is inflated and read once). */
export type LineInput = { kind: 'stdin' } | { kind: 'file'; path: string };

/** Where normalised logs go: `publish` false means wait for `drain()`. */
export interface WireSink {
  publish(wire: string): boolean;
  drain(): Promise<void>;
}

/**
 * The sink of the ingest servers, which answer for what they accepted (an HTTP status, a
 * forward `ack`) and so must know when the sink lost something.
 */
export interface ServerSink extends WireSink {
  /**
   * Logs the sink has given up on so far (Redis unreachable and its queue full); only grows. A
   * log refused by `publish` is counted before `publish` returns (see publish-batch.ts).
   */
  dropped(): number;
  /** False while it cannot deliver (Redis unreachable): `drain()` would wait for Redis to return. */
  connected(): boolean;
}

export interface LineSourcesOptions {
  inputs: LineInput[];
  sink: WireSink;
  /** Takes the logs as records instead of `sink.publish` taking their wire form (see LinePipelineOptions). */
  publishRecord?: ((log: LogRecord) => boolean) | undefined;
  /** `--service`: overrides the service of every log. */
  service?: string | undefined;
  /** Follow files like `tail -F` (default true); false reads each to its end once. */
  follow?: boolean;
  pollMs?: number;
  maxLineBytes?: number;
  /** Bytes asked of each read of a file (default 64 KiB); larger reads cost fewer trips to the thread pool. */
  chunkBytes?: number;
}

/** Running line sources; `done` resolves when every input has ended (never while following files). */
export interface LineSources {
  counters: IngestCounters;
  done: Promise<void>;
  /** Stops reading and emits what is held (an unfinished line, a pending stack trace). */
  stop(): Promise<void>;
}

/** Default service of logs read from stdin that name none. */
export const STDIN_SERVICE = 'stdin';

/** Starts reading every input into the sink; several files are merged in arrival order. */
export function startLineSources(opts: LineSourcesOptions): LineSources {
  const counters = newCounters();
  const stoppers: Array<() => void> = [];
  const pipelines: LinePipeline[] = [];
  const runs = opts.inputs.map((input) => {
    const pipeline = new LinePipeline({
      naming: {
        override: opts.service,
        fallback: input.kind === 'stdin' ? STDIN_SERVICE : serviceFromPath(input.path),
      },
      publish: (wire) => opts.sink.publish(wire),
      publishRecord: opts.publishRecord,
      counters,
      ...(opts.maxLineBytes !== undefined ? { maxLineBytes: opts.maxLineBytes } : {}),
    });
    pipelines.push(pipeline);
    const onData = (chunk: Buffer): Promise<void> | undefined => (pipeline.push(chunk) ? undefined : opts.sink.drain());
    let reader: FdReader | Follower | GzipReader;
    if (input.kind === 'stdin') {
      const stdin = stdinDescriptor();
      reader = readFd(stdin.fd, onData, { close: stdin.owned });
    } else if (isGzipPath(input.path)) {
      // A compressed file is an archive: read once, inflated, never followed.
      reader = readGzipFile(input.path, onData);
    } else {
      reader = followFile({
        path: input.path,
        onData,
        // An unfinished last line belongs to the old file: it ends there.
        onBreak: (event) => (event === 'opened' || pipeline.end() ? undefined : opts.sink.drain()),
        follow: opts.follow ?? true,
        ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
        ...(opts.chunkBytes !== undefined ? { chunkBytes: opts.chunkBytes } : {}),
      });
    }
    stoppers.push(() => reader.stop());
    return reader.done.then(() => {
      if (!pipeline.end()) return opts.sink.drain();
      return undefined;
    });
  });
  const done = Promise.all(runs).then(() => undefined);
  return {
    counters,
    done,
    async stop() {
      for (const stop of stoppers) stop();
      for (const p of pipelines) p.close();
      // A blocked read (of a terminal or a socket on stdin) cannot be interrupted; the process exit ends it.
      await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 300).unref())]);
    },
  };
}

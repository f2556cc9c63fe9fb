import type { Bus } from '../bus/bus.js';
import { startLineSources, type LineInput, type LineSources } from './line-sources.js';

/** Options of the collector's local mode (what crosses into its worker thread). */
export interface LocalModeOptions {
  inputs: LineInput[];
  service?: string;
  /** Longer lines are cut (default 256 KiB). */
  maxLineBytes?: number;
}

/**
 * The collector's local mode (`cmd | logstream`, `logstream view FILE`): the inputs are read,
 * normalised and published on the in-memory bus's logs channel, where the analyzer and the
 * engine pick them up. Publishing waits for the bus to drain, so a fast pipe is slowed to
 * what the engine takes rather than dropped.
 */
export function startLocalSources(bus: Bus, logsChannel: string, opts: LocalModeOptions): LineSources {
  return startLineSources({
    inputs: opts.inputs,
    service: opts.service,
    ...(opts.maxLineBytes !== undefined ? { maxLineBytes: opts.maxLineBytes } : {}),
    sink: { publish: (wire) => bus.publish(logsChannel, wire), drain: () => bus.drain() },
  });
}

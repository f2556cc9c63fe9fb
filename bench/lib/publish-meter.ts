import type { RedisProbe } from './redis.js';

/** PUBLISH commands Redis processed while a meter ran, and the rate while they were flowing. */
export interface PublishCount {
  published: number;
  /** From the first sample that saw a publish to the one that saw the last, seconds. */
  activeSeconds: number;
  /** published / activeSeconds. */
  rate: number;
}

const POLL_MS = 50;

/**
 * Polls `INFO commandstats` every 50 ms: the server's own count of PUBLISH commands, so the
 * measurement costs no subscriber and nothing in the publisher.
 */
export class PublishMeter {
  private readonly samples: { at: number; calls: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();

  private constructor(private readonly probe: RedisProbe) {}

  /** Takes the first sample and starts polling. */
  static async start(probe: RedisProbe): Promise<PublishMeter> {
    const meter = new PublishMeter(probe);
    await meter.poll();
    meter.timer = setInterval(() => {
      meter.polling = meter.poll();
    }, POLL_MS);
    return meter;
  }

  private async poll(): Promise<void> {
    const calls = await this.probe.publishCalls().catch(() => undefined);
    if (calls !== undefined) this.samples.push({ at: performance.now(), calls });
  }

  /** Publishes counted so far. */
  published(): number {
    const first = this.samples[0]?.calls ?? 0;
    return (this.samples.at(-1)?.calls ?? first) - first;
  }

  /** Stops polling and returns the count and active rate. */
  async stop(): Promise<PublishCount> {
    clearInterval(this.timer);
    await this.polling;
    await this.poll();
    const base = this.samples[0]?.calls ?? 0;
    const final = this.samples.at(-1)?.calls ?? base;
    // The publishing started somewhere between the last quiet sample and the first busy one: take the middle.
    const firstBusy = this.samples.findIndex((s) => s.calls > base);
    const lastBusy = this.samples.findIndex((s) => s.calls >= final);
    const start =
      firstBusy > 0 ? ((this.samples[firstBusy - 1]?.at ?? 0) + (this.samples[firstBusy]?.at ?? 0)) / 2 : Number.NaN;
    const end =
      lastBusy > 0 ? ((this.samples[lastBusy - 1]?.at ?? 0) + (this.samples[lastBusy]?.at ?? 0)) / 2 : Number.NaN;
    const activeSeconds = (end - start) / 1000;
    return {
      published: final - base,
      activeSeconds,
      rate: activeSeconds > 0 ? (final - base) / activeSeconds : Number.NaN,
    };
  }
}
